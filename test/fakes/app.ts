// Test apps: the real pipeline over the demo company, on a memory store or a real file, with a fake clock.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, appOver, openApp, seedData } from '../../src/app/app.ts';
import { fakeClock } from '../../src/app/clock.ts';
import type { Identity } from '../../src/app/identity.ts';
import type { SecurityLog } from '../../src/app/security-log.ts';
import type { AuditEvent, StoreData } from '../../src/domain/schemas.ts';
import { readJsonStore } from '../../src/store/inspect.ts';
import { auditPathOf, journalPathOf } from '../../src/store/load-errors.ts';
import type { Store } from '../../src/store/store.ts';
import { renderText } from '../../src/views/render-text.ts';
import type { CommandRef } from '../../src/views/view.ts';
import type { Reach } from '../../src/workflow/outbox.ts';
import { createMemoryStore } from './memory-store.ts';

/** The demo file's own day, so dates in tests read the same as in data/demo.json. */
export const DEMO_DAY = '2026-11-28T12:00:00Z';

export const recordingLog = () => {
  const entries: Array<Record<string, string | undefined>> = [];
  const log: SecurityLog = { denied: (e) => entries.push(e) };
  return { log, entries };
};

export const asConsole = (email: string, companyId?: string): Identity => ({
  chat: 'console',
  email,
  ...(companyId ? { companyId } : {}),
});

export type TestApp = App & {
  clock: ReturnType<typeof fakeClock>;
  denied: Array<Record<string, string | undefined>>;
  /** Types a line as `email`; returns the outcome and the reply as plain text. */
  say(
    email: string,
    line: string,
  ): Promise<{ ok: boolean; text: string; outcome: Awaited<ReturnType<App['run']>> }>;
  press(
    email: string,
    ref: CommandRef,
  ): Promise<{ ok: boolean; text: string; outcome: Awaited<ReturnType<App['run']>> }>;
  /** A copy of the committed state, with every company's audit trail (read from the audit log) as `audit`. */
  data(): Promise<StoreData & { audit: AuditEvent[] }>;
};

/** The state and, company after company, each one's audit trail as the audit log holds it. */
export async function dataWithAudit(store: Store): Promise<StoreData & { audit: AuditEvent[] }> {
  const data = await store.read((d) => structuredClone(d) as StoreData);
  const audit: AuditEvent[] = [];
  for (const c of data.companies) for await (const e of store.audit.all(c.id)) audit.push(e);
  return { ...data, audit };
}

function wrap(app: App, clock: ReturnType<typeof fakeClock>, entries: TestApp['denied']): TestApp {
  const go = async (email: string, input: Parameters<App['run']>[1]) => {
    const outcome = await app.run(asConsole(email), input);
    return { ok: outcome.result.ok, text: renderText(outcome.reply.view).text, outcome };
  };
  return Object.assign(app, {
    clock,
    denied: entries,
    say: (email: string, line: string) => go(email, { kind: 'text', text: line }),
    press: (email: string, ref: CommandRef) => go(email, { kind: 'command', ref }),
    data: () => dataWithAudit(app.store),
  });
}

/** The demo company in memory, as of DEMO_DAY. */
export function memoryApp(extra: (d: StoreData) => void = () => {}): TestApp {
  const clock = fakeClock(DEMO_DAY);
  const data = seedData(true, clock.now());
  extra(data);
  const { log, entries } = recordingLog();
  return wrap(appOver(createMemoryStore(data), { clock, securityLog: log }), clock, entries);
}

/**
 * The demo company on a real JSON store in a temp folder. `bytes()` reads the store's files (snapshot,
 * journal, audit log) as they are on disk; `disk()` reads the state and audit trail a restart would find.
 */
export async function fileApp(): Promise<
  TestApp & {
    file: string;
    bytes(): Promise<Buffer>;
    disk(): Promise<StoreData & { audit: AuditEvent[] }>;
    cleanup(): Promise<void>;
  }
> {
  const dir = await mkdtemp(join(tmpdir(), 'portal-app-'));
  const file = join(dir, 'db.json');
  const clock = fakeClock(DEMO_DAY);
  const { log, entries } = recordingLog();
  const app = await openApp({ dataFile: file, demo: true, clock, securityLog: log });
  return Object.assign(wrap(app, clock, entries), {
    file,
    bytes: async () =>
      Buffer.concat(
        await Promise.all(
          [file, journalPathOf(file), auditPathOf(file)].map((f) => readFile(f).catch(() => Buffer.alloc(0))),
        ),
      ),
    disk: async () => {
      const { data, audit } = await readJsonStore(file);
      return { ...data, audit };
    },
    cleanup: async () => {
      await app.close().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  });
}

/**
 * The demo company on a real store: the JSON store in a temp folder, or PostgreSQL when `databaseUrl` is
 * given; `reach` says what the outbox can reach besides the chats (email, links).
 */
export async function storeApp(
  opts: { databaseUrl?: string; reach?: Reach } = {},
): Promise<TestApp & { file: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'portal-app-'));
  const file = join(dir, 'db.json');
  const clock = fakeClock(DEMO_DAY);
  const { log, entries } = recordingLog();
  const app = await openApp({
    dataFile: file,
    ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
    demo: true,
    clock,
    securityLog: log,
    ...(opts.reach ? { reach: opts.reach } : {}),
  });
  return Object.assign(wrap(app, clock, entries), {
    /** The JSON store's file (unused on PostgreSQL). */
    file,
    cleanup: async () => {
      await app.close().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  });
}

// Test apps: the real pipeline over the demo company, on a memory store or a real file, with a fake clock.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, appOver, openApp, seedData } from '../../src/app/app.ts';
import { fakeClock } from '../../src/app/clock.ts';
import type { Identity } from '../../src/app/identity.ts';
import type { SecurityLog } from '../../src/app/security-log.ts';
import type { StoreData } from '../../src/domain/schemas.ts';
import { renderText } from '../../src/views/render-text.ts';
import type { CommandRef } from '../../src/views/view.ts';
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
  data(): Promise<StoreData>;
};

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
    data: () => app.store.read((d) => structuredClone(d) as StoreData),
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

/** The demo company on a real JSON file in a temp folder; `bytes()` reads the file as it is on disk. */
export async function fileApp(): Promise<
  TestApp & { file: string; bytes(): Promise<Buffer>; cleanup(): Promise<void> }
> {
  const dir = await mkdtemp(join(tmpdir(), 'portal-app-'));
  const file = join(dir, 'db.json');
  const clock = fakeClock(DEMO_DAY);
  const { log, entries } = recordingLog();
  const app = await openApp({ dataFile: file, demo: true, clock, securityLog: log });
  return Object.assign(wrap(app, clock, entries), {
    file,
    bytes: () => readFile(file),
    cleanup: async () => {
      await app.close().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  });
}

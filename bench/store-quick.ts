// A quick measure of the store's flatness (issue 10): one change small vs big, 50 concurrent writers,
// open time and resident memory of a big store. `node --expose-gc --import tsx bench/store-quick.ts`.
// With BENCH_DATABASE_URL (a server where databases can be created), the same on the PostgreSQL store:
// the JSON store is copied into a fresh database first. The real harness with targets and baselines is
// `npm run bench`; this one reports raw numbers.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openApp, seedData } from '../src/app/app.ts';
import { silentSecurityLog } from '../src/app/security-log.ts';
import { hashEvent } from '../src/domain/audit.ts';
import { copyJsonToPg } from '../src/store/pg/transfer.ts';

const ADMIN = { chat: 'console' as const, email: 'alexw@example.com' };

/** A schema-1 store file (the audit trail inside it): the demo company, `members` more, `events` events. */
function v1File(members: number, events: number): string {
  const data = seedData(true, new Date()) as unknown as Record<string, unknown> & {
    companies: Array<{ id: string; members: unknown[] }>;
  };
  const c = data.companies[0];
  if (!c) throw new Error('no demo company');
  for (let i = 0; i < members; i++)
    c.members.push({
      email: `user${i}@example.com`,
      name: `User ${i}`,
      status: 'active',
      companyAdmin: false,
      roles: {},
      identities: [],
    });
  const audit: unknown[] = [];
  let prevHash = '';
  for (let seq = 1; seq <= events; seq++) {
    const e = {
      seq,
      companyId: c.id,
      at: new Date(Date.UTC(2025, 0, 1) + seq * 60_000).toISOString(),
      actor: 'alexw@example.com',
      chat: 'console' as const,
      action: 'role.change',
      target: `user${seq % Math.max(1, members)}@example.com`,
      infra: 'prod-eu',
      before: { companyAdmin: false, roles: {} },
      after: { companyAdmin: false, roles: { 'prod-eu': 'member' } },
      prevHash,
    };
    prevHash = hashEvent(e);
    audit.push({ ...e, hash: prevHash });
  }
  return JSON.stringify({ ...data, schemaVersion: 1, audit, seen: {}, conversations: [], outbox: [] });
}

async function median(n: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(n / 2)] ?? 0;
}

/** In a fresh process: how long opening takes and the resident memory once open. */
function openInChild(file: string, databaseUrl?: string): { openMs: number; rssMb: number } {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', self, 'open', file, databaseUrl ?? ''],
    {
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`open child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}');
}

/** A fresh database on the BENCH_DATABASE_URL server holding the JSON store `file`; dropped by `drop`. */
async function copyToNewDatabase(admin: string, file: string) {
  const name = `bench_quick_${process.pid}_${Date.now()}`;
  const run = async (sql: string) => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  await copyJsonToPg(file, url.toString());
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function measure(label: string, members: number, events: number, rounds: number, admin?: string) {
  const dir = await mkdtemp(join(tmpdir(), 'store-quick-'));
  const file = join(dir, 'db.json');
  await writeFile(file, v1File(members, events), { mode: 0o600 });
  // Nothing the set-up wrote may still be flushing while changes are timed.
  spawnSync('sync');
  // The first open may convert the file; what is measured is a later start.
  const first = await openApp({ dataFile: file, demo: false, securityLog: silentSecurityLog });
  await first.close();
  const db = admin ? await copyToNewDatabase(admin, file) : undefined;
  spawnSync('sync');
  const opened = openInChild(file, db?.url);
  const app = await openApp({
    dataFile: file,
    databaseUrl: db?.url,
    demo: false,
    securityLog: silentSecurityLog,
  });
  const who = (i: number) => `user${i % Math.max(1, members)}@example.com`;
  const one = await median(rounds, (i) =>
    app.handle(ADMIN, {
      kind: 'text',
      text: `${i % 2 ? 'revoke' : 'grant'} access ${who(Math.floor(i / 2))} prod-eu`,
    }),
  );
  let perSecond = 0;
  if (members >= 1000) {
    const writers = 50;
    const waves = 4;
    const t = performance.now();
    for (let w = 0; w < waves; w++)
      await Promise.all(
        Array.from({ length: writers }, (_, k) =>
          app.handle(ADMIN, {
            kind: 'text',
            text: `${w % 2 ? 'revoke' : 'grant'} access ${who(1000 + k)} prod-eu`,
          }),
        ),
      );
    perSecond = (writers * waves) / ((performance.now() - t) / 1000);
  }
  await app.close();
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
  console.log(
    `${db ? 'PostgreSQL' : 'JSON'}: ${label} | one change ${one.toFixed(1)} ms | ${perSecond ? `${perSecond.toFixed(0)} changes/s (50 writers)` : '-'} | open ${opened.openMs.toFixed(0)} ms | RSS ${opened.rssMb.toFixed(0)} MB`,
  );
}

if (process.argv[2] === 'open') {
  const file = process.argv[3] ?? '';
  const t = performance.now();
  const app = await openApp({
    dataFile: file,
    databaseUrl: process.argv[4] || undefined,
    demo: false,
    securityLog: silentSecurityLog,
  });
  const openMs = performance.now() - t;
  await app.handle(ADMIN, { kind: 'text', text: 'who admins prod-eu' });
  globalThis.gc?.();
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  await app.close();
  console.log(JSON.stringify({ openMs, rssMb }));
} else {
  const admin = process.env.BENCH_DATABASE_URL;
  for (const server of admin ? [undefined, admin] : [undefined]) {
    await measure('100 members, no history', 100, 0, 40, server);
    await measure(
      '10,000 members, 100,000 events',
      10_000,
      100_000,
      Number(process.env.ROUNDS ?? 10),
      server,
    );
  }
}

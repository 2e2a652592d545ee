// `npm run bench`: the pipeline's cost as ratios against baselines measured in the same run, on this machine.
import { mkdtemp, open, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { appOver, openApp, seedData } from '../src/app/app.ts';
import { silentSecurityLog } from '../src/app/security-log.ts';
import type { StoreData } from '../src/domain/schemas.ts';
import { renderText } from '../src/views/render-text.ts';
import { createMemoryStore } from '../test/fakes/memory-store.ts';

const who = { chat: 'console' as const, email: 'alexw@example.com' };

/** Median time of `n` runs of `fn`, in microseconds. */
async function median(n: number, fn: (i: number) => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    times.push((performance.now() - t) * 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(n / 2)] ?? 0;
}

/** A company with `size` members, so costs are measured where they grow. */
function bigCompany(size: number): StoreData {
  const data = seedData(true, new Date());
  const c = data.companies[0];
  if (!c) throw new Error('no demo company');
  for (let i = 0; i < size; i++)
    c.members.push({
      email: `user${i}@example.com`,
      name: `User ${i}`,
      status: 'active',
      companyAdmin: false,
      roles: { 'prod-eu': 'member' },
      identities: [],
    });
  return data;
}

const rows: Array<[string, number, number, number, string]> = [];
/** `max` is the ratio the measure must stay under. */
const row = (name: string, ours: number, base: number, max: number, target: string) =>
  rows.push([name, ours, base, max, target]);

// 1. A read command end to end (parse, resolve, authorize, run, render) against finding the same rows in the raw data.
{
  const data = bigCompany(1000);
  const app = appOver(createMemoryStore(data), { securityLog: silentSecurityLog });
  const ours = await median(300, async () =>
    renderText((await app.handle(who, { kind: 'text', text: 'who admins prod-eu?' })).view),
  );
  const base = await median(300, () =>
    data.companies[0]?.members
      .filter((m) => m.roles['prod-eu'] === 'admin' || m.companyAdmin)
      .map((m) => `${m.name} <${m.email}>`)
      .join(', '),
  );
  row('who admins prod-eu (1,000 members)', ours, base, 50, 'whole pipeline under 50x a bare filter');
  const page = await median(100, async () =>
    renderText((await app.handle(who, { kind: 'text', text: 'team --page 50' })).view),
  );
  const sortBase = await median(100, () =>
    [...(data.companies[0]?.members ?? [])].sort((a, b) => a.name.localeCompare(b.name)).slice(490, 500),
  );
  row('team page 50 (1,000 members)', page, sortBase, 25, 'under 25x sorting the members');
}

// 2. A durable change: the whole pipeline with its audit event, against writing the same bytes with fsync ourselves.
{
  const dir = await mkdtemp(join(tmpdir(), 'portal-bench-'));
  const app = await openApp({ dataFile: join(dir, 'db.json'), demo: true, securityLog: silentSecurityLog });
  const ours = await median(60, (i) =>
    app.handle(who, { kind: 'text', text: `slot ${i % 2 ? 'release' : 'register'} prod-eu perf` }),
  );
  const bytes = JSON.stringify(await app.store.read((d) => d));
  // The least any atomic, durable replace of these bytes costs: temp file, fsync, rename, fsync the folder.
  const base = await median(60, async (i) => {
    const tmp = join(dir, `base-${i}.tmp`);
    await writeFile(tmp, bytes);
    const h = await open(tmp, 'r+');
    await h.sync();
    await h.close();
    await rename(tmp, join(dir, 'base.json'));
    const d = await open(dir, 'r');
    await d.sync();
    await d.close();
  });
  row(
    'slot register/release, durable (demo)',
    ours,
    base,
    3,
    'under 3x a bare atomic durable write of the same bytes',
  );
  await app.close();
  await rm(dir, { recursive: true, force: true });
}

// 3. Memory: the heap a 5,000-member company costs in the running app, against its JSON size.
{
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  const data = bigCompany(5000);
  const app = appOver(createMemoryStore(data), { securityLog: silentSecurityLog });
  await app.handle(who, { kind: 'text', text: 'team' });
  globalThis.gc?.();
  const used = process.memoryUsage().heapUsed - before;
  const json = JSON.stringify(data).length;
  row('heap for 5,000 members (bytes)', used, json, 10, 'under 10x its JSON');
}

const fmt = (n: number) => (n >= 1000 ? n.toFixed(0) : n.toFixed(1));
console.log('measure | ours | baseline | ratio | target | met');
console.log('---|---|---|---|---|---');
let missed = 0;
for (const [name, ours, base, max, target] of rows) {
  const ratio = ours / Math.max(base, 0.001);
  if (ratio >= max) missed++;
  console.log(
    `${name} | ${fmt(ours)} | ${fmt(base)} | ${ratio.toFixed(1)}x | ${target} | ${ratio < max ? 'yes' : 'NO'}`,
  );
}
console.log('\nTimes are medians in microseconds; memory in bytes.');
process.exitCode = missed ? 1 : 0;

// Developer tool: where look-up outliers come from. Seeds a store (MEMBERS, default 100), starts the bot, sends N
// sequential `whoami` and prints the slowest with when they happened. STORE=PostgreSQL with BENCH_DATABASE_URL;
// PROFILE=1 writes a .cpuprofile into .prof/.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startFakeSlack } from './fake-slack.ts';
import { pickRuntime, ROOT, stopServer } from './processes.ts';
import { ask, type Bench, startBot } from './servers.ts';
import { seedStore, storeKinds } from './stores.ts';
import { asks } from './workload.ts';

const members = Number(process.env.MEMBERS ?? 100);
const n = Number(process.env.N ?? 400);
const rt = await pickRuntime();
if (process.env.PROFILE === '1') rt.bot = ['--cpu-prof', `--cpu-prof-dir=${join(ROOT, '.prof')}`, ...rt.bot];
const slack = await startFakeSlack();
const kind = storeKinds(process.env).find((k) => k.name === (process.env.STORE ?? 'JSON file'));
if (!kind) throw new Error('no such store');
const t = await kind.create('lookups');
const b = { rt, slack } as unknown as Bench;
try {
  await seedStore(rt, t, members, 0);
  const bot = (await startBot(b, t)).server;
  const t0 = performance.now();
  const samples: Array<{ at: number; ms: number }> = [];
  for (let i = 0; i < n; i++) {
    const a = await ask(b, bot, asks.whoami());
    samples.push({ at: a.at - t0, ms: a.ms });
  }
  const sorted = [...samples].sort((x, y) => x.ms - y.ms);
  const med = sorted[Math.floor(n / 2)]?.ms ?? 0;
  const p95 = sorted[Math.ceil(0.95 * n) - 1]?.ms ?? 0;
  console.log(`median ${med.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms; slowest:`);
  for (const s of sorted.slice(-12)) console.log(`  ${s.ms.toFixed(1)} ms at ${(s.at / 1000).toFixed(2)} s`);
  await stopServer(bot);
} finally {
  await slack.close();
  await t.dispose();
}

// Developer tool (not part of npm run bench): seeds a store, starts the bot (under --cpu-prof unless PROFILE=0),
// runs 50 concurrent writers for MS ms and prints the rate and the Web API calls made. STORE=PostgreSQL with BENCH_DATABASE_URL.
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startFakeSlack } from './fake-slack.ts';
import { pickRuntime, ROOT, stopServer } from './processes.ts';
import { ask, type Bench, startBot } from './servers.ts';
import { seedStore, storeKinds } from './stores.ts';
import { asks, grantPairs } from './workload.ts';

const members = Number(process.env.MEMBERS ?? 10_000);
const history = Number(process.env.HISTORY ?? 100_000);
const ms = Number(process.env.MS ?? 6000);
const rt = await pickRuntime();
const profDir = join(ROOT, '.prof');
await mkdir(profDir, { recursive: true });
if (process.env.PROFILE !== '0') rt.bot = ['--cpu-prof', `--cpu-prof-dir=${profDir}`, ...rt.bot];
const slack = await startFakeSlack();
const kind = storeKinds(process.env).find((k) => k.name === (process.env.STORE ?? 'JSON file'));
if (!kind) throw new Error('no such store');
const t = await kind.create('prof');
/** The bot's CPU (user + system) so far, in ms, from /proc: the machine may be shared, so judge by CPU per change too. */
const cpuMs = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
};
const b = { rt, slack, bare: undefined as never, it: { writers: 50 } } as unknown as Bench;
try {
  await seedStore(rt, t, members, history);
  const bot = (await startBot(b, t)).server;
  const pairs = grantPairs(members, 50_000);
  let done = 0;
  let stop = false;
  const cpu0 = cpuMs(bot.pid);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 50 }, async (_, w) => {
      for (let k = w; !stop && k < pairs.length; k += 50) {
        const [email, infra] = pairs[k] ?? ['', ''];
        await ask(b, bot, asks.grant(email, infra));
        done++;
        if (performance.now() - t0 > ms) stop = true;
      }
    }),
  );
  const s = (performance.now() - t0) / 1000;
  const cpu = cpuMs(bot.pid) - cpu0;
  console.log(JSON.stringify([...slack.calls]));
  console.log(
    `${done} changes in ${s.toFixed(1)} s: ${(done / s).toFixed(1)}/s, bot CPU ${(cpu / done).toFixed(2)} ms/change`,
  );
  await stopServer(bot);
} finally {
  await slack.close();
  await t.dispose();
}

// Developer tool: cold starts of the bot (and bare Bolt) on an existing store folder. STORE_DIR=… N=…; PROFILE=1 adds --cpu-prof.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startFakeSlack } from './fake-slack.ts';
import { pickRuntime, ROOT, stopServer } from './processes.ts';
import { type Bench, startBare, startBot } from './servers.ts';
import type { StoreTarget } from './stores.ts';

const dir = process.env.STORE_DIR ?? '/tmp/s10k';
const n = Number(process.env.N ?? 5);
const rt = await pickRuntime();
if (process.env.BOT) rt.bot = [process.env.BOT];
if (process.env.PROFILE === '1') {
  const profDir = join(ROOT, '.prof');
  await mkdir(profDir, { recursive: true });
  rt.bot = ['--cpu-prof', `--cpu-prof-dir=${profDir}`, ...rt.bot];
}
const slack = await startFakeSlack();
const env: Record<string, string> = process.env.DATABASE_URL
  ? { DATABASE_URL: process.env.DATABASE_URL, DATA_FILE: join(dir, 'none', 'db.json') }
  : { DATA_FILE: join(dir, 'store', 'db.json') };
const t = { dir, env } as unknown as StoreTarget;
const b = { rt, slack } as unknown as Bench;
const bot: number[] = [];
const bare: number[] = [];
for (let i = 0; i < n; i++) {
  const s = await startBare(rt, join(dir, 'bare.log'));
  await stopServer(s.server);
  bare.push(s.coldMs);
  const started = await startBot(b, t);
  await stopServer(started.server);
  bot.push(started.coldMs);
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)] ?? 0;
console.log(
  `bot ${bot.map((v) => v.toFixed(0)).join(' ')} | bare ${bare.map((v) => v.toFixed(0)).join(' ')} | median ratio ${(med(bot) / med(bare)).toFixed(2)}`,
);
await slack.close();

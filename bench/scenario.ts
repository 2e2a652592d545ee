// One store, one company size: cold starts, look-ups against bare Bolt, single changes, then the burst and kill -9.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type BurstResult, burst } from './burst.ts';
import { type Stats, stats } from './client.ts';
import { memoryOf, type Server, stopServer } from './processes.ts';
import { ask, type Bench, startBare, startBot } from './servers.ts';
import { type StoreKind, type StoreTarget, seedStore } from './stores.ts';
import { asks, toggle } from './workload.ts';

export type Dataset = { label: string; members: number; history: number };

export type DatasetResult = {
  dataset: Dataset;
  bare: Stats;
  whoami: Stats;
  whoAdmins: Stats;
  team: Stats;
  change: Stats;
  coldBot: Stats;
  coldBare: Stats;
  rssMb: number;
  peakMb: number;
  storeBytes: number;
  burst: BurstResult;
};

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const enough = (b: Bench, since: number, samples: number) =>
  samples >= b.it.minSamples && performance.now() - since > b.it.phaseMs;

/** Spawn to ready, alternating bare Bolt and the bot so both see the same machine; the last bot stays up. */
async function coldStarts(b: Bench, t: StoreTarget) {
  const bot: number[] = [];
  const bare: number[] = [];
  let last: Server | undefined;
  for (let i = 0; i < b.it.coldStarts; i++) {
    const s = await startBare(b.rt, join(t.dir, 'bare-cold.log'));
    await stopServer(s.server);
    if (last) await stopServer(last);
    const started = await startBot(b, t);
    last = started.server;
    bare.push(s.coldMs);
    bot.push(started.coldMs);
  }
  if (!last) throw new Error('no bot started');
  return { server: last, bot: stats(bot), bare: stats(bare) };
}

/**
 * Look-ups interleaved with the bare app's answer, the order rotating, so drift on the machine hits all alike.
 * Warm-up lasts `warmup` rounds and at least `warmupMs`: what is measured is the steady cost of a look-up, not
 * the first seconds after a start while V8 still compiles the paths (cold start is measured on its own).
 */
async function lookups(b: Bench, bot: Server, members: number) {
  const kinds = ['bare', 'whoami', 'whoAdmins', 'team'] as const;
  const samples: Record<(typeof kinds)[number], number[]> = { bare: [], whoami: [], whoAdmins: [], team: [] };
  const warm = performance.now();
  for (let round = 0; round < b.it.warmup || performance.now() - warm < b.it.warmupMs; round++)
    for (const kind of kinds) {
      if (kind === 'bare') await ask(b, b.bare, asks.bare());
      else if (kind === 'whoami') await ask(b, bot, asks.whoami());
      else if (kind === 'whoAdmins') await ask(b, bot, asks.whoAdmins(round));
      else await ask(b, bot, asks.teamPage(members));
    }
  const t0 = performance.now();
  for (let round = 0; round < b.it.rounds && !enough(b, t0, samples.bare.length); round++) {
    for (let k = 0; k < kinds.length; k++) {
      const kind = kinds[(round + k) % kinds.length] ?? 'bare';
      const a =
        kind === 'bare'
          ? await ask(b, b.bare, asks.bare())
          : kind === 'whoami'
            ? await ask(b, bot, asks.whoami())
            : kind === 'whoAdmins'
              ? await ask(b, bot, asks.whoAdmins(round))
              : await ask(b, bot, asks.teamPage(members));
      samples[kind].push(a.ms);
    }
  }
  return samples;
}

/**
 * One change at a time. Each also queues a notice to the member; waiting until it was sent (and as long
 * again for the worker to record that) keeps one change's follow-up work out of the next one's time.
 */
async function changes(b: Bench, bot: Server): Promise<Stats> {
  const ms: number[] = [];
  const sent = () => b.slack.calls.get('chat.postMessage') ?? 0;
  const t0 = performance.now();
  for (let n = 0; n < b.it.changes + 2 && !enough(b, t0, ms.length); n++) {
    const before = sent();
    const a = await ask(b, bot, toggle(n));
    if (n >= 2) ms.push(a.ms);
    const patience = Math.max(2_000, 3 * a.ms);
    for (let waited = 0; sent() === before && waited < patience; waited += 5) await pause(5);
    await pause(Math.max(10, a.ms));
  }
  return stats(ms);
}

export async function measureDataset(b: Bench, kind: StoreKind, d: Dataset): Promise<DatasetResult> {
  const t = await kind.create(d.label);
  try {
    return await measureIn(b, kind, d, t);
  } catch (e) {
    if (e instanceof NotSupported) throw e;
    // The bot's last words, before its folder goes: a crash in the middle says why here.
    const log = await readFile(join(t.dir, 'bot.log'), 'utf8').catch(() => '');
    const tail = log.trim().split('\n').slice(-3).join('\n');
    throw new Error(`${(e as Error).message}${tail ? `\n  bot log: ${tail}` : ''}`);
  } finally {
    await t.dispose();
  }
}

async function measureIn(b: Bench, kind: StoreKind, d: Dataset, t: StoreTarget): Promise<DatasetResult> {
  await seedStore(b.rt, t, d.members, d.history);
  if (!(await t.used())) throw new NotSupported(kind.name);
  const cold = await coldStarts(b, t);
  const bot = cold.server;
  try {
    const s = await lookups(b, bot, d.members);
    const change = await changes(b, bot);
    const mem = memoryOf(bot.pid);
    const result = await burst(b, t, bot, d.members);
    return {
      dataset: d,
      bare: stats(s.bare),
      whoami: stats(s.whoami),
      whoAdmins: stats(s.whoAdmins),
      team: stats(s.team),
      change,
      coldBot: cold.bot,
      coldBare: cold.bare,
      rssMb: mem.rssMb,
      peakMb: Math.max(mem.peakMb, result.peakMb),
      storeBytes: await t.size(),
      burst: result,
    };
  } finally {
    await stopServer(bot).catch(() => undefined);
  }
}

/** The code ignored the store it was pointed at: reported as such, not as a failure of the store. */
export class NotSupported extends Error {
  constructor(store: string) {
    super(`pointed at ${store}, the bot used another store: this code does not support it yet`);
  }
}

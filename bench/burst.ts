// Concurrent writers for a while, then kill -9 with changes in flight, a restart, and the acknowledged changes checked.
import { performance } from 'node:perf_hooks';
import { killHard, memoryOf, type Server, stopServer } from './processes.ts';
import { ask, type Bench, startBot } from './servers.ts';
import { checkStore, type StoreTarget } from './stores.ts';
import { asks, grantPairs } from './workload.ts';

export type BurstResult = {
  /** Changes answered within the window, per second. */
  perSecond: number;
  /** Changes answered before the kill (all of which must be in the store after it). */
  acknowledged: number;
  /** Acknowledged changes the store no longer held after the restart. */
  lost: Array<[string, string]>;
  /** Requests refused or answered wrongly before the kill. */
  errors: string[];
  /** Spawn to ready after the kill. */
  restartMs: number;
  peakMb: number;
};

/** Enough distinct grants that no writer runs out even at many times the target rate. */
const pairsFor = (writers: number, ms: number) => writers * 20 + Math.ceil((ms / 1000) * 2000);

export async function burst(b: Bench, t: StoreTarget, bot: Server, members: number): Promise<BurstResult> {
  const pairs = grantPairs(members, pairsFor(b.it.writers, b.it.burstMs));
  const acknowledged: Array<[string, string]> = [];
  const errors: string[] = [];
  let inWindow = 0;
  let stopping = false;
  const t0 = performance.now();
  const end = t0 + b.it.burstMs;
  const writer = async (w: number) => {
    for (let k = w; !stopping && k < pairs.length; k += b.it.writers) {
      const [email, infra] = pairs[k] ?? ['', ''];
      try {
        const a = await ask(b, bot, asks.grant(email, infra));
        acknowledged.push([email, infra]);
        if (a.at <= end) inWindow++;
      } catch (e) {
        if (!stopping) errors.push((e as Error).message);
      }
    }
  };
  const writers = Array.from({ length: b.it.writers }, (_, w) => writer(w));
  await new Promise((r) => setTimeout(r, b.it.burstMs));
  // No new requests from here; those in flight stay in flight while the bot dies.
  stopping = true;
  const { peakMb } = memoryOf(bot.pid);
  await killHard(bot);
  b.slack.abandon('the bot was killed');
  await Promise.all(writers);

  const restarted = await startBot(b, t);
  await stopServer(restarted.server);
  const check = await checkStore(b.rt, t, acknowledged);
  return {
    perSecond: inWindow / (b.it.burstMs / 1000),
    acknowledged: check.checked,
    lost: check.missing,
    errors,
    restartMs: restarted.coldMs,
    peakMb,
  };
}

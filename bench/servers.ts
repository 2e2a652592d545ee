// The two servers the bench talks to: the bot under test (a real process on a chosen store) and the bare Bolt app.
import { join } from 'node:path';
import { type Answered, SIGNING_SECRET, slash } from './client.ts';
import type { FakeSlack } from './fake-slack.ts';
import { childEnv, freePort, type Runtime, type Server, startServer } from './processes.ts';
import type { StoreTarget } from './stores.ts';
import type { Ask } from './workload.ts';

export type Iterations = {
  /** Rounds of every look-up sent and thrown away first, for at least `warmupMs`. */
  warmup: number;
  warmupMs: number;
  rounds: number;
  changes: number;
  /** Spawns of each server, alternating. */
  coldStarts: number;
  /**
   * Look-ups and single changes each stop early once they have `minSamples` and have run this long, so
   * slow code cannot stretch the run past a few minutes; the report gives the counts actually taken.
   */
  phaseMs: number;
  minSamples: number;
  burstMs: number;
  writers: number;
};

/** What every measurement shares: how children run, the fake Slack, the long-lived bare app, the counts. */
export type Bench = { rt: Runtime; slack: FakeSlack; bare: Server; it: Iterations };

const BOT_TOKEN = 'xoxb-bench-not-a-real-token';

/** Sends one command and checks the answer: a wrong answer is an error, never a sample. */
export async function ask(b: Bench, server: Server, a: Ask): Promise<Answered> {
  const answered = await slash(b.slack, server.base, a.text);
  if (!a.expect.test(answered.text))
    throw new Error(`"${a.text}" was answered "${answered.text.slice(0, 200)}", not ${a.expect}`);
  return answered;
}

export async function startBot(b: Bench, t: StoreTarget) {
  const port = await freePort();
  const env = childEnv({
    ...t.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    PORTAL_DEMO: '0',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: b.slack.apiUrl,
  });
  return startServer(b.rt.bot, env, port, join(t.dir, 'bot.log'));
}

export async function startBare(rt: Runtime, log: string) {
  const port = await freePort();
  const env = childEnv({
    PORT: String(port),
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
  });
  return startServer(rt.bare, env, port, log);
}

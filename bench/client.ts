// The driver's one move: a signed /portal slash command, timed from sending it until its answer reaches response_url.
import { createHmac } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { ACTOR, SLACK_TEAM } from './company.ts';
import type { FakeSlack } from './fake-slack.ts';

export const SIGNING_SECRET = 'bench-signing-secret-not-a-real-one';

export type Answered = { ms: number; text: string; at: number };

let trigger = 0;

/** The form body Slack sends for a slash command (fields as in test/fixtures' recorded payload). */
function slashBody(text: string, responseUrl: string): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: SLACK_TEAM,
    team_domain: 'bench',
    channel_id: 'CBENCH0001',
    channel_name: 'portal',
    user_id: ACTOR.userId,
    user_name: 'actor',
    command: '/portal',
    text,
    api_app_id: 'ABENCH0001',
    response_url: responseUrl,
    trigger_id: `${Date.now()}.${++trigger}.bench`,
  }).toString();
}

/** The request Slack would send: the body, signed with HMAC-SHA256 over `v0:{ts}:{body}`. */
export function signedSlash(text: string, responseUrl: string, nowSeconds = Math.floor(Date.now() / 1000)) {
  const body = slashBody(text, responseUrl);
  const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${nowSeconds}:${body}`).digest('hex')}`;
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(nowSeconds),
      'x-slack-signature': signature,
    },
  };
}

/** Sends `text` to `/slack/events` of `base`; resolves once the answer arrived, rejects on a refused request. */
export async function slash(slack: FakeSlack, base: string, text: string): Promise<Answered> {
  const { url, answer } = slack.responseUrl();
  const { body, headers } = signedSlash(text, url);
  const t0 = performance.now();
  const res = await fetch(`${base}/slack/events`, { method: 'POST', headers, body });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${base} answered ${res.status} to "${text}"`);
  const a = await answer;
  return { ms: a.at - t0, text: a.text, at: a.at };
}

/** Median and 95th percentile of a sample, in ms. */
export type Stats = { n: number; median: number; p95: number };
export function stats(ms: readonly number[]): Stats {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? Number.NaN;
  return { n: s.length, median: at(0.5), p95: at(0.95) };
}

// Runs the signature matrix against a running Slack adapter: refused means 401, no call to Slack, the store file unchanged.
import { expect } from 'vitest';
import { encodeAction } from '../../src/views/action-codec.ts';
import { fileApp } from '../fakes/app.ts';
import { type Harness, startSlack, TEAM } from './harness.ts';
import type { Case } from './signature-cases.ts';

/** Each payload kind Slack signs, as a change (refused ones must change nothing) and as a read (the control). */
export const KINDS = {
  'slash command': (text: string) => ({
    contentType: 'application/x-www-form-urlencoded',
    raw: new URLSearchParams({
      team_id: TEAM,
      channel_id: 'C0GENERAL',
      user_id: 'UALEX',
      command: '/portal',
      text,
      response_url: 'https://hooks.slack.com/commands/T/1/matrix',
      trigger_id: `trig.${Math.random()}`,
    }).toString(),
  }),
  'button press': (text: string) => ({
    contentType: 'application/x-www-form-urlencoded',
    raw: new URLSearchParams({
      payload: JSON.stringify({
        type: 'block_actions',
        team: { id: TEAM },
        user: { id: 'UALEX', team_id: TEAM },
        trigger_id: 't',
        response_url: 'https://hooks.slack.com/actions/A/1/matrix',
        container: { type: 'message', message_ts: `${Math.random()}` },
        actions: [
          {
            action_id: 'portal:x:1',
            block_id: 'b',
            type: 'button',
            value: encodeAction(
              text === 'whoami'
                ? { name: 'whoami', args: {} }
                : { name: 'remove', args: { email: 'adelev@example.com' } },
            ),
          },
        ],
      }),
    }).toString(),
  }),
  event: (text: string) => ({
    contentType: 'application/json',
    raw: JSON.stringify({
      type: 'event_callback',
      team_id: TEAM,
      event_id: `Ev${Math.random()}`,
      event: { type: 'message', channel_type: 'im', user: 'UALEX', text, channel: 'D0ALEX', ts: '1.1' },
    }),
  }),
  url_verification: (text: string) => ({
    contentType: 'application/json',
    raw: JSON.stringify({ type: 'url_verification', token: 'x', challenge: `challenge-${text.length}` }),
  }),
} as const;

export type Kind = keyof typeof KINDS;

/** Runs every case for one payload kind on a fresh app; returns how many were refused. */
export async function runMatrix(
  kind: Kind,
  cases: readonly Case[],
): Promise<{ accepted: number; refused: number }> {
  const app = await fileApp();
  const slack: Harness = await startSlack(app);
  let accepted = 0;
  let refused = 0;
  try {
    for (const c of cases) {
      const body = KINDS[kind](c.accepted ? 'whoami' : 'remove adelev@example.com --confirm');
      const sent = c.make(body.raw, slack.now.seconds);
      const before = await app.bytes();
      const calls = slack.sent.length;
      const res = await slack.post(sent.raw, {
        sign: false,
        contentType: body.contentType,
        headers: sent.headers,
      });
      if (c.accepted) {
        expect(res.status, `${kind}: ${c.name}`).toBe(200);
        if (kind === 'url_verification') expect(res.text).toContain('challenge-');
        else await slack.waitForSent(calls + 1);
        accepted++;
      } else {
        expect(res.status, `${kind}: ${c.name}`).toBe(401);
        expect(res.text, `${kind}: ${c.name}`).not.toContain('challenge');
        await new Promise((r) => setTimeout(r, 20));
        expect(slack.sent.length, `${kind}: ${c.name}`).toBe(calls);
        expect((await app.bytes()).equals(before), `${kind}: ${c.name}`).toBe(true);
        refused++;
      }
    }
  } finally {
    await slack.close();
    await app.cleanup();
  }
  return { accepted, refused };
}

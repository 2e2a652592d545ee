// Slack: concurrent commands of one person share a users.info call already under way, and only a recent one.
import type { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { SHARE_CALL_MS, slackIdentities } from '../../adapters/slack/identity.ts';

/** A users.info that answers only when told to, counting calls; `deleted` is what Slack says when it answers. */
function slowSlack() {
  const pending: Array<() => void> = [];
  const state = { calls: 0, deleted: false };
  const client = {
    users: {
      info: ({ user }: { user: string }) => {
        state.calls++;
        return new Promise((resolve) => {
          pending.push(() =>
            resolve({
              ok: true,
              user: {
                id: user,
                team_id: 'T1',
                deleted: state.deleted,
                is_email_confirmed: true,
                profile: { email: 'Ana@Example.com' },
              },
            }),
          );
        });
      },
    },
  } as unknown as App['client'];
  const answerAll = () => {
    for (const a of pending.splice(0)) a();
  };
  return { client, state, answerAll };
}

describe('one users.info call under way answers every command of that person', () => {
  it('concurrent changes share the call, and what Slack answers then decides for all of them', async () => {
    const slack = slowSlack();
    const who = slackIdentities(slack.client, () => 1_000_000);
    const asked = [who('T1', 'U1', true), who('T1', 'U1', true), who('T1', 'U1', true)];
    expect(slack.state.calls).toBe(1);
    slack.state.deleted = true;
    slack.answerAll();
    for (const id of await Promise.all(asked))
      expect(id).toMatchObject({ refused: 'your Slack account is deactivated' });
  });

  it('a change after the call answered asks Slack again, never the answer just cached', async () => {
    const slack = slowSlack();
    const who = slackIdentities(slack.client, () => 1_000_000);
    const first = who('T1', 'U1', true);
    slack.answerAll();
    expect((await first).email).toBe('ana@example.com');
    slack.state.deleted = true;
    const second = who('T1', 'U1', true);
    expect(slack.state.calls).toBe(2);
    slack.answerAll();
    expect(await second).toMatchObject({ refused: 'your Slack account is deactivated' });
  });

  it('a change does not join a call that started longer ago than SHARE_CALL_MS; a read does', async () => {
    const slack = slowSlack();
    const clock = { ms: 1_000_000 };
    const who = slackIdentities(slack.client, () => clock.ms);
    const old = who('T1', 'U1', true);
    clock.ms += SHARE_CALL_MS + 1;
    const read = who('T1', 'U1', false);
    expect(slack.state.calls).toBe(1);
    const change = who('T1', 'U1', true);
    expect(slack.state.calls).toBe(2);
    // Later changes join the newer call.
    const again = who('T1', 'U1', true);
    expect(slack.state.calls).toBe(2);
    slack.answerAll();
    await Promise.all([old, read, change, again]);
  });

  it('different people never share a call', async () => {
    const slack = slowSlack();
    const who = slackIdentities(slack.client, () => 1_000_000);
    const both = [who('T1', 'U1', true), who('T1', 'U2', true)];
    expect(slack.state.calls).toBe(2);
    slack.answerAll();
    expect(await Promise.all(both)).toMatchObject([{ userId: 'U1' }, { userId: 'U2' }]);
  });

  it('a failed call fails every command that shared it, and the next one asks again', async () => {
    let calls = 0;
    const client = {
      users: {
        info: () => {
          calls++;
          return Promise.reject(new Error('slack is down'));
        },
      },
    } as unknown as App['client'];
    const who = slackIdentities(client, () => 1_000_000);
    const both = [who('T1', 'U1', true), who('T1', 'U1', true)];
    for (const p of both) await expect(p).rejects.toThrow('slack is down');
    expect(calls).toBe(1);
    await expect(who('T1', 'U1', true)).rejects.toThrow('slack is down');
    expect(calls).toBe(2);
  });
});

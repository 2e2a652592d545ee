// Without email, "they will see it when they first write to the bot" must be true: the chat invitation waits for
// the invitee as long as the invitation lasts, and goes out as soon as they first write.
import { describe, expect, it } from 'vitest';
import { UNREACHABLE, UNREACHABLE_GIVE_UP_MS } from '../../src/app/delivery.ts';
import type { OutboxItem } from '../../src/domain/schemas.ts';
import { ALEX, DAY, MINUTE, type World, world } from './harness.ts';

const ANA = 'ana@example.com';
const invitation = async (w: World): Promise<OutboxItem | undefined> =>
  (await w.app.data()).outbox.find((x) => x.key.startsWith(`invite:${ANA}:`));
/** Ana is in no chat the bot can reach yet. */
const unreachableAna = () => {
  const w = world();
  w.slack.unreachable.add(ANA);
  w.teams.unreachable.add(ANA);
  return w;
};

describe('an invitation no chat reaches yet (no email configured)', () => {
  it('keeps waiting past the usual 3 days, until the invitation expires, then fails', async () => {
    const w = unreachableAna();
    expect((await w.app.say(ALEX, `invite ${ANA} --name Ana --member prod-eu`)).ok).toBe(true);
    await w.deliver();
    expect(await invitation(w)).toMatchObject({ status: 'pending', lastError: UNREACHABLE });
    w.app.clock.advance(UNREACHABLE_GIVE_UP_MS + DAY);
    await w.deliver();
    expect(await invitation(w)).toMatchObject({ status: 'pending' });
    w.app.clock.advance(4 * DAY); // past the 7 days
    await w.deliver();
    expect(await invitation(w)).toMatchObject({ status: 'failed', lastError: UNREACHABLE });
  });

  it('goes out on the next pass after Ana first writes to the bot in Slack, not ten minutes later', async () => {
    const w = unreachableAna();
    expect((await w.app.say(ALEX, `invite ${ANA} --name Ana --member prod-eu`)).ok).toBe(true);
    await w.deliver();
    w.app.clock.advance(MINUTE);
    await w.deliver();
    expect(w.slack.textsTo(ANA)).toEqual([]); // waiting its 10 minutes

    // Ana joins the workspace and writes: the bot binds her Slack account, and her invitation is due at once.
    w.slack.unreachable.delete(ANA);
    const wrote = await w.app.run(
      { chat: 'slack', teamId: 'T0000DEMO', userId: 'U0ANA', email: ANA },
      { kind: 'text', text: 'whoami' },
    );
    expect(wrote.result.ok).toBe(true);
    await w.deliver();
    expect(w.slack.textsTo(ANA)).toHaveLength(1);
    expect(w.slack.textsTo(ANA)[0]).toContain('invited you to the');
    expect(await invitation(w)).toMatchObject({ status: 'delivered', deliveredVia: 'slack' });
  });
});

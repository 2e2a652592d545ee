// Slack end to end: an access review becomes Block Kit cards in reviewers' DMs; pressing a card's own
// button decides, revokes through `revoke`, and updates every copy in place; long reviews stay within 50 blocks.
import { afterEach, describe, expect, it } from 'vitest';
import { runOnce } from '../../src/app/delivery.ts';
import type { StoreData } from '../../src/domain/schemas.ts';
import { decodeAction } from '../../src/views/action-codec.ts';
import type { CommandRef } from '../../src/views/view.ts';
import { memoryApp, type TestApp } from '../fakes/app.ts';
import { type Harness, type Sent, shown, startSlack } from './harness.ts';

let app: TestApp;
let slack: Harness;
async function start(extra: (d: StoreData) => void = () => {}) {
  app = memoryApp((d) => {
    for (const s of d.companies[0]?.subscriptions ?? [])
      for (const i of s.infrastructures) i.licenseExpiresOn = '2030-01-01';
    extra(d);
  });
  slack = await startSlack(app);
}
afterEach(async () => {
  await slack.close();
});

const deliver = () => runOnce({ store: app.store, clock: app.clock, ports: [slack.port], log: () => {} });
const posts = (method: string) => slack.sent.filter((s) => s.path === method);
const reviewCards = (method = 'chat.postMessage') =>
  posts(method).filter((p) => shown(p).includes('RV-1001'));
/** The Web API client sends blocks as a JSON string inside the form body. */
const blocksOf = (s: Sent | undefined): Array<Record<string, unknown>> => {
  const b = s?.body.blocks;
  return typeof b === 'string' ? JSON.parse(b) : ((b ?? []) as Array<Record<string, unknown>>);
};

type Button = { text: { text: string }; value: string; style?: string; confirm?: unknown };
/** The buttons as Slack holds them: label, and the command their value decodes to. */
function buttons(s: Sent | undefined): Array<{ label: string; ref: CommandRef | null; confirm: boolean }> {
  return blocksOf(s)
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements as Button[])
    .map((e) => ({ label: e.text.text, ref: decodeAction(e.value), confirm: e.confirm !== undefined }));
}

async function pressAndWait(...args: Parameters<Harness['press']>) {
  const before = slack.sent.length;
  await slack.press(...args);
  await slack.waitForSent(before + 1);
  return slack.sent.slice(before).find((s) => s.path.startsWith('/actions/'));
}

describe('an access review on Slack', () => {
  it('cards go to the reviewers by DM; Remove pressed on the card revokes, and the card updates in place', async () => {
    await start();
    await slack.slash('UALEX', 'review start prod-eu');
    await slack.waitForSent(1);
    await deliver();
    // Megan reviews prod-eu; Alex (and Pradeep, not on Slack here) review Megan's own role.
    expect(
      reviewCards()
        .map((p) => p.body.channel)
        .sort(),
    ).toEqual(['D-UALEX', 'D-UMEGAN']);
    const megans = reviewCards().find((p) => p.body.channel === 'D-UMEGAN');
    expect(shown(megans)).toContain('Adele Vance');
    const remove = buttons(megans).filter((b) => b.label === 'Remove')[1];
    expect(remove?.confirm).toBe(true);
    expect(remove?.ref).toEqual({
      name: 'review decide',
      args: { id: 'RV-1001', item: '3', decision: 'remove' },
    });

    const answer = await pressAndWait('UMEGAN', remove?.ref as CommandRef, {
      messageTs: String(megans?.body.ts),
    });
    expect(shown(answer)).toContain('Removed');
    const adele = (await app.data()).companies[0]?.members.find((m) => m.email === 'adelev@example.com');
    expect(adele?.roles).toEqual({});

    await deliver();
    const updates = reviewCards('chat.update');
    const stored = (await app.data()).companies[0]?.reviews[0]?.cards.find(
      (c) => c.reviewer === 'meganb@example.com',
    );
    const ts = stored?.ref.platform === 'slack' ? stored.ref.ts : undefined;
    expect(ts).toBeTruthy();
    expect(updates.map((u) => [u.body.channel, u.body.ts])).toEqual([['D-UMEGAN', ts]]);
    expect(shown(updates[0])).toContain('removed by');
    expect(buttons(updates[0]).filter((b) => b.label === 'Remove')).toHaveLength(3);
  });

  it("a button from someone else's card is no permission: Lee is refused and nothing changes", async () => {
    await start();
    await slack.slash('UALEX', 'review start prod-eu');
    await slack.waitForSent(1);
    await deliver();
    const keep = buttons(reviewCards().find((p) => p.body.channel === 'D-UMEGAN'))[0]?.ref as CommandRef;
    const reviewAndTrail = async () => {
      const d = await app.data();
      // Lee's first press binds his Slack account (identity.link): that is not the review's doing.
      const trail = d.audit.filter((e) => e.action !== 'identity.link');
      return { reviews: d.companies[0]?.reviews, trail, outbox: d.outbox.length };
    };
    const before = await reviewAndTrail();
    const answer = await pressAndWait('ULEE', keep);
    expect(shown(answer)).toContain("You can't do that");
    expect(await reviewAndTrail()).toEqual(before);
  });

  it('a 40-person review comes as cards within Slack’s 50-block limit, every person with both buttons', async () => {
    await start((d) => {
      for (let i = 0; i < 36; i++)
        d.companies[0]?.members.push({
          email: `p${i}@example.com`,
          name: `Person ${i} <!channel>`,
          status: 'active',
          companyAdmin: false,
          roles: { 'prod-eu': 'member' },
          identities: [],
        });
    });
    await slack.slash('UALEX', 'review start prod-eu');
    await slack.waitForSent(1);
    await deliver();
    const megans = reviewCards().filter((p) => p.body.channel === 'D-UMEGAN');
    expect(megans).toHaveLength(3);
    for (const card of megans) {
      expect(blocksOf(card).length).toBeLessThanOrEqual(50);
      expect(shown(card)).not.toContain('Not shown');
      expect(shown(card)).not.toContain('<!channel>');
    }
    const keeps = megans.flatMap((c) => buttons(c).filter((b) => b.label === 'Keep'));
    expect(keeps).toHaveLength(40);
    expect(new Set(keeps.map((k) => k.ref?.args.item)).size).toBe(40);
  });
});

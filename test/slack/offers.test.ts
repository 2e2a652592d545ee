// Slack: an offered button's press is accepted; a button not offered to this viewer would have been refused.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeAction } from '../../src/views/action-codec.ts';
import type { CommandRef } from '../../src/views/view.ts';
import { memoryApp, type TestApp } from '../fakes/app.ts';
import { type Harness, type Sent, shown, startSlack } from './harness.ts';

let app: TestApp;
let slack: Harness;
beforeEach(async () => {
  app = memoryApp();
  slack = await startSlack(app);
});
afterEach(async () => {
  await slack.close();
});

/** Every button in a message Slack was sent, with the command it carries. */
function buttons(s: Sent | undefined): Array<{ label: string; ref: CommandRef | null }> {
  const out: Array<{ label: string; ref: CommandRef | null }> = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (typeof n !== 'object' || n === null) return;
    const o = n as { type?: string; value?: unknown; text?: { text?: string } };
    if (o.type === 'button') out.push({ label: o.text?.text ?? '', ref: decodeAction(o.value) });
    for (const v of Object.values(o)) walk(v);
  };
  walk(s?.body);
  return out;
}

async function slash(user: string, text: string) {
  const before = slack.sent.length;
  await slack.slash(user, text);
  await slack.waitForSent(before + 1);
  return slack.sent[before];
}
async function press(user: string, ref: CommandRef) {
  const before = slack.sent.length;
  await slack.press(user, ref);
  await slack.waitForSent(before + 1);
  return slack.sent.slice(before).find((s) => s.path.startsWith('/actions/'));
}
const adele = async () =>
  (await app.data()).companies[0]?.members.find((m) => m.email === 'adelev@example.com');

describe('offers on Slack', () => {
  it('typed remove offers Confirm; pressing it is accepted and removes Adele', async () => {
    const asked = await slash('UALEX', 'remove adelev@example.com');
    expect(shown(asked)).toContain('Nothing has changed yet');
    const confirm = buttons(asked).find((b) => b.label === 'Confirm')?.ref;
    expect(confirm).toBeTruthy();
    if (!confirm) return;
    const done = await press('UALEX', confirm);
    expect(shown(done)).toContain('Removed');
    expect(await adele()).toBeUndefined();
  });

  it("an Infra Admin's invite offers no Cancel invitation, and that press would be refused", async () => {
    const invited = await slash('UMEGAN', 'invite new1@example.com --member prod-eu');
    expect(shown(invited)).toContain('new1@example.com');
    expect(buttons(invited).map((b) => b.label)).not.toContain('Cancel invitation');
    const refused = await press('UMEGAN', {
      name: 'cancel-invite',
      args: { email: 'new1@example.com', confirm: 'true' },
    });
    expect(shown(refused)).toContain("You can't do that");
    expect((await app.data()).companies[0]?.members.some((m) => m.email === 'new1@example.com')).toBe(true);
  });
});

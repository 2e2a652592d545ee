// Teams: an offered button's press is accepted; a button not offered to this viewer would have been refused.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryApp, type TestApp } from '../fakes/app.ts';
import { type Action, actionOf, cardOf, type Harness, startTeams, textOf } from './harness.ts';

let app: TestApp;
let teams: Harness;
beforeEach(async () => {
  app = memoryApp();
  teams = await startTeams(app);
});
afterEach(async () => {
  await teams.close();
});

async function say(user: string, text: string) {
  const n = teams.sent.length + 1;
  expect((await teams.say(user, text)).status).toBe(200);
  return cardOf((await teams.waitForSent(n))[n - 1]);
}
const press = async (user: string, action: Action) => textOf(cardOf(await teams.press(user, action)));
const members = async () => (await app.data()).companies[0]?.members ?? [];

describe('offers on Teams', () => {
  it('typed remove offers Confirm; pressing it is accepted and removes Adele', async () => {
    const card = await say('ALEX', 'remove adelev@example.com');
    expect(textOf(card)).toContain('Nothing has changed yet');
    expect(await press('ALEX', actionOf(card, 'Confirm'))).toMatch(/Removed/);
    expect((await members()).some((m) => m.email === 'adelev@example.com')).toBe(false);
  });

  it("an Infra Admin's invite offers no Cancel invitation, and that press would be refused", async () => {
    const card = await say('MEGAN', 'invite new1@example.com --member prod-eu');
    expect(() => actionOf(card, 'Cancel invitation')).toThrow();
    const forged: Action = {
      type: 'Action.Execute',
      title: 'Cancel invitation',
      verb: 'portal:cancel-invite:1',
      data: {
        portal: JSON.stringify({ c: 'cancel-invite', a: { email: 'new1@example.com', confirm: 'true' } }),
      },
    };
    expect(await press('MEGAN', forged)).toContain("You can't do that");
    expect((await members()).some((m) => m.email === 'new1@example.com')).toBe(true);
  });
});

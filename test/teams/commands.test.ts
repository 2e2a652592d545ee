// Teams messages reach the same commands as the console: personal chat, channel @mentions and group chats, same answers.
import { afterEach, describe, expect, it } from 'vitest';
import { renderCard } from '../../adapters/teams/render/card.ts';
import { asConsole, memoryApp, type TestApp } from '../fakes/app.ts';
import {
  type Card,
  cardOf,
  conversationOf,
  GROUP_CHAT,
  type Harness,
  startTeams,
  THREAD,
  textOf,
} from './harness.ts';
import { OUTBOUND_TOKEN } from './tokens.ts';

const ALEX = 'alexw@example.com';
let running: Array<{ teams: Harness }> = [];
afterEach(async () => {
  for (const r of running) await r.teams.close();
  running = [];
});

async function start(extra?: Parameters<typeof memoryApp>[0]) {
  const app = memoryApp(extra);
  const teams = await startTeams(app);
  running.push({ teams });
  return { app, teams };
}

/** What Teams was sent, without the Teams-only extras (refresh, and the source and form kept in button data). */
function plainCard(card: Card): unknown {
  const { refresh: _, ...rest } = card;
  return JSON.parse(JSON.stringify(rest, (k, v) => (k === '_src' || k === '_form' ? undefined : v)));
}

/** The answer the console gets for the same line, from its own fresh copy of the demo company. */
async function consoleCard(line: string) {
  const other: TestApp = memoryApp();
  const outcome = await other.run(asConsole(ALEX), { kind: 'text', text: line });
  return renderCard(outcome.reply.view);
}

describe('every command family answers in Teams as in the console', () => {
  it.each([
    'help',
    'help invite',
    'team',
    'team pending',
    'team --infra prod-eu',
    'who admins prod-eu',
    'who admins prod-eu?',
    'who is the security contact?',
    'security-contacts',
    'slots prod-eu',
    'license dev-eu',
    'cases',
    'cases prod-eu',
    'invite',
    'invite ana@example.com --name "Ana Lima" --member prod-eu --lifetime',
    'resend nestorw@example.com',
    'cancel-invite jonis@example.com --confirm',
    'grant company-admin meganb@example.com',
    'revoke company-admin pradeepg@example.com --confirm',
    'grant infra-admin adelev@example.com prod-eu',
    'revoke infra-admin meganb@example.com prod-eu',
    'grant access leeg@example.com prod-eu',
    'revoke access adelev@example.com prod-eu',
    'remove adelev@example.com --confirm',
    'remove-contact kim@partner.example --confirm',
    'security-contact set adelev@example.com +44 20 7946 0000',
    'security-contact clear meganb@example.com',
    'slot register prod-eu perf',
    'slot release prod-eu test',
    'case open prod-eu "Deploys fail with a timeout"',
    'grnt acess',
  ])('%s', async (line) => {
    const { teams } = await start();
    expect((await teams.say('ALEX', line)).status).toBe(200);
    const [sent] = await teams.waitForSent(1);
    expect(sent?.method).toBe('POST');
    expect(sent?.conversation).toBe(conversationOf('personal'));
    expect(sent?.authorization).toBe(`Bearer ${OUTBOUND_TOKEN}`); // answers carry the bot’s own token
    expect(plainCard(cardOf(sent))).toEqual(await consoleCard(line));
  });

  it('a change made in Teams is in the store, audited as from Teams', async () => {
    const { app, teams } = await start();
    await teams.say('ALEX', 'grant infra-admin adelev@example.com prod-eu');
    expect(textOf(cardOf((await teams.waitForSent(1))[0]))).toContain('Infra Admin');
    const data = await app.data();
    expect(data.companies[0]?.members.find((m) => m.email === 'adelev@example.com')?.roles['prod-eu']).toBe(
      'admin',
    );
    expect(data.audit.at(-1)).toMatchObject({ actor: ALEX, chat: 'teams' });
  });

  it('audit shows what was done from Teams', async () => {
    const { teams } = await start();
    await teams.say('ALEX', 'slot register prod-eu perf');
    await teams.say('ALEX', 'audit --infra prod-eu');
    expect(textOf(cardOf((await teams.waitForSent(2))[1]))).toMatch(/slot/i);
  });
});

describe('where a message comes from', () => {
  it('a channel @mention: the mention is stripped and the answer goes to the thread', async () => {
    const { teams } = await start();
    await teams.say('ALEX', 'who admins prod-eu', { scope: 'channel' });
    const [sent] = await teams.waitForSent(1);
    expect(sent?.conversation).toBe(THREAD);
    // In a channel Alex, linked since he wrote, is mentioned; otherwise the answer is the console's.
    const { msteams, ...card } = plainCard(cardOf(sent)) as Record<string, unknown>;
    expect(msteams).toEqual({ entities: [expect.objectContaining({ text: '<at>Alex Wilber</at>' })] });
    const unmentioned = JSON.stringify(card).replaceAll(
      '<at>Alex Wilber</at>',
      'Alex Wilber (alexw@example.com)',
    );
    expect(JSON.parse(unmentioned)).toEqual(await consoleCard('who admins prod-eu'));
  });

  it('the real channel payload, as captured (mention and all), reads as the command after the mention', async () => {
    const { teams } = await start();
    await teams.say('ALEX', 'whoami', { scope: 'channel' });
    expect(textOf(cardOf((await teams.waitForSent(1))[0]))).toContain('Alex Wilber');
  });

  it('a group chat @mention', async () => {
    const { teams } = await start();
    await teams.say('MEGAN', 'slots prod-eu', { scope: 'groupChat' });
    const [sent] = await teams.waitForSent(1);
    expect(sent?.conversation).toBe(GROUP_CHAT);
    expect(textOf(cardOf(sent))).toContain('3 of 4 environment slots used');
  });

  it("another person's @mention is just their name: it names nobody", async () => {
    const { teams } = await start();
    await teams.say('ALEX', 'grant access <at>Adele Vance</at> prod-eu');
    expect(textOf(cardOf((await teams.waitForSent(1))[0]))).toMatch(/EMAIL|email/);
  });

  it('an empty mention (just @Portal) gets help', async () => {
    const { teams } = await start();
    await teams.say('ALEX', '', { scope: 'channel' });
    expect(plainCard(cardOf((await teams.waitForSent(1))[0]))).toEqual(await consoleCard('help'));
  });

  it('a form command (invite with no email) is a card with inputs and an Invite button', async () => {
    const { teams } = await start();
    await teams.say('ALEX', 'invite');
    const card = cardOf((await teams.waitForSent(1))[0]);
    expect(JSON.stringify(card.body)).toContain('"Input.Text"');
    expect(textOf(card)).toContain('Invite');
  });
});

describe('read-only cards refresh for whoever views them', () => {
  it('a card of a read-only command carries a refresh of that command; a change does not', async () => {
    const { teams } = await start();
    await teams.say('ALEX', 'who admins prod-eu');
    await teams.say('ALEX', 'slot register prod-eu perf');
    const [read, change] = await teams.waitForSent(2);
    expect(cardOf(read).refresh?.action).toMatchObject({
      type: 'Action.Execute',
      verb: 'portal:refresh',
      data: { portal: JSON.stringify({ c: 'who admins', a: { infra: 'prod-eu' } }) },
    });
    expect(cardOf(change).refresh).toBeUndefined();
  });
});

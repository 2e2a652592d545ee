// User text is data in Teams too: hostile names and reasons reach the card inert — no mention, no link, no markup.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestCard } from '../../src/workflow/requests.ts';
import { memoryApp, type TestApp } from '../fakes/app.ts';
import {
  actionOf,
  BOT,
  type Card,
  CHANNEL,
  cardOf,
  type Harness,
  SERVICE,
  type Sent,
  startTeams,
  TENANT,
  textOf,
} from './harness.ts';

const CHANNEL_REF = {
  platform: 'teams' as const,
  serviceUrl: SERVICE,
  tenantId: TENANT,
  conversationId: CHANNEL,
  botId: BOT,
  scope: 'channel' as const,
};

const HOSTILE = '[click](https://evil.example) <at>Boss</at> **x** # head';
/** As escape.ts writes it: markdown punctuation backslashed, angle brackets as entities. */
const HOSTILE_MD = '\\[click\\]\\(https://evil.example) &lt;at&gt;Boss&lt;/at&gt; \\*\\*x\\*\\* \\# head';

let app: TestApp;
let teams: Harness;
beforeEach(async () => {
  app = memoryApp((d) => {
    const c = d.companies[0];
    for (const m of c?.members ?? []) if (m.email === 'jonis@example.com') m.name = HOSTILE;
  });
  teams = await startTeams(app);
});
afterEach(async () => {
  await teams.close();
});

/** The strings Teams reads as markdown: TextBlock texts, fact titles and values, toggle titles. */
function markdownTexts(card: Card): string[] {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (typeof n !== 'object' || n === null) return;
    const o = n as Record<string, unknown>;
    if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
    if (o.type === 'FactSet' && Array.isArray(o.facts))
      for (const f of o.facts as Array<{ title: string; value: string }>) out.push(f.title, f.value);
    if (o.type === 'Input.Toggle' && typeof o.title === 'string') out.push(o.title);
    for (const v of Object.values(o)) walk(v);
  };
  walk(card.body);
  return out;
}

/** Nothing sent can become a mention or a link: no mention entities, and no raw tag or `](` where markdown is read. */
function expectInert(sent: Sent | undefined) {
  expect(sent?.body.entities).toBeUndefined();
  for (const t of markdownTexts(cardOf(sent))) {
    expect(t).not.toMatch(/<at>/i);
    expect(t).not.toMatch(/[^\\]\]\(/);
  }
}

const answer = async (user: string, line: string) => {
  const n = teams.sent.length + 1;
  await teams.say(user, line);
  return (await teams.waitForSent(n))[n - 1];
};

describe('hostile text', () => {
  it('a hostile member name is shown as typed, inert, in the team card and on its buttons', async () => {
    const sent = await answer('ALEX', 'team pending');
    expectInert(sent);
    const card = cardOf(sent);
    expect(textOf(card)).toContain(`${HOSTILE_MD} (jonis@example.com)`);
    // Button titles are plain text (no markdown there): shown as typed, and still no mention.
    expect(actionOf(card, /^Resend to /).title).toBe(`Resend to ${HOSTILE}`);
  });

  it('a hostile reason is inert in the request card the approvers get', async () => {
    await app.say('adelev@example.com', `request infra-admin prod-eu --reason "${HOSTILE}"`);
    const data = await app.data();
    const company = data.companies[0] as (typeof data.companies)[number];
    const request = company.requests.find((r) => r.requester === 'adelev@example.com');
    if (!request) throw new Error('the request was not filed');
    const delivery = await teams.adapter.port.sendChannel(
      { platform: 'teams', conversation: { ...CHANNEL_REF } },
      requestCard(company, request),
    );
    expect(delivery.ok).toBe(true);
    const [sent] = await teams.waitForSent(1);
    expectInert(sent);
    expect(markdownTexts(cardOf(sent))).toContain(HOSTILE_MD);
  });

  it('a hostile name typed in Teams comes back inert', async () => {
    const sent = await answer(
      'ALEX',
      'invite evil@example.com --name "**Boss** [x](https://evil.example)" --member prod-eu',
    );
    expectInert(sent);
    expect(textOf(cardOf(sent))).toContain('\\*\\*Boss\\*\\* \\[x\\]\\(https://evil.example)');
  });

  it('a hostile name submitted through the form comes back inert, in the answer and the updated message', async () => {
    const form = await answer('ALEX', 'invite');
    const r = await teams.press('ALEX', actionOf(cardOf(form), 'Invite'), {
      replyToId: 'sent-1',
      inputs: { email: 'evil@example.com', name: HOSTILE.replace('# head', ''), 'role:prod-eu': 'member' },
    });
    const card = cardOf(r) as Card;
    expect(JSON.stringify(card)).not.toMatch(/<at>/i);
    expect(textOf(card)).toContain('&lt;at&gt;Boss&lt;/at&gt;');
    expectInert(teams.sent.find((s) => s.method === 'PUT'));
  });
});

// team --search TEXT: part of a name, an email or an infrastructure; paged like team; bad text refused.
import { describe, expect, it } from 'vitest';
import { renderBlocks } from '../../adapters/slack/render/blocks.ts';
import { renderCard } from '../../adapters/teams/render/card.ts';
import { memoryApp } from '../fakes/app.ts';

const ALEX = 'alexw@example.com';
const ADELE = 'adelev@example.com';

describe('team --search', () => {
  it('finds a member by part of the name, whatever the case, spaces or invisible characters', async () => {
    const app = memoryApp();
    const r = await app.say(ADELE, 'team --search "  ME\u200BGAN "');
    expect(r.ok).toBe(true);
    expect(r.text).toContain('1 member matching *megan*.');
    expect(r.text).toContain('Megan Bowen <meganb@example.com>');
    expect(r.text).not.toContain('Alex Wilber');
  });

  it('finds by part of an email', async () => {
    const r = await memoryApp().say(ADELE, 'team --search leeg@');
    expect(r.text).toContain('Lee Gu <leeg@example.com>');
    expect(r.text).toContain('1 member matching');
  });

  it('finds who holds a role on an infrastructure named by part of its id', async () => {
    const r = await memoryApp().say(ADELE, 'team --search hybrid');
    expect(r.text).toContain('Lee Gu <leeg@example.com>');
    expect(r.text).toContain('Joni Sherman <jonis@example.com>');
    expect(r.text).not.toContain('Megan Bowen');
  });

  it('combines with a status and with --infra', async () => {
    const app = memoryApp();
    const pending = await app.say(ADELE, 'team pending --search joni');
    expect(pending.text).toContain('Joni Sherman');
    expect((await app.say(ADELE, 'team active --search joni')).text).toContain('Nobody matches');
    const onProd = await app.say(ADELE, 'team --infra prod-eu --search diego');
    expect(onProd.text).toContain('Diego Siciliani');
    expect((await app.say(ADELE, 'team --infra dev-eu --search diego')).text).toContain('Nobody matches');
  });

  it('searches support contacts by email', async () => {
    const r = await memoryApp().say(ALEX, 'team contacts --search msp');
    expect(r.text).toContain('ops@msp.example');
    expect(r.text).not.toContain('kim@partner.example');
  });

  it('pages a long result like team, and the pager keeps the search', async () => {
    const app = memoryApp();
    for (let i = 1; i <= 12; i++) expect((await app.say(ALEX, `invite qa${i}@example.com`)).ok).toBe(true);
    const first = await app.say(ADELE, 'team --search qa');
    expect(first.text).toContain('12 members matching *qa*.');
    expect(first.text).toMatch(/Page 1 of 2/);
    const pager = first.outcome.reply.view.blocks.find((b) => b.kind === 'pager');
    expect(pager?.kind === 'pager' && pager.command.args.search).toBe('qa');
    const second = await app.press(ADELE, {
      name: 'team',
      args: { ...(pager?.kind === 'pager' ? pager.command.args : {}), page: '2' },
    });
    expect(second.text).toMatch(/Page 2 of 2/);
    expect(second.text).not.toContain('Megan Bowen');
  });

  it('says plainly when nobody matches, and what search looks in', async () => {
    const r = await memoryApp().say(ADELE, 'team --search zebra');
    expect(r.ok).toBe(true);
    expect(r.text).toContain('Nobody matches *zebra*. Search looks in names, emails and infrastructures');
  });

  it.each([
    ['empty text', 'team --search ""', 'the search text cannot be empty'],
    ['blank text', 'team --search "   "', 'the search text cannot be empty'],
    [
      'only invisible characters',
      'team --search "\u200B\u200B"',
      'cannot be made only of invisible characters',
    ],
    [
      'text that is too long',
      `team --search ${'a'.repeat(101)}`,
      'the search text is at most 100 characters',
    ],
    ['no text at all', 'team --search', '*--search*: needs a value'],
  ])('refuses %s, naming the problem and the usage', async (_, line, problem) => {
    const r = await memoryApp().say(ADELE, line);
    expect(r.ok).toBe(false);
    expect(r.text).toContain(problem);
    expect(r.text).toContain('team [active|pending|contacts] [--infra X] [--search TEXT]');
  });

  it('is refused to a support contact and to a pending invitee, like team', async () => {
    const app = memoryApp();
    for (const who of ['ops@msp.example', 'nestorw@example.com']) {
      const r = await app.say(who, 'team --search megan');
      expect(r.ok).toBe(false);
      expect(r.outcome.result.ok ? 'ok' : r.outcome.result.failure.kind).toBe('denied');
      expect(r.text).not.toContain('meganb@example.com');
    }
  });
});

describe('the search text in an answer', () => {
  it('is data in every chat: no mention, link or markup comes through', async () => {
    const r = await memoryApp().say(
      ADELE,
      'team --search "<!channel> [x](https://evil.example) <at>Boss</at>"',
    );
    expect(r.text).toContain('Nobody matches');
    const slack = JSON.stringify(renderBlocks(r.outcome.reply.view).blocks);
    expect(slack).toContain('&lt;!channel&gt;');
    expect(slack).not.toContain('<!channel>');
    const card = JSON.stringify(renderCard(r.outcome.reply.view));
    expect(card).not.toContain('<at>');
    expect(card).not.toContain('[x](https://evil.example)');
  });
});

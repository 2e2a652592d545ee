// help by topic: a short overview, a topic's commands (only those the caller can use), one command's details.
import { describe, expect, it } from 'vitest';
import { renderBlocks } from '../../adapters/slack/render/blocks.ts';
import { TOPICS } from '../../src/commands/help-topics.ts';
import { commands } from '../../src/commands/registry.ts';
import { renderText } from '../../src/views/render-text.ts';
import { memoryApp } from '../fakes/app.ts';

const ALEX = 'alexw@example.com'; // Company Admin
const ADELE = 'adelev@example.com'; // Member of prod-eu
const STRANGER = 'nobody@elsewhere.example';

async function help(who: string, line: string) {
  const { outcome } = await memoryApp().say(who, line);
  return { outcome, text: renderText(outcome.reply.view).text };
}

describe('the topics', () => {
  it('hold every registered command exactly once, and name no other', () => {
    const names = commands().map((c) => c.name);
    const listed = TOPICS.flatMap((t) => t.commands);
    expect([...listed].sort()).toEqual([...names].sort());
    expect(new Set(TOPICS.map((t) => t.name)).size).toBe(TOPICS.length);
  });
});

describe('help', () => {
  it('for a Company Admin is a short overview: well under Slack’s 50 blocks', async () => {
    const { outcome, text } = await help(ALEX, 'help');
    expect(outcome.result.ok).toBe(true);
    const { blocks } = renderBlocks(outcome.reply.view);
    expect(blocks.length).toBeLessThanOrEqual(20);
    for (const t of TOPICS) expect(text).toContain(`\`${t.name}\``);
    // Topics, not every command's usage line.
    expect(text).not.toContain('--infra-admin');
  });

  it('offers a button per topic that opens it', async () => {
    const app = memoryApp();
    const { outcome } = await app.say(ALEX, 'help');
    const actions = outcome.reply.view.blocks.flatMap((b) => (b.kind === 'actions' ? b.actions : []));
    expect(actions.map((a) => a.command.args.command)).toContain('roles');
    const roles = actions.find((a) => a.command.args.command === 'roles');
    const pressed = await app.run(
      { chat: 'console', email: ALEX },
      { kind: 'command', ref: roles?.command ?? { name: '', args: {} } },
    );
    expect(renderText(pressed.reply.view).text).toContain('grant company-admin EMAIL');
  });

  it('shows a member only the topics where something is open to them', async () => {
    const { text } = await help(ADELE, 'help');
    expect(text).toContain('`people`');
    expect(text).toContain('`requests`');
    expect(text).not.toContain('`roles`');
    expect(text).not.toContain('`settings`');
  });

  it('shows someone unknown only the account topic', async () => {
    const { outcome, text } = await help(STRANGER, 'help');
    expect(outcome.result.ok).toBe(true);
    expect(text).toContain('`account`');
    expect(text).not.toContain('`people`');
  });
});

describe('help TOPIC', () => {
  it('lists the commands of the topic the caller can use, with usage, and counts the others', async () => {
    const { text } = await help(ADELE, 'help people');
    expect(text).toContain('who admins [INFRA]');
    expect(text).not.toContain('invite EMAIL');
    expect(text).toMatch(/\d+ more commands here need a role you do not have: .*invite.*remove/);
  });

  it('for a Company Admin lists the role commands', async () => {
    const { text } = await help(ALEX, 'help roles');
    for (const usage of [
      'grant company-admin EMAIL',
      'revoke infra-admin EMAIL INFRA',
      'grant access EMAIL INFRA',
    ])
      expect(text).toContain(usage);
    expect(text).not.toContain('more command');
  });

  it('a topic named like a command (cases) shows the topic and that command’s details', async () => {
    const { text } = await help(ALEX, 'help cases');
    expect(text).toContain('Support cases');
    expect(text).toContain('Examples: `cases`');
  });

  it('a misspelt topic finds the nearest one', async () => {
    expect((await help(ALEX, 'help peeple')).text).toContain('help people');
  });

  it('where nothing in the topic is open, says so', async () => {
    const { text } = await help(ADELE, 'help settings');
    expect(text).toContain('None of these is open to you');
    expect(text).toContain('settings approvals-channel');
  });
});

describe('help COMMAND', () => {
  it('shows usage, examples and who may run it', async () => {
    const { text } = await help(ADELE, 'help invite');
    expect(text).toContain('Usage: `invite EMAIL');
    expect(text).toContain('Examples: `invite ana@example.com');
    expect(text).toContain('Who: company admin, infra admin of scope.');
  });

  it('an unknown subject is refused with the topics that exist, changing nothing', async () => {
    const { outcome, text } = await help(ALEX, 'help zzzz');
    expect(outcome.result).toMatchObject({ ok: false, failure: { kind: 'not-found', name: 'zzzz' } });
    expect(text).toContain('topics are account, people, roles');
    expect(outcome.changed).toBeFalsy();
  });
});

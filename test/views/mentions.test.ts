// Linked people are mentioned where the platform notifies: `<@U…>` in their Slack workspace, `<at>` with its entity in their Teams tenant.
import { afterEach, describe, expect, it } from 'vitest';
import { renderBlocks } from '../../adapters/slack/render/blocks.ts';
import { spansToMrkdwn } from '../../adapters/slack/render/mrkdwn.ts';
import { renderCard } from '../../adapters/teams/render/card.ts';
import { renderText } from '../../src/views/render-text.ts';
import { memberRef, plain, textBlock, view } from '../../src/views/view.ts';
import { memoryApp } from '../fakes/app.ts';
import { shown, startSlack } from '../slack/harness.ts';
import { cardOf, startTeams, textOf } from '../teams/harness.ts';

const OID = '0f1e2d3c-4b5a-4678-9abc-def012345678';
const ana = {
  name: 'Ana Lima',
  email: 'ana@example.com',
  identities: [
    { platform: 'slack' as const, teamId: 'T1', userId: 'U0ANA' },
    { platform: 'teams' as const, tenantId: 'tenant-1', aadObjectId: OID },
  ],
};
const unlinked = { name: 'Raj Patel', email: 'raj@example.com' };

describe('Slack', () => {
  it('mentions a member linked in the workspace written to, and no one else', () => {
    expect(spansToMrkdwn([memberRef(ana)], 'T1')).toBe('<@U0ANA>');
    expect(spansToMrkdwn([memberRef(ana)], 'T2')).toBe('Ana Lima (ana@example.com)');
    expect(spansToMrkdwn([memberRef(ana)])).toBe('Ana Lima (ana@example.com)');
    expect(spansToMrkdwn([memberRef(unlinked)], 'T1')).toBe('Raj Patel (raj@example.com)');
  });

  it('never puts anything but a Slack user id inside <@…>, and user text never mentions', () => {
    const forged = {
      ...ana,
      identities: [{ platform: 'slack' as const, teamId: 'T1', userId: 'U1>|<!channel' }],
    };
    expect(spansToMrkdwn([memberRef(forged)], 'T1')).toBe('Ana Lima (ana@example.com)');
    expect(spansToMrkdwn([plain('<@U0ANA> <!channel>')], 'T1')).toBe('&lt;@U0ANA&gt; &lt;!channel&gt;');
  });

  it('renderBlocks takes the workspace; the notification text names people without markup', () => {
    const { blocks, text } = renderBlocks(view([textBlock('Approved by ', memberRef(ana), '.')]), {
      surface: 'message',
      teamId: 'T1',
    });
    expect(blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'Approved by <@U0ANA>.', verbatim: true } },
    ]);
    expect(text).toBe('Approved by Ana Lima (ana@example.com).');
  });
});

describe('Teams', () => {
  it('mentions a member linked in the tenant with <at> and the mention entity', () => {
    const card = renderCard(
      view([textBlock('Approved by ', memberRef(ana), ' and ', memberRef(unlinked), '.')]),
      {
        tenantId: 'tenant-1',
      },
    );
    expect(card.body[0]).toMatchObject({
      text: 'Approved by <at>Ana Lima</at> and Raj Patel (raj@example.com).',
    });
    expect(card.msteams).toEqual({
      entities: [{ type: 'mention', text: '<at>Ana Lima</at>', mentioned: { id: OID, name: 'Ana Lima' } }],
    });
  });

  it('another tenant, or none, gets "Name (email)" and no entity', () => {
    for (const opts of [{ tenantId: 'tenant-2' }, {}]) {
      const card = renderCard(view([textBlock(memberRef(ana))]), opts);
      expect(card.body[0]).toMatchObject({ text: 'Ana Lima (ana@example.com)' });
      expect(card.msteams).toBeUndefined();
    }
  });

  it('a name markup could read, or an id that is not an Entra object id, is never mentioned', () => {
    for (const name of ['<at>Boss</at>', 'Ana *bold*', '[x](https://evil.example)', ' ']) {
      const card = renderCard(view([textBlock(memberRef({ ...ana, name }))]), { tenantId: 'tenant-1' });
      expect(card.msteams).toBeUndefined();
      expect(JSON.stringify(card.body)).not.toContain('<at>');
    }
    const forged = {
      ...ana,
      identities: [{ platform: 'teams' as const, tenantId: 'tenant-1', aadObjectId: '29:x' }],
    };
    expect(
      renderCard(view([textBlock(memberRef(forged))]), { tenantId: 'tenant-1' }).msteams,
    ).toBeUndefined();
  });

  it('the same person twice is one entity', () => {
    const card = renderCard(view([textBlock(memberRef(ana), ', ', memberRef(ana))]), {
      tenantId: 'tenant-1',
    });
    expect(card.msteams?.entities).toHaveLength(1);
  });
});

describe('the console', () => {
  it('names people with their email, never a platform mention', () => {
    expect(renderText(view([textBlock(memberRef(ana))])).text).toBe('Ana Lima <ana@example.com>');
  });
});

describe('through the chats, once a member has used the bot (and so is linked)', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });

  it('Slack: a channel post mentions linked members of the bot workspace; a DM and an answer to the caller do not', async () => {
    const app = memoryApp();
    const slack = await startSlack(app);
    closers.push(() => slack.close());
    await slack.slash('UMEGAN', 'whoami');
    await slack.waitForSent(1);
    await slack.slash('UADELE', 'who admins prod-eu?');
    const [, answer] = await slack.waitForSent(2);
    // The caller's own answer is private: names and emails, no pings.
    expect(shown(answer)).toContain('Megan Bowen (meganb@example.com)');
    const megan = (await app.data()).companies[0]?.members.find((m) => m.email === 'meganb@example.com');
    const card = view([textBlock('Approver: ', memberRef(megan ?? unlinked))]);
    const port = slack.port;
    await port.sendChannel({ platform: 'slack', channel: 'C0APPROVALS' }, card);
    await port.sendChannel({ platform: 'slack', channel: 'D0MEGAN' }, card);
    const posted = slack.sent
      .filter((x) => x.path.endsWith('chat.postMessage'))
      .map((x) => String(x.body.blocks));
    expect(posted[0]).toContain('Approver: <@UMEGAN>');
    expect(posted[1]).toContain('Approver: Megan Bowen (meganb@example.com)');
  });

  it('Teams: an answer in a channel mentions Megan with <at> and the entity; in a personal chat it does not', async () => {
    const teams = await startTeams(memoryApp());
    closers.push(() => teams.close());
    await teams.say('MEGAN', 'whoami');
    await teams.waitForSent(1);
    await teams.say('ADELE', 'who admins prod-eu', { scope: 'channel' });
    const [, inChannel] = await teams.waitForSent(2);
    expect(textOf(cardOf(inChannel))).toContain('<at>Megan Bowen</at>');
    expect((cardOf(inChannel) as unknown as { msteams?: unknown }).msteams).toEqual({
      entities: [
        {
          type: 'mention',
          text: '<at>Megan Bowen</at>',
          mentioned: { id: 'a1000000-0000-0000-0000-000000000002', name: 'Megan Bowen' },
        },
      ],
    });
    await teams.say('ADELE', 'who admins prod-eu');
    const [, , personal] = await teams.waitForSent(3);
    expect(textOf(cardOf(personal))).toContain('Megan Bowen (meganb@example.com)');
    expect((cardOf(personal) as unknown as { msteams?: unknown }).msteams).toBeUndefined();
  });
});

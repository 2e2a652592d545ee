// Slack: buttons, overflow menus, modals and the Home tab, each authorized again when used.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryApp, type TestApp } from '../fakes/app.ts';
import { type Harness, shown, startSlack } from './harness.ts';

let app: TestApp;
let slack: Harness;
beforeEach(async () => {
  app = memoryApp();
  slack = await startSlack(app);
});
afterEach(async () => {
  await slack.close();
});

const member = async (email: string) =>
  (await app.data()).companies[0]?.members.find((m) => m.email === email);

const inviteMeta = {
  c: 'invite',
  a: {},
  f: [
    ['email', 'text'],
    ['name', 'text'],
    ['company-admin', 'checkbox'],
    ['role:prod-eu', 'select'],
    ['lifetime', 'checkbox'],
  ],
  ch: 'C0GENERAL',
};
const filled = (email: string, role = 'member', lifetime = false) => ({
  email: { email: { type: 'plain_text_input', value: email } },
  name: { name: { type: 'plain_text_input', value: 'Ana Lima' } },
  'company-admin': { 'company-admin': { type: 'checkboxes', selected_options: [] } },
  'role:prod-eu': {
    'role:prod-eu': {
      type: 'static_select',
      selected_option: { text: { type: 'plain_text', text: role }, value: role },
    },
  },
  lifetime: {
    lifetime: {
      type: 'checkboxes',
      selected_options: lifetime ? [{ text: { type: 'plain_text', text: 'x' }, value: 'true' }] : [],
    },
  },
});

describe('buttons', () => {
  it('a pressed button runs its command for the presser and answers below the card', async () => {
    await slack.press('UALEX', { name: 'resend', args: { email: 'pattif@example.com' } });
    const [answer] = await slack.waitForSent(1);
    expect(answer?.body.replace_original).toBe(false);
    expect(shown(answer)).toContain('Invitation renewed');
  });

  it('a pager button replaces the card it was on', async () => {
    await slack.press('UALEX', { name: 'team', args: { status: 'all', page: '2' } });
    const [answer] = await slack.waitForSent(1);
    expect(answer?.body.replace_original).toBe(true);
    expect(shown(answer)).toContain('Page 2 of 2');
  });

  it('a button is no permission: a Member pressing an admin button is refused and nothing changes', async () => {
    await slack.press('UADELE', { name: 'cancel-invite', args: { email: 'pattif@example.com' } });
    const [answer] = await slack.waitForSent(1);
    expect(shown(answer)).toContain("You can't do that");
    expect(await member('pattif@example.com')).toBeDefined();
  });

  it('a second press of a spent button changes nothing', async () => {
    await slack.press(
      'UALEX',
      { name: 'slot release', args: { infra: 'prod-eu', env: 'test' } },
      { messageTs: '111.1' },
    );
    await slack.waitForSent(1);
    await slack.slash('UALEX', 'slot register prod-eu test');
    await slack.waitForSent(2);
    await slack.press(
      'UALEX',
      { name: 'slot release', args: { infra: 'prod-eu', env: 'test' } },
      { messageTs: '111.1' },
    );
    const sent = await slack.waitForSent(3);
    expect(shown(sent[2])).toContain('already done');
    const prod = (await app.data()).companies[0]?.subscriptions[0]?.infrastructures.find(
      (i) => i.id === 'prod-eu',
    );
    expect(prod?.slots.map((s) => s.env)).toContain('test');
  });

  it('a stale card says so and is redrawn from the command that drew it', async () => {
    await slack.slash('UALEX', 'slot release prod-eu test');
    await slack.waitForSent(1);
    await slack.press(
      'UMEGAN',
      { name: 'slot release', args: { infra: 'prod-eu', env: 'test' } },
      { source: { name: 'slots', args: { infra: 'prod-eu' } } },
    );
    const sent = await slack.waitForSent(2);
    expect(sent[1]?.body.replace_original).toBe(true);
    const text = shown(sent[1]);
    expect(text).toContain('out of date');
    expect(text).toContain('2 of 4 environment slots used');
  });

  it('the cards of read-only answers carry the command that drew them', async () => {
    await slack.slash('UMEGAN', 'slots prod-eu');
    const [answer] = await slack.waitForSent(1);
    expect(shown(answer)).toContain('\\"s\\":{\\"c\\":\\"slots\\"');
  });

  it('an overflow menu option is decoded like a button', async () => {
    await slack.press('UALEX', { name: 'resend', args: { email: 'pattif@example.com' } }, { overflow: true });
    const [answer] = await slack.waitForSent(1);
    expect(shown(answer)).toContain('Invitation renewed');
  });

  it('a button whose value is not ours is refused without a change', async () => {
    const before = JSON.stringify(await app.data());
    const raw = new URLSearchParams({
      payload: JSON.stringify({
        type: 'block_actions',
        team: { id: 'T0000DEMO' },
        user: { id: 'UALEX', team_id: 'T0000DEMO' },
        response_url: 'https://hooks.slack.com/actions/x/y/z',
        trigger_id: 't',
        actions: [
          {
            action_id: 'portal:remove:1',
            block_id: 'b',
            type: 'button',
            value: '{"c":"remove"}',
            action_ts: '1',
          },
        ],
      }),
    }).toString();
    expect((await slack.post(raw)).status).toBe(200);
    const [answer] = await slack.waitForSent(1);
    expect(shown(answer)).toContain("don't recognise that button");
    expect(JSON.stringify(await app.data())).toBe(before);
  });

  it('an "Open form" button opens the modal with the trigger of the press', async () => {
    await slack.press('UALEX', { name: '__open_form', args: { command: 'invite' } });
    const [opened] = await slack.waitForSent(1);
    expect(opened?.path).toBe('views.open');
  });
});

describe('the "Add team member" modal', () => {
  it('a submission invites the person and posts the result privately in the channel', async () => {
    const res = await slack.submit('UALEX', inviteMeta, filled('ana@example.com', 'admin', true));
    expect(res.status).toBe(200);
    const [answer] = await slack.waitForSent(1);
    expect(answer?.path).toBe('chat.postEphemeral');
    expect(answer?.body.channel).toBe('C0GENERAL');
    expect(shown(answer)).toContain('Invited');
    const ana = await member('ana@example.com');
    expect(ana?.roles['prod-eu']).toBe('admin');
    expect(ana?.invitation?.lifetime?.username).toBe('ana@example.com');
  });

  it('a bad email is shown next to the field and the modal stays open', async () => {
    const res = await slack.submit('UALEX', inviteMeta, filled('not-an-email'));
    expect(JSON.parse(res.text)).toMatchObject({
      response_action: 'errors',
      errors: { email: expect.stringContaining('email') },
    });
    expect(slack.sent).toHaveLength(0);
    expect(await member('not-an-email')).toBeUndefined();
  });

  it('a forged submission asking for more than the presser may grant is refused in the open modal', async () => {
    const res = await slack.submit(
      'UMEGAN',
      { ...inviteMeta, f: [...inviteMeta.f, ['company-admin', 'checkbox']] },
      {
        ...filled('ana@example.com'),
        'company-admin': { 'company-admin': { type: 'checkboxes', selected_options: [{ value: 'true' }] } },
      },
    );
    const answer = JSON.parse(res.text);
    expect(answer.response_action).toBe('errors');
    expect(Object.keys(answer.errors)).toEqual(['email']);
    expect(answer.errors.email).toContain("You can't do that");
    expect(slack.sent).toHaveLength(0);
    expect(await member('ana@example.com')).toBeUndefined();
  });

  it('tampered private metadata is refused without a change', async () => {
    await slack.submit('UALEX', 'not json', filled('ana@example.com'));
    const [answer] = await slack.waitForSent(1);
    expect(shown(answer)).toContain("don't recognise");
    expect(await member('ana@example.com')).toBeUndefined();
  });

  it('the same submission delivered twice invites once', async () => {
    await slack.submit('UALEX', inviteMeta, filled('ana@example.com'), { viewId: 'V-SAME' });
    await slack.submit('UALEX', inviteMeta, filled('ana@example.com'), { viewId: 'V-SAME' });
    const sent = await slack.waitForSent(2);
    expect(shown(sent[1])).toContain('already done');
    expect((await app.data()).audit.filter((e) => e.action === 'member.invite')).toHaveLength(1);
  });
});

describe('App Home', () => {
  it('opening the Home tab publishes who you are, your roles and shortcuts', async () => {
    await slack.event({ type: 'app_home_opened', user: 'UMEGAN', channel: 'D0MEGAN', tab: 'home' });
    const [published] = await slack.waitForSent(1);
    expect(published?.path).toBe('views.publish');
    expect(published?.body.user_id).toBe('UMEGAN');
    const home = shown(published);
    expect(home).toContain('Megan Bowen');
    expect(home).toContain('Infra Admin of prod-eu');
    expect(home).toContain('Add team member');
  });

  it('a shortcut pressed on the Home tab answers by direct message', async () => {
    await slack.press('UMEGAN', { name: 'cases', args: {} }, { responseUrl: false });
    const [answer] = await slack.waitForSent(1);
    expect(answer?.path).toBe('chat.postMessage');
    expect(answer?.body.channel).toBe('UMEGAN');
  });
});

describe('mentions and direct messages', () => {
  it('@portal in a channel answers privately to the person, in the thread', async () => {
    await slack.event({
      type: 'app_mention',
      user: 'UADELE',
      text: '<@U0BOT> who admins prod-eu?',
      channel: 'C0GENERAL',
      ts: '1.1',
      thread_ts: '0.9',
    });
    const [answer] = await slack.waitForSent(1);
    expect(answer?.path).toBe('chat.postEphemeral');
    expect(answer?.body).toMatchObject({ channel: 'C0GENERAL', user: 'UADELE', thread_ts: '0.9' });
    expect(shown(answer)).toContain('Megan Bowen');
  });

  it('a direct message is answered in the DM, without unfurling', async () => {
    await slack.event({
      type: 'message',
      channel_type: 'im',
      user: 'UALEX',
      text: 'whoami',
      channel: 'D0ALEX',
      ts: '2.1',
    });
    const [answer] = await slack.waitForSent(1);
    expect(answer?.path).toBe('chat.postMessage');
    expect(answer?.body).toMatchObject({ channel: 'D0ALEX', unfurl_links: 'false' });
  });

  it('messages from bots and edits are not commands', async () => {
    await slack.event({
      type: 'message',
      channel_type: 'im',
      user: 'UALEX',
      bot_id: 'B1',
      text: 'remove adelev@example.com --confirm',
      channel: 'D0ALEX',
      ts: '3.1',
    });
    await slack.event({
      type: 'message',
      subtype: 'message_changed',
      channel_type: 'im',
      channel: 'D0ALEX',
      ts: '3.2',
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(slack.sent).toHaveLength(0);
    expect(await member('adelev@example.com')).toBeDefined();
  });
});

describe('the "Edit permissions" form', () => {
  /** The command behind the first button whose action id starts with `prefix`, in a sent message. */
  function buttonIn(sent: { body: Record<string, unknown> } | undefined, prefix: string) {
    const blocks = JSON.parse(String(sent?.body.blocks ?? '[]')) as unknown[];
    let found: { name: string; args: Record<string, string> } | undefined;
    JSON.stringify(blocks, (_k, v) => {
      if (
        !found &&
        v &&
        typeof v === 'object' &&
        String((v as { action_id?: string }).action_id).startsWith(prefix)
      ) {
        const { c, a } = JSON.parse((v as { value: string }).value);
        found = { name: c, args: a };
      }
      return v;
    });
    if (!found) throw new Error(`no ${prefix} button in ${JSON.stringify(blocks)}`);
    return found;
  }
  const modalOf = (s: { body: Record<string, unknown> } | undefined) =>
    JSON.parse(String(s?.body.view)) as {
      title: { text: string };
      blocks: unknown[];
      private_metadata: string;
    };

  it('"Open form" in a DM opens the modal with the press’s trigger, and never submits', async () => {
    await slack.event({
      type: 'message',
      channel_type: 'im',
      user: 'UALEX',
      text: 'edit adelev@example.com',
      channel: 'D0ALEX',
      ts: '7.1',
    });
    const [answer] = await slack.waitForSent(1);
    expect(answer?.path).toBe('chat.postMessage');
    const open = buttonIn(answer, 'portal:open-form');
    const before = (await app.data()).audit.length;
    await slack.press('UALEX', open);
    const [, opened] = await slack.waitForSent(2);
    expect(opened?.path).toBe('views.open');
    expect(modalOf(opened).title.text).toBe('Edit permissions');
    expect(JSON.parse(modalOf(opened).private_metadata)).toMatchObject({
      c: 'edit',
      a: { email: 'adelev@example.com', submitted: 'true' },
    });
    expect((await app.data()).audit.length).toBe(before);
  });

  it('"Open form" under an @mention opens the modal too', async () => {
    await slack.event({
      type: 'app_mention',
      user: 'UALEX',
      text: '<@U0BOT> edit adelev@example.com',
      channel: 'C0GENERAL',
      ts: '7.2',
    });
    const [answer] = await slack.waitForSent(1);
    await slack.press('UALEX', buttonIn(answer, 'portal:open-form'));
    const [, opened] = await slack.waitForSent(2);
    expect(opened?.path).toBe('views.open');
    expect(modalOf(opened).title.text).toBe('Edit permissions');
  });

  it('"Edit Adele Vance" in the team overflow opens the modal in one click', async () => {
    await slack.press('UALEX', { name: 'edit', args: { email: 'adelev@example.com' } }, { overflow: true });
    const [opened] = await slack.waitForSent(1);
    expect(opened?.path).toBe('views.open');
    expect(modalOf(opened).title.text).toBe('Edit permissions');
  });

  const editMeta = {
    c: 'edit',
    a: { email: 'adelev@example.com', submitted: 'true' },
    f: [
      ['company-admin', 'checkbox'],
      ['role:prod-eu', 'select'],
    ],
    ch: 'C0GENERAL',
  };
  const edited = (role: string, companyAdmin: boolean) => ({
    'company-admin': {
      'company-admin': { type: 'checkboxes', selected_options: companyAdmin ? [{ value: 'true' }] : [] },
    },
    'role:prod-eu': { 'role:prod-eu': { type: 'static_select', selected_option: { value: role } } },
  });

  it('a refused submission keeps the modal open, the reason by the field; nothing changes', async () => {
    // Megan is Infra Admin of prod-eu, not a Company Admin: the forged box is refused.
    const before = JSON.stringify(await member('adelev@example.com'));
    const res = await slack.submit('UMEGAN', editMeta, edited('admin', true));
    const body = JSON.parse(res.text);
    expect(body.response_action).toBe('errors');
    expect(body.errors['company-admin']).toContain("You can't do that");
    expect(slack.sent).toHaveLength(0);
    expect(JSON.stringify(await member('adelev@example.com'))).toBe(before);
  });

  it('a bad value is shown under its own field', async () => {
    const res = await slack.submit('UALEX', editMeta, edited('owner', false));
    expect(JSON.parse(res.text)).toMatchObject({
      response_action: 'errors',
      errors: { 'role:prod-eu': expect.stringContaining('none, member or admin') },
    });
  });

  it('an accepted submission closes the modal and says what changed', async () => {
    const res = await slack.submit('UALEX', editMeta, edited('admin', false));
    expect(res.text).toBe('');
    const [answer] = await slack.waitForSent(1);
    expect(shown(answer)).toContain('Permissions of Adele Vance changed');
    expect((await member('adelev@example.com'))?.roles['prod-eu']).toBe('admin');
  });
});

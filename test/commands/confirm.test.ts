// Typed destructive commands ask to confirm, as their buttons do: one mechanism (commands/confirm.ts) for text and buttons.
import { describe, expect, it } from 'vitest';
import {
  ADELE,
  ALEX,
  actionsOf,
  button,
  company,
  kind,
  LEE,
  MEGAN,
  member,
  PRADEEP,
  world,
} from '../workflow/harness.ts';

const DIEGO = 'diegos@example.com'; // Infra Admin of onprem-1, security contact
const OPS = 'ops@msp.example';

describe.each([
  [
    'remove',
    `remove ${ADELE}`,
    async (w: ReturnType<typeof world>) => (await member(w.app, ADELE)) === undefined,
  ],
  [
    'revoke company-admin',
    `revoke company-admin ${PRADEEP}`,
    async (w: ReturnType<typeof world>) => (await member(w.app, PRADEEP))?.companyAdmin === false,
  ],
  [
    'cancel-invite',
    'cancel-invite nestorw@example.com',
    async (w: ReturnType<typeof world>) => (await member(w.app, 'nestorw@example.com')) === undefined,
  ],
  [
    'remove-contact',
    `remove-contact ${OPS}`,
    async (w: ReturnType<typeof world>) => !(await company(w.app)).contacts.some((c) => c.email === OPS),
  ],
])('typed %s', (_, line, done) => {
  it('explains what will happen and changes nothing until confirmed', async () => {
    const w = world();
    const before = (await w.app.data()).audit.length;
    const r = await w.app.say(ALEX, line);
    expect(r.ok, r.text).toBe(true);
    expect(r.text).toContain('Nothing has changed yet');
    expect(r.text).toContain(`${line} --confirm`);
    expect(actionsOf(r.outcome.reply.view).map((a) => a.label)).toEqual(['Confirm']);
    expect(await done(w)).toBe(false);
    expect((await w.app.data()).audit).toHaveLength(before);
  });

  it('runs with --confirm', async () => {
    const w = world();
    const r = await w.app.say(ALEX, `${line} --confirm`);
    expect(r.ok, r.text).toBe(true);
    expect(await done(w)).toBe(true);
  });

  it('runs when its Confirm button is pressed by the one who was asked', async () => {
    const w = world();
    const asked = await w.app.say(ALEX, line);
    const r = await w.app.press(ALEX, button(asked.outcome.reply.view, 'Confirm'));
    expect(r.ok, r.text).toBe(true);
    expect(await done(w)).toBe(true);
  });

  it("another Company Admin pressing someone else's Confirm button confirms nothing", async () => {
    const w = world();
    const asked = await w.app.say(ALEX, line);
    const ref = button(asked.outcome.reply.view, 'Confirm');
    const forged = await w.app.press(ALEX, { ...ref, args: { ...ref.args, confirm: '0'.repeat(20) } });
    expect(kind(forged)).toBe('invalid');
    expect(forged.text).toContain('made for someone else or for other arguments');
    // Pradeep may do this himself, but Alex's button does not confirm it for him (unless it is about him).
    if (!line.includes(PRADEEP)) expect(kind(await w.app.press(PRADEEP, ref))).toBe('invalid');
    expect(await done(w)).toBe(false);
  });

  it('is refused to someone without the role, confirmed or not, and nothing changes', async () => {
    const w = world();
    expect(kind(await w.app.say(MEGAN, `${line} --confirm`))).toBe('denied');
    expect(await done(w)).toBe(false);
  });

  it('bad input: a value given to --confirm is refused and says how to confirm', async () => {
    const w = world();
    const r = await w.app.say(ALEX, `${line} --confirm=maybe`);
    expect(kind(r)).toBe('invalid');
    expect(r.text).toContain('write --confirm on its own');
    expect(await done(w)).toBe(false);
  });
});

describe('the last Infra Admin of an infrastructure (reproduction 6)', () => {
  it('revoking them warns first, names who can name a new one, and asks to confirm', async () => {
    const w = world();
    const r = await w.app.say(ALEX, `revoke infra-admin ${DIEGO} onprem-1`);
    expect(r.ok, r.text).toBe(true);
    expect(r.text).toContain('Diego Siciliani is the last Infra Admin of onprem-1');
    expect(r.text).toContain('Alex Wilber, Pradeep Gupta');
    expect(r.text).toContain('grant infra-admin EMAIL onprem-1');
    expect((await member(w.app, DIEGO))?.roles['onprem-1']).toBe('admin');
    const done = await w.app.press(ALEX, button(r.outcome.reply.view, 'Confirm'));
    expect(done.ok, done.text).toBe(true);
    expect((await member(w.app, DIEGO))?.roles['onprem-1']).toBe('member');
  });

  it('revoke access and remove warn the same way', async () => {
    const w = world();
    expect((await w.app.say(ALEX, `revoke access ${DIEGO} onprem-1`)).text).toContain(
      'last Infra Admin of onprem-1',
    );
    const removal = await w.app.say(ALEX, `remove ${DIEGO}`);
    expect(removal.text).toContain('last Infra Admin of onprem-1');
    expect((await member(w.app, DIEGO))?.roles['onprem-1']).toBe('admin');
  });

  it('the Edit permissions form warns the same way before demoting them, and its Confirm applies the form', async () => {
    const w = world();
    const r = await w.app.say(ALEX, `edit ${DIEGO} --role:onprem-1 member`);
    expect(r.ok, r.text).toBe(true);
    expect(r.text).toContain('Diego Siciliani is the last Infra Admin of onprem-1');
    expect(r.text).toContain(`edit ${DIEGO} --role:onprem-1 member --confirm`);
    expect((await member(w.app, DIEGO))?.roles['onprem-1']).toBe('admin');
    // Another person's press of that Confirm confirms nothing.
    const foreign = await w.app.press(PRADEEP, button(r.outcome.reply.view, 'Confirm'));
    expect(foreign.ok).toBe(false);
    expect((await member(w.app, DIEGO))?.roles['onprem-1']).toBe('admin');
    const done = await w.app.press(ALEX, button(r.outcome.reply.view, 'Confirm'));
    expect(done.ok, done.text).toBe(true);
    expect((await member(w.app, DIEGO))?.roles['onprem-1']).toBe('member');
  });

  it('typed with --confirm, the form demotes the last Infra Admin at once', async () => {
    const w = world();
    const r = await w.app.say(ALEX, `edit ${DIEGO} --role:onprem-1 none --confirm`);
    expect(r.ok, r.text).toBe(true);
    expect((await member(w.app, DIEGO))?.roles['onprem-1']).toBeUndefined();
  });

  it('an Infra Admin with another beside them goes without a question', async () => {
    const w = world();
    await w.app.say(ALEX, `grant infra-admin ${ADELE} prod-eu`);
    const r = await w.app.say(ALEX, `revoke infra-admin ${MEGAN} prod-eu`);
    expect(r.ok, r.text).toBe(true);
    expect((await member(w.app, MEGAN))?.roles['prod-eu']).toBe('member');
  });

  it('its cases then say who can name a new Infra Admin, and the Company Admins are told', async () => {
    const w = world();
    await w.app.say(ALEX, `revoke infra-admin ${DIEGO} onprem-1 --confirm`);
    const r = await w.app.say(ADELE, 'case open onprem-1 "VPN down"');
    expect(r.ok, r.text).toBe(true);
    expect(r.text).toContain('onprem-1 has no Infra Admin');
    expect(r.text).toContain('Alex Wilber, Pradeep Gupta');
    const notices = (await w.app.data()).outbox.filter((o) => o.reason.includes('no Infra Admin'));
    expect(notices.map((o) => (o.to.kind === 'member' ? o.to.email : '')).sort()).toEqual([ALEX, PRADEEP]);
  });

  it('notify maintenance on it names the infrastructure as what is wrong, and who can fix it', async () => {
    const w = world();
    await w.app.say(ALEX, `revoke infra-admin ${DIEGO} onprem-1 --confirm`);
    const r = await w.app.say(ALEX, 'notify maintenance onprem-1 "patching"');
    expect(r.outcome.result).toMatchObject({ ok: false, failure: { kind: 'invalid', field: 'infra' } });
    expect(r.text).toContain('onprem-1 has no Infra Admin');
    expect(r.text).toContain('grant infra-admin EMAIL onprem-1');
  });
});

describe('the last security contact', () => {
  it('clearing them warns first and asks to confirm; with two, it goes at once', async () => {
    const w = world();
    const first = await w.app.say(ALEX, `security-contact clear ${MEGAN}`);
    expect(first.ok, first.text).toBe(true);
    expect((await member(w.app, MEGAN))?.security).toBeUndefined();
    const last = await w.app.say(ALEX, `security-contact clear ${DIEGO}`);
    expect(last.text).toContain('Diego Siciliani is the last security contact');
    expect((await member(w.app, DIEGO))?.security).toBeDefined();
    expect((await w.app.say(ALEX, `security-contact clear ${DIEGO} --confirm`)).ok).toBe(true);
    expect((await member(w.app, DIEGO))?.security).toBeUndefined();
  });

  it('an Infra Admin of another infrastructure may not clear them, confirmed or not', async () => {
    const w = world();
    expect(kind(await w.app.say(LEE, `security-contact clear ${DIEGO} --confirm`))).toBe('denied');
  });
});

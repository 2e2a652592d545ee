// Invitations on a fake clock: accept, expiry, resend, cancel; every flag combination and the "Add team member" form.
import { describe, expect, it } from 'vitest';
import type { FormField } from '../../src/views/view.ts';
import { memoryApp, type TestApp } from '../fakes/app.ts';

const ALEX = 'alexw@example.com'; // Company Admin
const MEGAN = 'meganb@example.com'; // Infra Admin of prod-eu
const LEE = 'leeg@example.com'; // Infra Admin of dev-eu and hybrid-ap
const ISAIAH = 'isaiahl@example.com'; // Infra Admin of sentry-us
const NEW = 'ana@example.com';
const DAY = 86_400_000;

type Said = Awaited<ReturnType<TestApp['say']>>;
const kind = (r: Said) => (r.outcome.result.ok ? 'ok' : r.outcome.result.failure.kind);
const find = async (app: TestApp, email: string) =>
  (await app.data()).companies[0]?.members.find((m) => m.email === email);

/** The form fields in the reply, by name. */
function formFields(r: Said): Map<string, FormField> {
  const block = r.outcome.reply.view.blocks.find((b) => b.kind === 'form');
  if (block?.kind !== 'form') throw new Error(`no form in: ${r.text}`);
  return new Map(block.form.fields.map((f) => [f.name, f]));
}

describe('accepting, expiring and resending', () => {
  it('the invitee can accept within 7 days', async () => {
    const app = memoryApp();
    expect(kind(await app.say(ALEX, `invite ${NEW} --member prod-eu`))).toBe('ok');
    expect((await find(app, NEW))?.invitation?.expiresAt).toMatch(/^2026-12-05T12:00:00/);
    app.clock.advance(7 * DAY - 60_000);
    const r = await app.say(NEW, 'accept');
    expect(r.ok).toBe(true);
    expect(r.text).toContain('Welcome to *Contoso*');
    const m = await find(app, NEW);
    expect(m?.status).toBe('active');
    expect(m?.invitation).toBeUndefined();
  });

  it('after 8 days accept is refused as expired, team pending says so, and a resend gives 7 fresh days', async () => {
    const app = memoryApp();
    await app.say(ALEX, `invite ${NEW} --member prod-eu`);
    app.clock.advance(8 * DAY);

    const late = await app.say(NEW, 'accept');
    expect(kind(late)).toBe('conflict');
    expect(late.text).toContain('Your invitation expired on 5 Dec 2026.');
    expect(late.text).toContain(`resend ${NEW}`);
    expect((await find(app, NEW))?.status).toBe('pending');

    const pending = await app.say(ALEX, 'team pending');
    expect(pending.text).toMatch(/ana <ana@example\.com>\s+invitation expired 5 Dec 2026/);

    const resent = await app.say(ALEX, `resend ${NEW}`);
    expect(resent.ok).toBe(true);
    expect(resent.text).toContain('it now expires on 13 Dec 2026');
    const inv = (await find(app, NEW))?.invitation;
    expect(new Date(inv?.expiresAt ?? '').getTime()).toBe(app.clock.now().getTime() + 7 * DAY);
    expect(inv?.invitedBy).toBe(ALEX);

    expect((await app.say(ALEX, 'team pending')).text).toMatch(
      /ana <ana@example\.com>\s+invited, expires 13 Dec 2026/,
    );
    expect(kind(await app.say(NEW, 'accept'))).toBe('ok');
    expect((await find(app, NEW))?.status).toBe('active');
    expect((await find(app, NEW))?.roles).toEqual({ 'prod-eu': 'member' });
  });

  it('an Infra Admin of an infrastructure in the invitation may resend it; an unrelated one may not', async () => {
    const app = memoryApp();
    await app.say(ALEX, `invite ${NEW} --member prod-eu`);
    app.clock.advance(8 * DAY);
    const denied = await app.say(LEE, `resend ${NEW}`);
    expect(kind(denied)).toBe('denied');
    expect(denied.text).toContain('Megan Bowen');
    expect(kind(await app.say(MEGAN, `resend ${NEW}`))).toBe('ok');
    expect(kind(await app.say(NEW, 'accept'))).toBe('ok');
  });

  it('only a Company Admin may resend an invitation that makes someone Company Admin', async () => {
    const app = memoryApp();
    expect(kind(await app.say(ALEX, `invite ${NEW} --company-admin --member prod-eu`))).toBe('ok');
    app.clock.advance(8 * DAY);
    expect(kind(await app.say(MEGAN, `resend ${NEW}`))).toBe('denied');
    expect((await app.say(MEGAN, 'team pending')).text).not.toContain('Resend to ana');
    expect(kind(await app.say(NEW, 'accept'))).toBe('conflict');
    expect(kind(await app.say(ALEX, `resend ${NEW}`))).toBe('ok');
  });

  it('cancel-invite removes the invitation, and the invitee can no longer accept', async () => {
    const app = memoryApp();
    await app.say(ALEX, `invite ${NEW} --member prod-eu`);
    expect(kind(await app.say(MEGAN, `cancel-invite ${NEW} --confirm`))).toBe('denied');
    const r = await app.say(ALEX, `cancel-invite ${NEW} --confirm`);
    expect(r.ok).toBe(true);
    expect(r.text).toContain('Cancelled the invitation of ana <ana@example.com>.');
    expect(await find(app, NEW)).toBeUndefined();
    expect(kind(await app.say(NEW, 'accept'))).toBe('unknown-user');
    expect(kind(await app.say(ALEX, `cancel-invite ${NEW} --confirm`))).toBe('not-found');
    expect(kind(await app.say(ALEX, 'cancel-invite adelev@example.com --confirm'))).toBe('not-found');
  });
});

describe('invite flags', () => {
  it.each([
    ['--member only', ALEX, '--member prod-eu', { 'prod-eu': 'member' }, false],
    ['--infra-admin only', ALEX, '--infra-admin dev-eu', { 'dev-eu': 'admin' }, false],
    [
      'both, on different infrastructures',
      ALEX,
      '--infra-admin dev-eu --member prod-eu,hybrid-ap',
      { 'dev-eu': 'admin', 'prod-eu': 'member', 'hybrid-ap': 'member' },
      false,
    ],
    ['--company-admin by a Company Admin', ALEX, '--company-admin', {}, true],
    [
      'an Infra Admin inviting to their infrastructure',
      MEGAN,
      '--infra-admin prod-eu',
      { 'prod-eu': 'admin' },
      false,
    ],
  ])('%s', async (_, who, flags, roles, companyAdmin) => {
    const app = memoryApp();
    const r = await app.say(who, `invite ${NEW} --name "Ana Lima" ${flags}`);
    expect(r.ok).toBe(true);
    expect(r.text).toContain('Invited Ana Lima <ana@example.com>. The invitation expires on 5 Dec 2026.');
    const m = await find(app, NEW);
    expect(m).toMatchObject({ status: 'pending', roles, companyAdmin, invitation: { invitedBy: who } });
    expect(m?.invitation?.lifetime).toBeUndefined();
  });

  it.each([
    [
      'the same infrastructure in both',
      ALEX,
      '--member prod-eu --infra-admin prod-eu',
      'invalid',
      'prod-eu is given as both',
    ],
    [
      '--company-admin by an Infra Admin',
      MEGAN,
      '--company-admin --member prod-eu',
      'denied',
      'only Company Admins',
    ],
    ['an Infra Admin inviting to another infrastructure', MEGAN, '--member dev-eu', 'denied', 'Lee Gu'],
    [
      'an Infra Admin inviting to one of theirs and one not',
      MEGAN,
      '--member prod-eu,dev-eu',
      'denied',
      'dev-eu',
    ],
    ['an Infra Admin inviting with no infrastructure', MEGAN, '', 'denied', 'Company Admins'],
    ['an unknown infrastructure', ALEX, '--member prod-us', 'not-found', 'did you mean prod-eu?'],
  ])('%s is refused', async (_, who, flags, failure, says) => {
    const app = memoryApp();
    const r = await app.say(who, `invite ${NEW} ${flags}`);
    expect(kind(r)).toBe(failure);
    expect(r.text).toContain(says);
    expect(await find(app, NEW)).toBeUndefined();
  });

  it.each([
    ['prod-eu (cloud)', '--member prod-eu', ['prod-eu']],
    ['hybrid-ap (hybrid)', '--infra-admin hybrid-ap', ['hybrid-ap']],
  ])('--lifetime with %s invites to LifeTime with the email as username', async (_, flags, infras) => {
    const app = memoryApp();
    const r = await app.say(ALEX, `invite ${NEW.toUpperCase()} ${flags} --lifetime`);
    expect(r.ok).toBe(true);
    expect(r.text).toContain('its username is *ana@example.com*');
    expect((await find(app, NEW))?.invitation?.lifetime).toEqual({ username: NEW, infrastructures: infras });
  });

  it.each([
    ['onprem-1', '--member onprem-1', 'onprem-1 is self-managed'],
    ['sentry-us', '--member sentry-us', 'sentry-us is in a Sentry subscription'],
    ['prod-eu and sentry-us', '--member prod-eu,sentry-us', 'Sentry subscription'],
    ['no infrastructure', '', 'needs a cloud or hybrid infrastructure role'],
  ])('--lifetime with %s is refused', async (_, flags, says) => {
    const app = memoryApp();
    const r = await app.say(ALEX, `invite ${NEW} ${flags} --lifetime`);
    expect(kind(r)).toBe('invalid');
    expect(r.text).toContain('*lifetime*');
    expect(r.text).toContain(says);
    expect(await find(app, NEW)).toBeUndefined();
  });

  it('inviting an existing member or a pending one is a conflict', async () => {
    const app = memoryApp();
    const active = await app.say(ALEX, 'invite AdeleV@example.com --member dev-eu');
    expect(kind(active)).toBe('conflict');
    expect(active.text).toContain('Adele Vance <adelev@example.com> is already on the team.');
    const pending = await app.say(ALEX, 'invite pattif@example.com --member prod-eu');
    expect(kind(pending)).toBe('conflict');
    expect(pending.text).toContain('resend pattif@example.com');
  });
});

describe('the "Add team member" form', () => {
  it('for a Company Admin: a Company Admin checkbox, every infrastructure and a LifeTime checkbox', async () => {
    const fields = formFields(await memoryApp().say(ALEX, 'invite'));
    expect(fields.get('company-admin')?.kind).toBe('checkbox');
    expect([...fields.keys()].filter((k) => k.startsWith('role:'))).toEqual([
      'role:prod-eu',
      'role:dev-eu',
      'role:hybrid-ap',
      'role:onprem-1',
      'role:sentry-us',
    ]);
    const lifetime = fields.get('lifetime');
    expect(lifetime?.kind).toBe('checkbox');
    expect(lifetime?.kind === 'checkbox' ? lifetime.hint : '').toContain('prod-eu, dev-eu, hybrid-ap');
  });

  it("for an Infra Admin of prod-eu: only prod-eu's role select and no Company Admin checkbox", async () => {
    const fields = formFields(await memoryApp().say(MEGAN, 'invite'));
    expect(fields.has('company-admin')).toBe(false);
    expect([...fields.keys()].filter((k) => k.startsWith('role:'))).toEqual(['role:prod-eu']);
    const select = fields.get('role:prod-eu');
    expect(select?.kind === 'select' ? select.options.map((o) => o.value) : []).toEqual([
      'none',
      'member',
      'admin',
    ]);
    expect(fields.has('lifetime')).toBe(true);
  });

  it('for an Infra Admin of sentry-us only: no LifeTime checkbox', async () => {
    const fields = formFields(await memoryApp().say(ISAIAH, 'invite'));
    expect([...fields.keys()].filter((k) => k.startsWith('role:'))).toEqual(['role:sentry-us']);
    expect(fields.has('lifetime')).toBe(false);
    expect(fields.has('company-admin')).toBe(false);
  });

  it('is refused to a plain member', async () => {
    expect(kind(await memoryApp().say('adelev@example.com', 'invite'))).toBe('denied');
  });

  it('submitted with a role select and the LifeTime box, creates the invitation', async () => {
    const app = memoryApp();
    const args = { email: 'x@example.com', 'role:prod-eu': 'admin', 'role:dev-eu': 'none', lifetime: 'true' };
    const r = await app.press(ALEX, { name: 'invite', args });
    expect(r.ok).toBe(true);
    expect(r.text).toContain('Invited x <x@example.com>');
    const m = await find(app, 'x@example.com');
    expect(m).toMatchObject({ status: 'pending', companyAdmin: false, roles: { 'prod-eu': 'admin' } });
    expect(m?.invitation?.lifetime).toEqual({ username: 'x@example.com', infrastructures: ['prod-eu'] });
  });

  it('submitted by an Infra Admin with a role beyond their infrastructure, is refused on the server', async () => {
    const app = memoryApp();
    const args = {
      email: 'x@example.com',
      'role:prod-eu': 'member',
      'role:dev-eu': 'admin',
      'company-admin': 'false',
    };
    expect(kind(await app.press(MEGAN, { name: 'invite', args }))).toBe('denied');
    expect(await find(app, 'x@example.com')).toBeUndefined();
  });
});

describe("the invite answer's buttons", () => {
  const labels = (r: Said) =>
    r.outcome.reply.view.blocks.flatMap((b) => (b.kind === 'actions' ? b.actions.map((a) => a.label) : []));

  it('a Company Admin gets Resend and Cancel, and each works for them', async () => {
    const app = memoryApp();
    const r = await app.say(ALEX, `invite ${NEW} --member prod-eu`);
    expect(labels(r)).toEqual(['Resend invitation', 'Cancel invitation']);
    expect(kind(await app.say(ALEX, `cancel-invite ${NEW} --confirm`))).toBe('ok');
  });

  it('an Infra Admin who invited gets Resend only: cancelling is for Company Admins', async () => {
    const app = memoryApp();
    const r = await app.say(MEGAN, `invite ${NEW} --member prod-eu`);
    expect(labels(r)).toEqual(['Resend invitation']);
    expect(kind(await app.say(MEGAN, `resend ${NEW}`))).toBe('ok');
    expect(kind(await app.say(MEGAN, `cancel-invite ${NEW} --confirm`))).toBe('denied');
  });
});

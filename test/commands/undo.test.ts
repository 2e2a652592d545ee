// undo: your own last change, within 5 minutes, where the inverse is safe; re-authorized, audited as an undo.
import { describe, expect, it } from 'vitest';
import { memoryApp, type TestApp } from '../fakes/app.ts';

const ALEX = 'alexw@example.com'; // Company Admin
const PRADEEP = 'pradeepg@example.com'; // Company Admin
const MEGAN = 'meganb@example.com'; // Infra Admin of prod-eu
const ADELE = 'adelev@example.com'; // Member of prod-eu
const GRADY = 'gradya@example.com'; // Member of dev-eu

const member = async (app: TestApp, email: string) =>
  (await app.data()).companies[0]?.members.find((m) => m.email === email);
const failureOf = (r: { outcome: { result: { ok: boolean } } }) => {
  const res = r.outcome.result as { ok: boolean; failure?: { kind: string } };
  return res.ok ? 'ok' : res.failure?.kind;
};
const said = async (app: TestApp, who: string, line: string) => {
  const r = await app.say(who, line);
  if (!r.ok) throw new Error(`\`${line}\` failed: ${r.text}`);
  return r;
};

describe('undo reverses the caller’s own last change', () => {
  it.each([
    ['grant infra-admin adelev@example.com prod-eu', ADELE, 'prod-eu', 'member'],
    ['revoke access adelev@example.com prod-eu', ADELE, 'prod-eu', 'member'],
    ['grant access gradya@example.com prod-eu', GRADY, 'prod-eu', undefined],
    ['grant access gradya@example.com prod-eu --for 2h', GRADY, 'prod-eu', undefined],
    ['revoke infra-admin meganb@example.com prod-eu --confirm', MEGAN, 'prod-eu', 'admin'],
  ])('`%s` is undone, back to what it was', async (line, who, infra, was) => {
    const app = memoryApp();
    await said(app, ALEX, line);
    const undone = await said(app, ALEX, 'undo');
    expect(undone.text).toContain('Undid your');
    const m = await member(app, who);
    expect(m?.roles[infra]).toBe(was);
    expect((await app.data()).companies[0]?.grants.filter((g) => g.email === who)).toEqual([]);
  });

  it('grant and revoke of Company Admin undo each other', async () => {
    const app = memoryApp();
    await said(app, ALEX, 'grant company-admin adelev@example.com');
    await said(app, ALEX, 'undo');
    expect((await member(app, ADELE))?.companyAdmin).toBe(false);
    await said(app, ALEX, 'revoke company-admin pradeepg@example.com --confirm');
    await said(app, ALEX, 'undo');
    expect((await member(app, PRADEEP))?.companyAdmin).toBe(true);
  });

  it('an invitation is cancelled, and a cancelled invitation is sent again with the same roles', async () => {
    const app = memoryApp();
    await said(
      app,
      ALEX,
      'invite ana@example.com --name "Ana Lima" --infra-admin dev-eu --member prod-eu --lifetime',
    );
    await said(app, ALEX, 'undo');
    expect(await member(app, 'ana@example.com')).toBeUndefined();

    await said(app, ALEX, 'cancel-invite nestorw@example.com --confirm');
    const again = await said(app, ALEX, 'undo');
    expect(again.text).toContain('Invited Nestor Wilke');
    const nestor = await member(app, 'nestorw@example.com');
    expect(nestor).toMatchObject({ status: 'pending', name: 'Nestor Wilke', roles: { 'dev-eu': 'member' } });
    expect(nestor?.invitation?.lifetime?.username).toBe('nestorw@example.com');
  });

  it('is audited as an undo that names the event it reverses', async () => {
    const app = memoryApp();
    await said(app, ALEX, 'grant infra-admin adelev@example.com prod-eu');
    const granted = (await app.data()).audit.at(-1);
    await said(app, ALEX, 'undo');
    const undo = (await app.data()).audit.at(-1);
    expect(undo).toMatchObject({
      action: 'undo',
      actor: ALEX,
      target: ADELE,
      infra: 'prod-eu',
      before: { undoes: granted?.seq, action: 'role.change' },
      after: { inverse: 'role.change' },
    });
    const trail = await app.say(ALEX, 'audit');
    expect(trail.text).toContain(`undoes #${granted?.seq} (role.change): prod-eu: admin → member`);
  });
});

describe('undo refuses, clearly, and changes nothing', () => {
  const refused = async (app: TestApp, who: string, says: string, kind = 'conflict') => {
    const before = await app.data();
    const r = await app.say(who, 'undo');
    expect(failureOf(r)).toBe(kind);
    expect(r.text).toContain(says);
    const after = await app.data();
    expect(after.audit).toHaveLength(before.audit.length);
    expect(after.companies[0]?.members).toEqual(before.companies[0]?.members);
    return r;
  };

  it('when there is nothing to undo', async () => {
    const r = await refused(memoryApp(), ALEX, 'You have made no change to undo.');
    expect(r.text).toContain('undo reverses your own last change within 5 minutes');
  });

  it('after 5 minutes', async () => {
    const app = memoryApp();
    await said(app, ALEX, 'grant access gradya@example.com prod-eu');
    app.clock.advance(5 * 60_000 + 1000);
    await refused(app, ALEX, 'is more than 5 minutes old; nothing was undone');
  });

  it('a second time: an undo is not undone', async () => {
    const app = memoryApp();
    await said(app, ALEX, 'grant access gradya@example.com prod-eu');
    await said(app, ALEX, 'undo');
    await refused(app, ALEX, 'Your last change was an undo; there is nothing more to undo.');
  });

  it('someone else’s change is not yours to undo', async () => {
    const app = memoryApp();
    await said(app, PRADEEP, 'grant access gradya@example.com prod-eu');
    await refused(app, ALEX, 'You have made no change to undo.');
  });

  it('when the change was not one with a safe inverse', async () => {
    const app = memoryApp();
    await said(app, ALEX, 'remove gradya@example.com --confirm');
    await refused(app, ALEX, "Your last change (`remove`) can't be undone safely");
  });

  it('when the revoked role was time-bound (putting it back for good would give more)', async () => {
    const app = memoryApp();
    await said(app, ALEX, 'grant access gradya@example.com prod-eu --for 2h');
    await said(app, PRADEEP, 'revoke access gradya@example.com prod-eu');
    await refused(app, PRADEEP, 'the role it changed was time-bound');
  });

  it('when someone changed it since', async () => {
    const app = memoryApp();
    await said(app, ALEX, 'grant infra-admin adelev@example.com prod-eu');
    await said(app, PRADEEP, 'revoke access adelev@example.com prod-eu');
    const r = await refused(app, ALEX, 'has been changed since: Adele Vance has no role on prod-eu now');
    expect(r.text).toContain('`audit --member adelev@example.com` shows who changed what');
  });

  it('when the invitation was accepted since', async () => {
    const app = memoryApp();
    await said(app, ALEX, 'invite ana@example.com --member prod-eu');
    await said(app, 'ana@example.com', 'accept');
    await refused(app, ALEX, 'has accepted the invitation');
  });

  it('when the inverse is no longer the caller’s to make: authorized again, as if typed now', async () => {
    const app = memoryApp();
    await said(app, MEGAN, 'grant access gradya@example.com prod-eu');
    // Megan stops being Infra Admin of prod-eu before she undoes.
    await said(app, ALEX, 'revoke infra-admin meganb@example.com prod-eu --confirm');
    const r = await refused(app, MEGAN, 'may grant or revoke roles on prod-eu', 'denied');
    expect(r.text).toContain("You can't do that");
    expect((await member(app, GRADY))?.roles['prod-eu']).toBe('member');
  });

  it('for a Member, who has made no change', async () => {
    await refused(memoryApp(), ADELE, 'You have made no change to undo.');
  });
});

describe('undo after the edit form', () => {
  it('reverses an edit that changed one role', async () => {
    const app = memoryApp();
    const edited = await app.press(ALEX, {
      name: 'edit',
      args: { email: ADELE, submitted: 'true', 'role:prod-eu': 'admin' },
    });
    expect(edited.ok).toBe(true);
    expect((await member(app, ADELE))?.roles['prod-eu']).toBe('admin');
    await said(app, ALEX, 'undo');
    expect((await member(app, ADELE))?.roles['prod-eu']).toBe('member');
  });

  it('refuses an edit that changed several things at once', async () => {
    const app = memoryApp();
    const edited = await app.press(ALEX, {
      name: 'edit',
      args: { email: ADELE, submitted: 'true', 'role:prod-eu': 'admin', 'role:dev-eu': 'member' },
    });
    expect(edited.ok).toBe(true);
    const r = await app.say(ALEX, 'undo');
    expect(r.ok).toBe(false);
    expect(r.text).toContain('it changed several things at once');
  });
});

// Issue 8, reproductions 1 and 2: access held for a time is limited, and expiry always ends it.
import { describe, expect, it } from 'vitest';
import { ADELE, ALEX, company, HOUR, kind, LEE, MEGAN, member, PRADEEP, world } from '../workflow/harness.ts';

/** Adele asks to be Infra Admin of prod-eu for 8h and Megan approves: Adele is a time-bound Infra Admin. */
async function adeleTimeBound() {
  const w = world();
  const asked = await w.app.say(ADELE, 'request infra-admin prod-eu --reason x --for 8h');
  expect(asked.ok, asked.text).toBe(true);
  const approved = await w.app.say(MEGAN, 'approve AR-1001');
  expect(approved.ok, approved.text).toBe(true);
  expect((await member(w.app, ADELE))?.roles['prod-eu']).toBe('admin');
  return w;
}

/** Lee is made Company Admin for 2 hours by Alex and Pradeep. */
async function leeTimeBoundAdmin() {
  const w = world();
  await w.app.say(LEE, 'request company-admin --reason "cover" --for 2h');
  await w.app.say(ALEX, 'approve AR-1001');
  const r = await w.app.say(PRADEEP, 'approve AR-1001');
  expect(r.ok, r.text).toBe(true);
  expect((await member(w.app, LEE))?.companyAdmin).toBe(true);
  return w;
}

describe('a time-bound Infra Admin cannot change their own roles (reproduction 1)', () => {
  it('cannot make the role permanent by granting it to herself', async () => {
    const w = await adeleTimeBound();
    const r = await w.app.say(ADELE, `grant infra-admin ${ADELE} prod-eu`);
    expect(kind(r)).toBe('conflict');
    expect(r.text).toContain('Nobody raises, extends or makes permanent their own access');
    expect(r.text).toContain('request infra-admin prod-eu');
    expect((await company(w.app)).grants).toHaveLength(1);
  });

  it('cannot extend it by granting it again for longer', async () => {
    const w = await adeleTimeBound();
    const before = (await company(w.app)).grants[0]?.until;
    const r = await w.app.say(ADELE, `grant infra-admin ${ADELE} prod-eu --for 30d`);
    expect(kind(r)).toBe('conflict');
    expect((await company(w.app)).grants[0]?.until).toBe(before);
  });

  it('cannot demote herself either: access held for a time cannot change your own roles', async () => {
    const w = await adeleTimeBound();
    const r = await w.app.say(ADELE, `revoke infra-admin ${ADELE} prod-eu`);
    expect(kind(r)).toBe('conflict');
    expect(r.text).toContain('Access held for a time cannot be used to change your own roles');
  });

  it('cannot revoke the permanent Infra Admin who approved her', async () => {
    const w = await adeleTimeBound();
    const r = await w.app.say(ADELE, `revoke infra-admin ${MEGAN} prod-eu`);
    expect(kind(r)).toBe('conflict');
    expect(r.text).toContain('Megan');
    expect(r.text).toContain('holds it permanently');
    expect((await member(w.app, MEGAN))?.roles['prod-eu']).toBe('admin');
    // Nor strip her access, which would take the Infra Admin role with it.
    expect(kind(await w.app.say(ADELE, `revoke access ${MEGAN} prod-eu`))).toBe('conflict');
  });

  it('may still do what the role is for: grant access on prod-eu to someone else', async () => {
    const w = await adeleTimeBound();
    const r = await w.app.say(ADELE, 'grant access gradya@example.com prod-eu');
    expect(r.ok, r.text).toBe(true);
  });

  it('a permanent Infra Admin may revoke another permanent one', async () => {
    const w = world();
    await w.app.say(ALEX, `grant infra-admin ${ADELE} prod-eu`);
    const r = await w.app.say(ADELE, `revoke infra-admin ${MEGAN} prod-eu`);
    expect(r.ok, r.text).toBe(true);
  });
});

describe('nobody raises their own access except through an approved request', () => {
  it('a permanent Company Admin cannot grant themselves Infra Admin', async () => {
    const w = world();
    const r = await w.app.say(PRADEEP, `grant infra-admin ${PRADEEP} prod-eu`);
    expect(kind(r)).toBe('conflict');
    expect((await member(w.app, PRADEEP))?.roles['prod-eu']).toBeUndefined();
  });

  it('nor through the Edit permissions form', async () => {
    const w = world();
    const r = await w.app.press(PRADEEP, {
      name: 'edit',
      args: { email: PRADEEP, submitted: 'true', 'role:prod-eu': 'admin' },
    });
    expect(kind(r)).toBe('conflict');
    expect((await member(w.app, PRADEEP))?.roles['prod-eu']).toBeUndefined();
  });

  it('granting oneself what one holds permanently changes nothing, and says so', async () => {
    const w = world();
    const r = await w.app.say(MEGAN, `grant infra-admin ${MEGAN} prod-eu`);
    expect(r.ok, r.text).toBe(true);
    expect(r.text).toContain('nothing changed');
  });

  it('a permanent holder may step down from their own role', async () => {
    const w = world();
    const r = await w.app.say(MEGAN, `revoke infra-admin ${MEGAN} prod-eu`);
    expect(r.ok, r.text).toBe(true);
  });
});

describe('a time-bound Company Admin cannot remove the permanent ones (reproduction 2)', () => {
  it('cannot revoke Pradeep or Alex, nor remove them', async () => {
    const w = await leeTimeBoundAdmin();
    for (const line of [
      `revoke company-admin ${PRADEEP} --confirm`,
      `revoke company-admin ${ALEX} --confirm`,
    ]) {
      const r = await w.app.say(LEE, line);
      expect(kind(r), line).toBe('conflict');
      expect(r.text).toContain('access held for a time cannot be used to demote or revoke');
    }
    const removed = await w.app.say(LEE, `remove ${PRADEEP} --confirm`);
    expect(kind(removed)).toBe('conflict');
    expect((await member(w.app, PRADEEP))?.companyAdmin).toBe(true);
    expect((await member(w.app, ALEX))?.companyAdmin).toBe(true);
  });

  it('when the grant ends, Lee is no longer Company Admin, and the audit says the grant expired', async () => {
    const w = await leeTimeBoundAdmin();
    w.app.clock.advance(2 * HOUR);
    await w.deliver();
    expect((await member(w.app, LEE))?.companyAdmin).toBe(false);
    const audit = (await w.app.data()).audit;
    expect(audit.some((e) => e.action === 'grant.kept-last-admin')).toBe(false);
    expect(audit.filter((e) => e.action === 'grant.expire').at(-1)).toMatchObject({ target: LEE });
  });

  it('the last permanent Company Admin stays, even with a time-bound one beside them', async () => {
    const w = await leeTimeBoundAdmin();
    expect((await w.app.say(ALEX, `revoke company-admin ${PRADEEP} --confirm`)).ok).toBe(true);
    const r = await w.app.say(ALEX, `revoke company-admin ${ALEX} --confirm`);
    expect(kind(r)).toBe('conflict');
    expect(r.text).toContain('last active Company Admin who holds the role permanently');
    expect((await member(w.app, ALEX))?.companyAdmin).toBe(true);
  });

  it('a time-bound Company Admin may be revoked by a permanent one', async () => {
    const w = await leeTimeBoundAdmin();
    const r = await w.app.say(ALEX, `revoke company-admin ${LEE} --confirm`);
    expect(r.ok, r.text).toBe(true);
    expect((await company(w.app)).grants).toEqual([]);
  });
});

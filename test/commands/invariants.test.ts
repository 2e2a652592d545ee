// The invariants of the team page, each as a rule: last Company Admin, Infra Admin scope, slots, cases, contacts.
import { describe, expect, it } from 'vitest';
import { findMember } from '../../src/domain/company.ts';
import { memoryApp } from '../fakes/app.ts';

const member = async (app: ReturnType<typeof memoryApp>, email: string) =>
  findMember((await app.data()).companies[0] ?? ({} as never), email);

describe('at least one active Company Admin always', () => {
  it('the last Company Admin can be neither demoted nor removed, and says who to name first', async () => {
    const app = memoryApp();
    expect(
      (await app.say('alexw@example.com', 'revoke company-admin pradeepg@example.com --confirm')).ok,
    ).toBe(true);
    const demote = await app.say('alexw@example.com', 'revoke company-admin alexw@example.com --confirm');
    expect(demote.outcome.result).toMatchObject({ ok: false, failure: { kind: 'conflict' } });
    expect(demote.text).toContain('last active Company Admin');
    expect(demote.text).toContain('grant company-admin');
    const remove = await app.say('alexw@example.com', 'remove alexw@example.com --confirm');
    expect(remove.outcome.result).toMatchObject({ ok: false, failure: { kind: 'conflict' } });
    expect((await member(app, 'alexw@example.com'))?.companyAdmin).toBe(true);
  });

  it('a pending Company Admin does not count: the only active one still cannot go', async () => {
    const app = memoryApp();
    await app.say('alexw@example.com', 'invite new@example.com --company-admin');
    await app.say('alexw@example.com', 'revoke company-admin pradeepg@example.com --confirm');
    expect((await app.say('alexw@example.com', 'remove alexw@example.com --confirm')).ok).toBe(false);
  });

  it('with two Company Admins, one may step down', async () => {
    const app = memoryApp();
    expect((await app.say('alexw@example.com', 'revoke company-admin alexw@example.com --confirm')).ok).toBe(
      true,
    );
    expect((await member(app, 'alexw@example.com'))?.companyAdmin).toBe(false);
  });
});

describe('an Infra Admin acts only on their own infrastructures', () => {
  it.each([
    ['grant access gradya@example.com prod-eu', true],
    ['grant access gradya@example.com dev-eu', false],
    ['revoke access adelev@example.com prod-eu --confirm', true],
    ['slot register prod-eu perf', true],
    ['slot register onprem-1 perf', false],
    ['license prod-eu', true],
    ['license dev-eu', false],
    ['grant company-admin adelev@example.com', false],
    ['remove adelev@example.com --confirm', false],
  ])('Megan (Infra Admin of prod-eu): %s -> allowed %s', async (line, allowed) => {
    const app = memoryApp();
    const r = await app.say('meganb@example.com', line);
    if (allowed) expect(r.ok).toBe(true);
    else expect(r.outcome.result).toMatchObject({ ok: false, failure: { kind: 'denied' } });
  });
});

describe('roles move one step at a time and a repeat changes nothing', () => {
  it('grant infra-admin twice: one change, one audit event', async () => {
    const app = memoryApp();
    await app.say('meganb@example.com', 'grant infra-admin adelev@example.com prod-eu');
    const again = await app.say('meganb@example.com', 'grant infra-admin adelev@example.com prod-eu');
    expect(again.text).toContain('already Infra Admin');
    const data = await app.data();
    expect(data.audit.filter((e) => e.action === 'role.change')).toHaveLength(1);
  });

  it('revoke infra-admin leaves a Member; revoke access leaves no role', async () => {
    const app = memoryApp();
    await app.say('alexw@example.com', 'revoke infra-admin meganb@example.com prod-eu --confirm');
    expect((await member(app, 'meganb@example.com'))?.roles['prod-eu']).toBe('member');
    await app.say('alexw@example.com', 'revoke access meganb@example.com prod-eu --confirm');
    expect((await member(app, 'meganb@example.com'))?.roles['prod-eu']).toBeUndefined();
  });

  it('grant access to an Infra Admin is refused with the command that would work', async () => {
    const app = memoryApp();
    const r = await app.say('alexw@example.com', 'grant access meganb@example.com prod-eu');
    expect(r.outcome.result).toMatchObject({ ok: false, failure: { kind: 'conflict' } });
    expect(r.text).toContain('revoke infra-admin');
  });

  it('the member whose roles changed is told (a notice addressed to them)', async () => {
    const app = memoryApp();
    const r = await app.say('meganb@example.com', 'grant infra-admin adelev@example.com prod-eu');
    expect(r.outcome.reply.notices.map((n) => n.to.email)).toEqual(['adelev@example.com']);
  });
});

describe('environment slots', () => {
  it('a full infrastructure refuses another slot until one is released', async () => {
    const app = memoryApp();
    const full = await app.say('leeg@example.com', 'slot register dev-eu perf');
    expect(full.text).toContain('used all 3');
    expect((await app.say('leeg@example.com', 'slot release dev-eu qa')).ok).toBe(true);
    expect((await app.say('leeg@example.com', 'slot register dev-eu perf')).ok).toBe(true);
    const slots = await app.say('leeg@example.com', 'slots dev-eu');
    expect(slots.text).toContain('3 of 3 environment slots used');
    expect(slots.text).toContain('perf');
  });

  it('releasing an environment that is not registered names those that are', async () => {
    const app = memoryApp();
    const r = await app.say('leeg@example.com', 'slot release dev-eu nope');
    expect(r.outcome.result).toMatchObject({ ok: false, failure: { kind: 'not-found' } });
    expect(r.text).toContain('dev, qa, uat');
  });
});

describe('support cases', () => {
  it('a member on the infrastructure opens a case directly; one not on it waits for its Infra Admins', async () => {
    const app = memoryApp();
    const own = await app.say('adelev@example.com', 'case open prod-eu Builds are slow');
    expect(own.text).toContain('CS-1005');
    const other = await app.say('adelev@example.com', 'case open dev-eu "QA is down"');
    expect(other.text).toContain('waits for an Infra Admin of dev-eu');
    expect(other.outcome.reply.notices.map((n) => n.to.email)).toEqual(['leeg@example.com']);
    const data = await app.data();
    expect(data.companies[0]?.cases.find((c) => c.id === 'CS-1006')?.status).toBe('awaiting-approval');
  });

  it('a Company Admin not associated with the infrastructure also needs approval, and cannot approve it', async () => {
    const app = memoryApp();
    expect((await app.say('alexw@example.com', 'case open onprem-1 Disk full')).text).toContain('waits');
    expect((await app.say('alexw@example.com', 'case approve CS-1005')).ok).toBe(false);
    expect((await app.say('diegos@example.com', 'case approve CS-1005')).ok).toBe(true);
    expect((await app.say('diegos@example.com', 'case approve CS-1005')).text).toContain(
      'does not need approval',
    );
  });

  it('a Member sees only their own cases; an Infra Admin sees all of their infrastructure', async () => {
    const app = memoryApp();
    const adele = await app.say('adelev@example.com', 'cases');
    expect(adele.text).toContain('CS-1001');
    expect(adele.text).not.toContain('CS-1004');
    const megan = await app.say('meganb@example.com', 'cases prod-eu');
    expect(megan.text).toContain('CS-1001');
    expect(megan.text).toContain('CS-1004');
  });

  it('cc of an outsider makes them a support contact who sees only that case', async () => {
    const app = memoryApp();
    expect((await app.say('adelev@example.com', 'case cc CS-1001 vendor@acme.example')).ok).toBe(true);
    const vendor = await app.say('vendor@acme.example', 'cases');
    expect(vendor.text).toContain('CS-1001');
    expect(vendor.text).not.toContain('CS-1004');
    expect((await app.say('vendor@acme.example', 'team')).outcome.result).toMatchObject({
      failure: { kind: 'denied' },
    });
    expect((await app.say('alexw@example.com', 'remove-contact vendor@acme.example --confirm')).ok).toBe(
      true,
    );
    expect((await app.say('vendor@acme.example', 'cases')).outcome.result).toMatchObject({
      failure: { kind: 'unknown-user' },
    });
  });
});

describe('security contacts', () => {
  it('phone numbers are shown to admins only', async () => {
    const app = memoryApp();
    expect((await app.say('alexw@example.com', 'security-contacts')).text).toContain('+44 20 7946 0958');
    expect((await app.say('leeg@example.com', 'security-contacts')).text).toContain('+44 20 7946 0958');
    const member = await app.say('adelev@example.com', 'who is the security contact?');
    expect(member.text).toContain('Megan Bowen');
    expect(member.text).not.toContain('7946');
    expect(member.text).toContain('shown to admins only');
  });

  it('numbers are stored in international form and must carry a country code', async () => {
    const app = memoryApp();
    expect(
      (await app.say('meganb@example.com', 'security-contact set adelev@example.com 0044 20 7946 0000')).ok,
    ).toBe(true);
    expect((await member(app, 'adelev@example.com'))?.security?.phone).toBe('+442079460000');
    expect(
      (await app.say('meganb@example.com', 'security-contact set adelev@example.com 912345678')).ok,
    ).toBe(false);
  });
});

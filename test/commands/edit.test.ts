// The "Edit permissions" form: what each admin may change, applied as one change with its audit events.
import { describe, expect, it } from 'vitest';
import { findMember } from '../../src/domain/company.ts';
import { memoryApp } from '../fakes/app.ts';

const adele = async (app: ReturnType<typeof memoryApp>) =>
  findMember((await app.data()).companies[0] ?? ({} as never), 'adelev@example.com');

describe('edit EMAIL', () => {
  it('opens a form with the member’s current roles, only for what the caller may change', async () => {
    const app = memoryApp();
    const megan = await app.say('meganb@example.com', 'edit adelev@example.com');
    const form = megan.outcome.reply.view.blocks.find((b) => b.kind === 'form');
    expect(form?.kind === 'form' && form.form.fields.map((f) => f.name)).toEqual(['role:prod-eu']);
    expect(
      form?.kind === 'form' && form.form.fields[0]?.kind === 'select' && form.form.fields[0].initial,
    ).toBe('member');
    const alex = await app.say('alexw@example.com', 'edit adelev@example.com');
    const all = alex.outcome.reply.view.blocks.find((b) => b.kind === 'form');
    expect(all?.kind === 'form' && all.form.fields.map((f) => f.name)).toContain('company-admin');
  });

  it('a plain member cannot open it', async () => {
    const r = await memoryApp().say('adelev@example.com', 'edit meganb@example.com');
    expect(r.outcome.result).toMatchObject({ ok: false, failure: { kind: 'denied' } });
  });

  it('a submission applies every change the submitter may make', async () => {
    const app = memoryApp();
    const r = await app.press('alexw@example.com', {
      name: 'edit',
      args: {
        email: 'adelev@example.com',
        submitted: 'true',
        'role:prod-eu': 'admin',
        'role:dev-eu': 'member',
        'company-admin': 'false',
      },
    });
    expect(r.ok).toBe(true);
    expect((await adele(app))?.roles).toEqual({ 'prod-eu': 'admin', 'dev-eu': 'member' });
    expect((await app.data()).audit.filter((e) => e.action === 'role.change')).toHaveLength(2);
  });

  it('a forged submission touching an infrastructure the submitter does not manage changes nothing', async () => {
    const app = memoryApp();
    const r = await app.press('meganb@example.com', {
      name: 'edit',
      args: {
        email: 'adelev@example.com',
        submitted: 'true',
        'role:prod-eu': 'admin',
        'role:dev-eu': 'admin',
      },
    });
    expect(r.outcome.result).toMatchObject({ ok: false, failure: { kind: 'denied' } });
    expect((await adele(app))?.roles).toEqual({ 'prod-eu': 'member' });
  });

  it('typed flags work too, and a bad value says what would', async () => {
    const app = memoryApp();
    expect((await app.say('meganb@example.com', 'edit adelev@example.com --role:prod-eu admin')).ok).toBe(
      true,
    );
    const bad = await app.say('meganb@example.com', 'edit adelev@example.com --role:prod-eu boss');
    expect(bad.text).toContain('expected none, member or admin');
  });

  it('the last Company Admin cannot be unticked', async () => {
    const app = memoryApp();
    await app.say('alexw@example.com', 'revoke company-admin pradeepg@example.com --confirm');
    const r = await app.press('alexw@example.com', {
      name: 'edit',
      args: { email: 'alexw@example.com', submitted: 'true', 'company-admin': 'false' },
    });
    expect(r.text).toContain('last active Company Admin');
  });
});

describe('edit by an Infra Admin of a Company Admin', () => {
  it('a form without the Company Admin box leaves that flag alone', async () => {
    const app = memoryApp();
    const r = await app.press('meganb@example.com', {
      name: 'edit',
      args: { email: 'alexw@example.com', submitted: 'true', 'role:prod-eu': 'admin' },
    });
    expect(r.ok).toBe(true);
    const alex = findMember((await app.data()).companies[0] ?? ({} as never), 'alexw@example.com');
    expect(alex).toMatchObject({ companyAdmin: true, roles: { 'prod-eu': 'admin' } });
  });
});

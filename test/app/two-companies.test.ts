// Two companies in one store: each sees and changes only itself, even where ids (prod-eu, CS-1001) are the same.
import { describe, expect, it } from 'vitest';
import type { StoreData } from '../../src/domain/schemas.ts';
import { renderText } from '../../src/views/render-text.ts';
import { asConsole, memoryApp, type TestApp } from '../fakes/app.ts';
import { fabrikam, member, ROSA, TOM } from '../fakes/fabrikam.ts';

const ALEX = 'alexw@example.com';
const MEGAN = 'meganb@example.com';
const SAM = 'sam@shared.example';

const twoCompanies = (withShared = false) =>
  memoryApp((d: StoreData) => {
    const fab = fabrikam();
    if (withShared) {
      fab.members.push(member(SAM, 'Sam Shared', { roles: { 'prod-eu': 'member' } }));
      d.companies[0]?.members.push(member(SAM, 'Sam Shared', { roles: { 'dev-eu': 'member' } }));
    }
    d.companies.push(fab);
  });

const company = async (app: TestApp, id: string) => {
  const c = (await app.data()).companies.find((x) => x.id === id);
  if (!c) throw new Error(`no company ${id}`);
  return c;
};
const kind = (r: Awaited<ReturnType<TestApp['say']>>) =>
  r.outcome.result.ok ? 'ok' : r.outcome.result.failure.kind;

const CONTOSO_NAMES = ['Alex Wilber', 'Megan Bowen', 'Adele Vance', 'alexw@example.com', 'Contoso'];
const FABRIKAM_NAMES = ['Rosa Diaz', 'Tom Ng', 'Uma Ito', 'fabrikam.example', 'Fabrikam'];

describe('a Fabrikam Company Admin', () => {
  it('sees only Fabrikam in team', async () => {
    const r = await twoCompanies().say(ROSA, 'team');
    expect(r.ok).toBe(true);
    expect(r.text).toContain('Fabrikam team');
    expect(r.text).toContain('3 members.');
    for (const name of CONTOSO_NAMES) expect(r.text).not.toContain(name);
  });

  it("asks who admins prod-eu and hears Fabrikam's admins only", async () => {
    const r = await twoCompanies().say(ROSA, 'who admins prod-eu?');
    expect(r.text).toContain('Infra Admins of *prod-eu*: Tom Ng <tom@fabrikam.example>.');
    expect(r.text).toContain('Rosa Diaz');
    for (const name of CONTOSO_NAMES) expect(r.text).not.toContain(name);
  });

  it('cannot grant a Contoso member access to prod-eu: Adele is not in Fabrikam', async () => {
    const app = twoCompanies();
    const r = await app.say(ROSA, 'grant access adelev@example.com prod-eu');
    expect(kind(r)).toBe('not-found');
    expect(r.text).toContain('No member *adelev@example.com*');
    expect(r.text).not.toContain('Adele Vance');
    expect(
      (await company(app, 'contoso')).members.find((m) => m.email === 'adelev@example.com')?.roles,
    ).toEqual({
      'prod-eu': 'member',
    });
    expect((await app.data()).audit).toEqual([]);
  });

  it("sees only Fabrikam's cases, and the audit trail holds nothing of Contoso", async () => {
    const app = twoCompanies();
    expect((await app.say(ALEX, 'grant access adelev@example.com dev-eu')).ok).toBe(true);
    expect((await app.say(ALEX, 'case open prod-eu Contoso secret outage')).ok).toBe(true);

    const cases = await app.say(ROSA, 'cases');
    expect(cases.text).not.toContain('Deployments to prod time out');
    expect(cases.text).not.toContain('Contoso secret outage');
    const tomCases = await app.say(TOM, 'cases prod-eu');
    expect(tomCases.text).toContain('Fabrikam printers are on fire');
    expect(tomCases.text).not.toContain('Contoso secret outage');
    expect(tomCases.text).not.toContain('log retention');

    expect((await app.say(ROSA, 'audit')).text).toContain('No audit events match.');
    expect((await app.say(ROSA, 'audit verify')).text).toContain('*0 events*');
    expect((await app.say(ROSA, 'grant access uma@fabrikam.example prod-eu')).text).toContain('already');
    expect((await app.say(ROSA, 'revoke access uma@fabrikam.example prod-eu')).ok).toBe(true);
    const audit = await app.say(ROSA, 'audit');
    expect(audit.text).toContain('uma@fabrikam.example');
    for (const name of ['adelev@example.com', 'alexw@example.com', 'case.open'])
      expect(audit.text).not.toContain(name);
  });

  it("Fabrikam's Infra Admin cannot approve Contoso's waiting case", async () => {
    const app = twoCompanies();
    expect(kind(await app.say(TOM, 'case approve CS-1003'))).not.toBe('ok');
    expect((await company(app, 'contoso')).cases.find((c) => c.id === 'CS-1003')?.status).toBe(
      'awaiting-approval',
    );
    expect(kind(await app.say(TOM, 'case approve CS-1001'))).toBe('ok');
    expect((await company(app, 'fabrikam')).cases[0]?.status).toBe('open');
  });
});

describe('a Contoso admin', () => {
  it('sees no Fabrikam member or admin', async () => {
    const app = twoCompanies();
    const team = await app.say(ALEX, 'team');
    expect(team.text).toContain('Contoso team');
    for (const name of FABRIKAM_NAMES) expect(team.text).not.toContain(name);
    const who = await app.say(ALEX, 'who admins prod-eu');
    expect(who.text).toContain('Infra Admins of *prod-eu*: Megan Bowen <meganb@example.com>.');
    for (const name of FABRIKAM_NAMES) expect(who.text).not.toContain(name);
    const cases = await app.say(MEGAN, 'cases prod-eu');
    expect(cases.text).not.toContain('Fabrikam printers');
  });

  it('cannot change Fabrikam people, nor approve its case of the same id', async () => {
    const app = twoCompanies();
    const before = await company(app, 'fabrikam');
    for (const line of [
      `grant access ${TOM} prod-eu`,
      `revoke infra-admin ${TOM} prod-eu`,
      `remove ${ROSA} --confirm`,
      `grant company-admin ${TOM}`,
      `cancel-invite ${TOM} --confirm`,
    ]) {
      const r = await app.say(ALEX, line);
      expect(kind(r), line).toBe('not-found');
      expect(r.text, line).not.toContain('Tom Ng');
    }
    // Megan administers Contoso's prod-eu; CS-1001 in Contoso is already open, Fabrikam's stays waiting.
    expect(kind(await app.say(MEGAN, 'case approve CS-1001'))).toBe('conflict');
    expect(await company(app, 'fabrikam')).toEqual(before);
  });
});

describe('an email in both companies', () => {
  it('is asked to choose with --company on the console', async () => {
    const app = twoCompanies(true);
    const outcome = await app.run(asConsole(SAM), { kind: 'text', text: 'whoami' });
    expect(outcome.result.ok).toBe(false);
    if (outcome.result.ok) return;
    expect(outcome.result.failure.kind).toBe('unknown-user');
    if (outcome.result.failure.kind !== 'unknown-user') return;
    expect(outcome.result.failure.reason).toContain('--company');
    expect(outcome.result.failure.reason).toContain('contoso, fabrikam');
  });

  it('works in the company it chose', async () => {
    const app = twoCompanies(true);
    const run = async (companyId: string, text: string) => {
      const o = await app.run(asConsole(SAM, companyId), { kind: 'text', text });
      return { ok: o.result.ok, text: renderText(o.reply.view).text };
    };
    const fab = await run('fabrikam', 'whoami');
    expect(fab.ok).toBe(true);
    expect(fab.text).toContain('Fabrikam');
    expect(fab.text).toContain('Member of prod-eu');
    const con = await run('contoso', 'whoami');
    expect(con.text).toContain('Contoso');
    expect(con.text).toContain('Member of dev-eu');

    const team = await run('fabrikam', 'team');
    for (const name of CONTOSO_NAMES) expect(team.text).not.toContain(name);
    expect((await run('fabrikam', 'case open prod-eu Sam needs help')).ok).toBe(true);
    expect((await company(app, 'fabrikam')).cases.map((c) => c.id)).toEqual(['CS-1001', 'CS-1002']);
    expect((await company(app, 'contoso')).cases).toHaveLength(4);

    const stranger = await app.run(asConsole(SAM, 'northwind'), { kind: 'text', text: 'whoami' });
    expect(stranger.result.ok ? 'ok' : stranger.result.failure.kind).toBe('unknown-user');
  });
});

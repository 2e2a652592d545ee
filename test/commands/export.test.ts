// team --export csv and audit --export csv: the file's rows, who may export, and only the caller's company.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CompanySchema, type StoreData } from '../../src/domain/schemas.ts';
import { memoryApp } from '../fakes/app.ts';

const ALEX = 'alexw@example.com';
const ADELE = 'adelev@example.com';
const MEGAN = 'meganb@example.com';
const ROSA = 'rosa@fabrikam.example';

const rowsOf = (content: string | undefined): string[][] => parse(content ?? '', { bom: true });

/** Contoso (the demo) and Fabrikam, whose names and events must never appear in Contoso's files. */
const withFabrikam = () =>
  memoryApp((d: StoreData) => {
    d.companies.push(
      CompanySchema.parse({
        id: 'fabrikam',
        name: 'Fabrikam',
        slackTeamIds: ['T0FABRIKAM'],
        teamsTenantIds: [],
        subscriptions: [
          {
            id: 'fab-ent',
            edition: 'Enterprise',
            infrastructures: [
              {
                id: 'prod-eu',
                name: 'Fab Prod',
                hosting: 'cloud',
                slotLimit: 1,
                slots: [],
                licenseExpiresOn: '2027-09-30',
              },
            ],
          },
        ],
        members: [
          {
            email: ROSA,
            name: 'Rosa Fabrikam',
            status: 'active',
            companyAdmin: true,
            roles: {},
            identities: [],
          },
          {
            email: 'uma@fabrikam.example',
            name: 'Uma Fabrikam',
            status: 'active',
            companyAdmin: false,
            roles: {},
            identities: [],
          },
        ],
        contacts: [],
        cases: [],
        nextCaseNumber: 1001,
      }),
    );
  });

describe('team --export csv', () => {
  it('gives a Member the whole team as a file, one row per member, roles spelled out, no phone numbers', async () => {
    const app = memoryApp();
    const r = await app.say(ADELE, 'team --export csv');
    expect(r.ok).toBe(true);
    const file = r.outcome.reply.file;
    expect(file?.name).toBe('team-contoso-2026-11-28.csv');
    const rows = rowsOf(file?.content);
    expect(rows[0]).toEqual([
      'Name',
      'Email',
      'Status',
      'Company Admin',
      'Roles',
      'Time-bound until',
      'Security contact',
      'Invitation expires',
    ]);
    expect(rows).toHaveLength(1 + ((await app.data()).companies[0]?.members.length ?? 0));
    expect(rows.find((x) => x[1] === MEGAN)).toEqual([
      'Megan Bowen',
      MEGAN,
      'active',
      'no',
      'Member of dev-eu; Infra Admin of prod-eu',
      '',
      'yes',
      '',
    ]);
    expect(file?.content).not.toMatch(/\+44/);
    expect(r.text).toContain(`in *${file?.name}*`);
  });

  it('follows the same filters as the list: status, --infra and --search', async () => {
    const app = memoryApp();
    const pending = rowsOf((await app.say(ADELE, 'team pending --export csv')).outcome.reply.file?.content);
    expect(pending.slice(1).every((x) => x[2] !== 'active')).toBe(true);
    expect(pending.length).toBeGreaterThan(1);
    const found = rowsOf(
      (await app.say(ADELE, 'team --search megan --export csv')).outcome.reply.file?.content,
    );
    expect(found.slice(1).map((x) => x[1])).toEqual([MEGAN]);
    const contacts = rowsOf((await app.say(ADELE, 'team contacts --export csv')).outcome.reply.file?.content);
    expect(contacts[0]).toEqual(['Email', 'Name', 'Cases']);
    expect(contacts.map((x) => x[0])).toContain('ops@msp.example');
  });

  it('neutralises a name written as a formula', async () => {
    const app = memoryApp();
    await app.say(
      ALEX,
      'invite eve@example.com --name "=HYPERLINK(""http://evil.example"")" --member prod-eu',
    );
    await app.say(ALEX, 'invite mal@example.com --name "@SUM(1)"');
    const rows = rowsOf((await app.say(ADELE, 'team --export csv')).outcome.reply.file?.content);
    const names = rows.map((x) => x[0] ?? '');
    expect(names.filter((n) => /^[=+\-@]/.test(n))).toEqual([]);
    expect(names).toContain("'@SUM(1)");
  });

  it('never holds another company', async () => {
    const app = withFabrikam();
    const file = (await app.say(ALEX, 'team --export csv')).outcome.reply.file;
    expect(file?.content).toContain(ALEX);
    expect(file?.content).not.toMatch(/fabrikam/i);
  });

  it('is refused to a support contact and a pending invitee, with no file', async () => {
    const app = memoryApp();
    for (const who of ['ops@msp.example', 'nestorw@example.com']) {
      const r = await app.say(who, 'team --export csv');
      expect(r.outcome.result.ok ? 'ok' : r.outcome.result.failure.kind).toBe('denied');
      expect(r.outcome.reply.file).toBeUndefined();
    }
  });

  it('refuses a format it does not write, naming the one it does', async () => {
    const r = await memoryApp().say(ADELE, 'team --export xlsx');
    expect(r.ok).toBe(false);
    expect(r.text).toContain('the export format is csv: --export csv');
    expect(r.outcome.reply.file).toBeUndefined();
  });
});

describe('audit --export csv', () => {
  it('gives a Company Admin every matching event with its change, before and after', async () => {
    const app = memoryApp();
    expect((await app.say(ALEX, 'grant infra-admin adelev@example.com prod-eu')).ok).toBe(true);
    for (let i = 1; i <= 20; i++) await app.say(ALEX, `invite p${i}@example.com`);
    const r = await app.say(ALEX, 'audit --export csv');
    expect(r.ok).toBe(true);
    const rows = rowsOf(r.outcome.reply.file?.content);
    expect(rows[0]).toEqual([
      'Seq',
      'When (UTC)',
      'Who',
      'From',
      'Action',
      'Target',
      'Infrastructure',
      'Change',
      'Before',
      'After',
    ]);
    // Not a page of 15: all 21 events.
    expect(rows).toHaveLength(22);
    const grant = rows.find((x) => x[4] === 'role.change');
    expect(grant?.slice(2, 8)).toEqual([
      ALEX,
      'console',
      'role.change',
      ADELE,
      'prod-eu',
      'prod-eu: member → admin',
    ]);
    expect(JSON.parse(grant?.[9] ?? '')).toMatchObject({ roles: { 'prod-eu': 'admin' } });
    expect(r.text).toContain('21 events in *audit-contoso-2026-11-28.csv*');
  });

  it('lets an Infra Admin export their infrastructure, and refuses them the whole trail', async () => {
    const app = memoryApp();
    await app.say(ALEX, 'grant access gradya@example.com prod-eu');
    await app.say(ALEX, 'grant access adelev@example.com dev-eu');
    const own = await app.say(MEGAN, 'audit --infra prod-eu --export csv');
    const rows = rowsOf(own.outcome.reply.file?.content);
    expect(rows.slice(1).map((x) => x[6])).toEqual(['prod-eu']);
    const all = await app.say(MEGAN, 'audit --export csv');
    expect(all.outcome.result.ok ? 'ok' : all.outcome.result.failure.kind).toBe('denied');
    expect(all.outcome.reply.file).toBeUndefined();
    const member = await app.say(ADELE, 'audit --infra prod-eu --export csv');
    expect(member.outcome.result.ok ? 'ok' : member.outcome.result.failure.kind).toBe('denied');
  });

  it('never holds another company’s events', async () => {
    const app = withFabrikam();
    expect((await app.say(ROSA, 'grant access uma@fabrikam.example prod-eu')).ok).toBe(true);
    await app.say(ALEX, 'grant access adelev@example.com dev-eu');
    const file = (await app.say(ALEX, 'audit --export csv')).outcome.reply.file;
    expect(file?.content).toContain(ADELE);
    expect(file?.content).not.toMatch(/fabrikam/i);
  });
});

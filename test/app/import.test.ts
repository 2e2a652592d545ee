// `npm run import -- FILE`: a second company goes in whole, a bad file is refused with its reason and changes nothing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FILE, openApp } from '../../src/app/app.ts';
import { type CompanyFile, parseCompanyFile } from '../../src/domain/company-file.ts';
import type { StoreData } from '../../src/domain/schemas.ts';

const ROOT = new URL('../..', import.meta.url).pathname;

/** A small company file: its own Slack team and tenant, one active Company Admin, one cloud infrastructure. */
const fabrikam = (): CompanyFile => ({
  id: 'fabrikam',
  name: 'Fabrikam',
  slackTeamIds: ['T0FABRIKAM'],
  teamsTenantIds: ['11111111-2222-3333-4444-555555555555'],
  subscriptions: [
    {
      id: 'fabrikam-standard',
      edition: 'Standard',
      infrastructures: [
        {
          id: 'fab-cloud',
          name: 'Fabrikam Cloud',
          hosting: 'cloud',
          slotLimit: 2,
          slots: [],
          licenseExpiresOn: '2027-09-30',
        },
      ],
    },
  ],
  members: [
    {
      email: 'rosa@fabrikam.example',
      name: 'Rosa Díaz',
      status: 'active',
      companyAdmin: true,
      roles: { 'fab-cloud': 'admin' },
      identities: [],
      joinedAt: '2026-01-05T09:00:00Z',
    },
    {
      email: 'tom@fabrikam.example',
      name: 'Tom Ng',
      status: 'active',
      companyAdmin: false,
      roles: { 'fab-cloud': 'member' },
      identities: [],
    },
  ],
  contacts: [],
  cases: [],
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'portal-import-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let n = 0;
/** Writes `content` (an object as JSON, or raw text) to a new company file and returns its path. */
async function companyFile(content: unknown): Promise<string> {
  const file = join(dir, `company-${++n}.json`);
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

function runImport(file: string, dataFile: string, demo: '0' | '1') {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/app/import.ts', file], {
    cwd: ROOT,
    env: { ...process.env, DATA_FILE: dataFile, PORTAL_DEMO: demo },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const readStore = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as StoreData;

describe('import a company file', () => {
  it('adds a valid second company beside the demo one, with an audit event', async () => {
    const store = join(dir, 'ok.json');
    const r = runImport(await companyFile(fabrikam()), store, '1');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Imported Fabrikam (fabrikam): 2 members.');

    const data = await readStore(store);
    expect(data.companies.map((c) => c.id)).toEqual(['contoso', 'fabrikam']);
    const fab = data.companies.find((c) => c.id === 'fabrikam');
    expect(fab?.members.map((m) => m.email)).toEqual(['rosa@fabrikam.example', 'tom@fabrikam.example']);
    expect(fab?.nextCaseNumber).toBe(1001);
    const audit = (await readFile(`${store}.audit.jsonl`, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(audit.filter((e) => e.companyId === 'fabrikam').map((e) => e.action)).toEqual(['company.import']);
    expect(existsSync(`${store}.lock`)).toBe(false);
  });

  it('into an empty store (PORTAL_DEMO=0) the company is the only one, and a missing Infra Admin is a note', async () => {
    const store = join(dir, 'empty.json');
    const file = fabrikam();
    file.members = file.members.map((m) => ({ ...m, roles: { 'fab-cloud': 'member' as const } }));
    const r = runImport(await companyFile(file), store, '0');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Note: fab-cloud has no Infra Admin yet');
    expect((await readStore(store)).companies.map((c) => c.id)).toEqual(['fabrikam']);
  });

  describe('refuses, exits 1 with the reason and leaves the store byte-for-byte unchanged', () => {
    let store: string;
    beforeAll(async () => {
      store = join(dir, 'refusals.json');
      const app = await openApp({ dataFile: store, demo: true });
      await app.close();
    });

    const refusals: Array<[string, () => unknown, RegExp]> = [
      ['invalid JSON', () => '{ "id": "fabrikam", ', /Cannot read .*company-\d+\.json: .*JSON/],
      [
        'a bad email (naming the field path)',
        () => {
          const f = fabrikam();
          (f.members[1] as { email: string }).email = 'tom-at-fabrikam';
          return f;
        },
        /members\.1\.email: expected an email address/,
      ],
      [
        'no active Company Admin',
        () => {
          const f = fabrikam();
          f.members = f.members.map((m) => ({ ...m, companyAdmin: false }));
          return f;
        },
        /the company needs a first active Company Admin/,
      ],
      [
        'a pending Company Admin only',
        () => {
          const f = fabrikam();
          f.members[0] = { ...(f.members[0] as (typeof f.members)[0]), status: 'pending' };
          return f;
        },
        /the company needs a first active Company Admin/,
      ],
      [
        'a role on an unknown infrastructure',
        () => {
          const f = fabrikam();
          f.members[1] = { ...(f.members[1] as (typeof f.members)[0]), roles: { 'fab-clouds': 'member' } };
          return f;
        },
        /member tom@fabrikam\.example has a role on unknown infrastructure fab-clouds/,
      ],
      [
        'a duplicate company id (the demo file again)',
        () => null,
        /a company with id contoso is already in the store/,
      ],
      [
        'a Slack team already mapped to another company',
        () => ({ ...fabrikam(), slackTeamIds: ['T0000DEMO'] }),
        /Slack team T0000DEMO is already mapped to another company/,
      ],
      [
        'a Teams tenant already mapped to another company',
        () => ({ ...fabrikam(), teamsTenantIds: ['00000000-0000-0000-0000-0000000000001'] }),
        /Teams tenant .* is already mapped to another company/,
      ],
    ];

    it.each(refusals)('%s', async (_, make, reason) => {
      const content = make();
      const file = content === null ? DEMO_FILE : await companyFile(content);
      const before = await readFile(store);
      const r = runImport(file, store, '1');
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(reason);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      if (content !== null && typeof content !== 'string')
        expect(r.stderr).toContain('The store was not changed.');
      expect(r.stdout).toBe('');
      expect((await readFile(store)).equals(before)).toBe(true);
      expect(existsSync(`${store}.lock`)).toBe(false);
    });
  });
});

describe('parseCompanyFile', () => {
  const withDates = () => {
    const f = fabrikam();
    f.asOf = '2026-11-28';
    f.members.push({
      email: 'new@fabrikam.example',
      name: 'New Person',
      status: 'pending',
      companyAdmin: false,
      roles: { 'fab-cloud': 'member' },
      identities: [],
      invitation: {
        invitedBy: 'rosa@fabrikam.example',
        invitedAt: '2026-11-26T10:00:00Z',
        expiresAt: '2026-12-03T10:00:00Z',
      },
    });
    return f;
  };
  const DAY = 86_400_000;
  const at = (iso: string | undefined) => new Date(iso ?? NaN).getTime();

  it.each([
    ['10 days later', '2026-12-08T15:30:00Z', 10, '2027-10-10'],
    ['the same day', '2026-11-28T23:00:00Z', 0, '2027-09-30'],
    ['3 days earlier', '2026-11-25T08:00:00Z', -3, '2027-09-27'],
  ])(
    'with asOf, loading %s moves license and invitation dates by that many days',
    (_, today, days, license) => {
      const checked = parseCompanyFile(withDates(), new Date(today), []);
      if (!checked.ok) throw new Error(checked.problem);
      const infra = checked.company.subscriptions[0]?.infrastructures[0];
      expect(infra?.licenseExpiresOn).toBe(license);
      const inv = checked.company.members.find((m) => m.email === 'new@fabrikam.example')?.invitation;
      expect(at(inv?.invitedAt)).toBe(at('2026-11-26T10:00:00Z') + days * DAY);
      expect(at(inv?.expiresAt)).toBe(at('2026-12-03T10:00:00Z') + days * DAY);
      const rosa = checked.company.members[0];
      expect(at(rosa?.joinedAt)).toBe(at('2026-01-05T09:00:00Z') + days * DAY);
      expect('asOf' in checked.company).toBe(false);
    },
  );

  it('without asOf, dates are kept as written', () => {
    const f = withDates();
    delete f.asOf;
    const checked = parseCompanyFile(f, new Date('2027-05-01T00:00:00Z'), []);
    if (!checked.ok) throw new Error(checked.problem);
    expect(checked.company.subscriptions[0]?.infrastructures[0]?.licenseExpiresOn).toBe('2027-09-30');
    expect(checked.company.members[2]?.invitation?.expiresAt).toBe('2026-12-03T10:00:00Z');
  });

  it('the demo file, loaded on its asOf day, keeps its own dates', async () => {
    const json = JSON.parse(await readFile(DEMO_FILE, 'utf8'));
    const checked = parseCompanyFile(json, new Date('2026-11-28T12:00:00Z'), []);
    if (!checked.ok) throw new Error(checked.problem);
    const prod = checked.company.subscriptions[0]?.infrastructures.find((i) => i.id === 'prod-eu');
    expect(prod?.licenseExpiresOn).toBe('2027-06-30');
    expect(checked.company.nextCaseNumber).toBe(1005);
  });

  it('names the field path of a schema error', () => {
    const f = fabrikam();
    (f.subscriptions[0]?.infrastructures[0] as { hosting: string }).hosting = 'moon';
    const checked = parseCompanyFile(f, new Date(), []);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.problem).toMatch(/^subscriptions\.0\.infrastructures\.0\.hosting: /);
  });
});

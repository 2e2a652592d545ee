// Every list command, run by the other company's Company Admin, shows nothing of this company: not its people,
// notices, requests, cases, audit trail, phone numbers or slots (issue 8: `notifications` once listed them all).
import { beforeAll, describe, expect, it } from 'vitest';
import type { StoreData } from '../../src/domain/schemas.ts';
import { memoryApp, type TestApp } from '../fakes/app.ts';
import { fabrikam, ROSA } from '../fakes/fabrikam.ts';

const ALEX = 'alexw@example.com';

/** Contoso's own traces: what its admins and members did, and who they are. */
const SECRETS = [
  'Contoso maintenance window',
  'contoso-secret-reason',
  'Contoso secret outage',
  'Deployments to prod time out',
  'contosoperf',
  '0958',
  'AR-1001',
  'Contoso',
];

const LISTS = [
  'notifications',
  'notifications pending',
  'notifications delivered',
  'notifications failed',
  'requests',
  'cases',
  'cases prod-eu',
  'case list prod-eu',
  'audit',
  'audit --infra prod-eu',
  'audit --member adelev@example.com',
  'audit --since 7d',
  'team',
  'team active',
  'team pending',
  'team contacts',
  'team --infra prod-eu',
  'security-contacts',
  'slots prod-eu',
  'who admins prod-eu',
  'license prod-eu',
  'review status',
  'who approves access prod-eu',
  'who approves company-admin',
];

let app: TestApp;
let contosoPeople: string[];

beforeAll(async () => {
  app = memoryApp((d: StoreData) => void d.companies.push(fabrikam()));
  const steps: Array<[string, string]> = [
    [ALEX, 'notify maintenance prod-eu "Contoso maintenance window"'],
    ['adelev@example.com', 'request infra-admin prod-eu --reason "contoso-secret-reason"'],
    [ALEX, 'case open prod-eu "Contoso secret outage"'],
    [ALEX, 'security-contact set adelev@example.com +44 20 7946 0958'],
    [ALEX, 'slot register prod-eu contosoperf'],
    [ALEX, 'grant access gradya@example.com prod-eu'],
    [ALEX, 'review start prod-eu'],
    // Fabrikam's own activity, so each list has something of its own to show.
    [ROSA, 'notify maintenance prod-eu "Fabrikam window"'],
    [ROSA, 'security-contact set tom@fabrikam.example +33 1 23 45 67 89'],
  ];
  for (const [who, line] of steps) {
    const r = await app.say(who, line);
    if (!r.ok) throw new Error(`setup step failed: ${who}: ${line}\n${r.text}`);
  }
  const contoso = (await app.data()).companies.find((c) => c.id === 'contoso');
  contosoPeople = (contoso?.members ?? []).flatMap((m) => [m.email, m.name]);
});

describe("the other company's Company Admin sees nothing of this company in any list", () => {
  it('the setup left traces in Contoso: its notices, requests and cases exist', async () => {
    const data = await app.data();
    expect(data.outbox.filter((o) => o.companyId === 'contoso').length).toBeGreaterThan(0);
    expect(contosoPeople.length).toBeGreaterThan(10);
    // Contoso's own Company Admin sees them: the markers are really there to leak.
    expect((await app.say(ALEX, 'requests')).text).toContain('AR-1001');
    expect((await app.say(ALEX, 'security-contacts')).text).toContain('0958');
    expect((await app.say(ALEX, 'slots prod-eu')).text).toContain('contosoperf');
  });

  it.each(LISTS)('%s', async (line) => {
    const r = await app.say(ROSA, line);
    expect(r.ok, r.text).toBe(true);
    for (const secret of [...SECRETS, ...contosoPeople]) expect(r.text).not.toContain(secret);
  });

  it('and the lists do show Fabrikam: its own notices and security contact', async () => {
    const notices = await app.say(ROSA, 'notifications');
    expect(notices.text).toContain('tom@fabrikam.example');
    const contacts = await app.say(ROSA, 'security-contacts');
    expect(contacts.text).toContain('Tom Ng');
  });
});

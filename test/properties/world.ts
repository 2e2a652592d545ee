// The property tests' world: a small team on the real pipeline (memory store, fake clock), seen as the model sees it.
import { type App, appOver, seedData } from '../../src/app/app.ts';
import { fakeClock } from '../../src/app/clock.ts';
import type { Identity } from '../../src/app/identity.ts';
import { silentSecurityLog } from '../../src/app/security-log.ts';
import type { Company, StoreData } from '../../src/domain/schemas.ts';
import { DEMO_DAY } from '../fakes/app.ts';
import { createMemoryStore } from '../fakes/memory-store.ts';
import type { Actor, MState } from '../model/state.ts';

/** The people of the sequences: two Company Admins, Infra Admins of prod-eu and dev-eu, a Member, one invitee. */
const KEEP = ['alexw', 'pradeepg', 'meganb', 'adelev', 'leeg', 'nestorw'].map((n) => `${n}@example.com`);
export const MEMBERS = KEEP;
export const NEWCOMERS = ['new1@example.com', 'new2@example.com'];
export const CONTACT = 'kim@partner.example';
export const STRANGER = 'stranger@example.org';
export const GUEST_OF = 'adelev@example.com';
export const PEOPLE = [...KEEP, ...NEWCOMERS, CONTACT, STRANGER];
export const INFRAS = ['prod-eu', 'dev-eu'];

const seeds = new Map<boolean, StoreData>();
/**
 * The demo company cut down to the people above, built once and copied for every sequence. With `timeBound`,
 * some roles are held for a while from the start (the random runs use it; named sequences start plain).
 */
export function seedWorld(timeBound = false): StoreData {
  let seed = seeds.get(timeBound);
  if (!seed) {
    const d = seedData(true, new Date(DEMO_DAY));
    const c = d.companies[0] as Company;
    c.members = c.members.filter((m) => KEEP.includes(m.email));
    c.contacts = c.contacts.filter((k) => k.email === CONTACT);
    if (timeBound) withTimeBoundRoles(c);
    seed = d;
    seeds.set(timeBound, d);
  }
  return structuredClone(seed);
}

function withTimeBoundRoles(c: Company) {
  // Time-bound roles from the start, so the limits on them are tried in most sequences: Adele is Infra
  // Admin of prod-eu for 8 hours (a Member before), Lee a Company Admin for 12.
  const hours = (h: number) => new Date(new Date(DEMO_DAY).getTime() + h * 3_600_000).toISOString();
  const adele = c.members.find((m) => m.email === 'adelev@example.com');
  const lee = c.members.find((m) => m.email === 'leeg@example.com');
  if (!adele || !lee) throw new Error('the demo company lost Adele or Lee');
  adele.roles['prod-eu'] = 'admin';
  lee.companyAdmin = true;
  const by = { warned: false, source: 'granted by alexw@example.com' };
  c.grants.push(
    {
      email: adele.email,
      kind: 'infra-admin',
      infra: 'prod-eu',
      until: hours(8),
      previous: 'member',
      forMs: 8 * 3_600_000,
      ...by,
    },
    { email: lee.email, kind: 'company-admin', until: hours(12), forMs: 12 * 3_600_000, ...by },
  );
}

export type World = { app: App; clock: ReturnType<typeof fakeClock>; companyId: string };

export function openWorld(data: StoreData = seedWorld(), at: string = DEMO_DAY): World {
  const clock = fakeClock(at);
  const app = appOver(createMemoryStore(data), { clock, securityLog: silentSecurityLog });
  return { app, clock, companyId: data.companies[0]?.id ?? '' };
}

/** A guest comes through Slack (the console has no guests); everyone else types in the console. */
export function identityOf(a: Actor, companyId: string): Identity {
  if (a.guest) return { chat: 'slack', teamId: 'T0000DEMO', userId: 'UGUEST01', email: a.email, guest: true };
  return { chat: 'console', email: a.email, companyId };
}

const iso = (s: string) => new Date(s).toISOString();

/** The real company as the model's plain state. */
export function project(c: Company, now: Date): MState {
  return {
    now: now.toISOString(),
    infras: c.subscriptions.flatMap((s) => s.infrastructures.map((i) => i.id)),
    members: c.members.map((m) => ({
      email: m.email,
      status: m.status,
      companyAdmin: m.companyAdmin,
      roles: { ...m.roles },
      security: m.security !== undefined,
      ...(m.status === 'pending' && m.invitation ? { invitedUntil: iso(m.invitation.expiresAt) } : {}),
    })),
    contacts: c.contacts.map((k) => k.email),
    grants: c.grants.map((g) => ({
      email: g.email,
      kind: g.kind,
      ...(g.infra ? { infra: g.infra } : {}),
      until: iso(g.until),
      ...(g.previous ? { previous: g.previous } : {}),
    })),
    requests: c.requests.map((r) => ({
      id: r.id,
      requester: r.requester,
      kind: r.kind,
      ...(r.infra ? { infra: r.infra } : {}),
      ...(r.forMs ? { forMs: r.forMs } : {}),
      status: r.status,
      approvals: r.approvals.map((a) => a.by),
      required: r.required,
      expiresAt: iso(r.expiresAt),
    })),
    cases: c.cases.map((k) => ({
      id: k.id,
      infra: k.infra,
      openedBy: k.openedBy,
      status: k.status,
      cc: [...k.cc],
    })),
    companyAdminApprovals: c.settings.companyAdminApprovals,
    requestTtlHours: c.settings.requestTtlHours,
    nextRequestNumber: c.nextRequestNumber,
    nextCaseNumber: c.nextCaseNumber,
  };
}

export const companyOf = (d: Readonly<StoreData>, id: string) =>
  d.companies.find((c) => c.id === id) as Company;

// The generated company the bench measures: 50 infrastructures, N members, and audit history, all made valid by the project's own schemas.
import type { AuditEntry } from '../src/domain/audit.ts';
import { type CompanyFile, parseCompanyFile } from '../src/domain/company-file.ts';
import type { Company, InfraRole } from '../src/domain/schemas.ts';

export const COMPANY_ID = 'benchco';
export const SLACK_TEAM = 'TBENCH0001';
export const INFRAS = 50;

/** Who sends every command: a Company Admin, bound to its Slack id, and the last member on the list. */
export const ACTOR = { userId: 'UBENCHACTOR', email: 'actor@bench.example', name: 'Bench Actor' };

export const infraId = (n: number) => `infra-${String((n % INFRAS) + 1).padStart(2, '0')}`;
export const memberEmail = (i: number) => `member${i}@bench.example`;

const FIRST = ['Ana', 'Raj', 'Lee', 'Mia', 'Omar', 'Ines', 'Kofi', 'Yuki', 'Sven', 'Lina', 'Tariq', 'Zoe'];
const LAST = ['Silva', 'Gupta', 'Nguyen', 'Okafor', 'Muller', 'Rossi', 'Tanaka', 'Haddad', 'Berg', 'Costa'];
// Varied names, so sorting the team page compares real strings rather than equal prefixes.
const nameOf = (i: number) =>
  `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]} ${i}`;

/**
 * Member i holds two roles: on infra i%50 (Infra Admin for i < 50, so each infrastructure has one) and
 * Member of infra 7i%50. Infra (i+25)%50 is never among them: that is where changes grant and revoke.
 */
export function rolesOf(i: number): Record<string, InfraRole> {
  // Listed last, the primary role wins when both land on one infrastructure (i a multiple of 25).
  return { [infraId(7 * i)]: 'member', [infraId(i)]: i < INFRAS ? 'admin' : 'member' };
}
export const freeInfra = (i: number, shift = 0) => infraId(i + 25 + shift);

/** Whether member i can be granted access on infra `id` (it holds no role there). */
export const holdsNothingOn = (i: number, id: string) => rolesOf(i)[id] === undefined;

const DAY = 86_400_000;

/** About one in twenty members (never an Infra Admin) is still an invitation. */
export const isPending = (i: number) => i >= INFRAS && i % 20 === 7;

/** `members` people in total (the actor included); about one in twenty is still an invitation. */
export function benchCompanyFile(members: number, today: Date): CompanyFile {
  const iso = (daysAgo: number) => new Date(today.getTime() - daysAgo * DAY).toISOString();
  const licence = new Date(today.getTime() + 400 * DAY).toISOString().slice(0, 10);
  const hosting = ['cloud', 'hybrid', 'self-managed'] as const;
  const infra = (n: number) => ({
    id: infraId(n),
    name: `Infrastructure ${n + 1}`,
    hosting: hosting[n % hosting.length] ?? 'cloud',
    slotLimit: 10,
    slots: [],
    // Far from expiry, so the scheduler queues no licence notices while the bench runs.
    licenseExpiresOn: licence,
  });
  const people = Array.from({ length: members - 1 }, (_, i) => {
    const pending = isPending(i);
    return {
      email: memberEmail(i),
      name: nameOf(i),
      status: pending ? ('pending' as const) : ('active' as const),
      companyAdmin: i === 0,
      roles: rolesOf(i),
      // Most active members have used the bot from Slack already, so identity look-ups see real bindings.
      identities:
        pending || i % 5 === 4 ? [] : [{ platform: 'slack' as const, teamId: SLACK_TEAM, userId: `UM${i}` }],
      ...(pending
        ? { invitation: { invitedBy: ACTOR.email, invitedAt: iso(2), expiresAt: iso(-5) } }
        : { joinedAt: iso(400 - (i % 365)) }),
    };
  });
  return {
    id: COMPANY_ID,
    name: 'Bench Company',
    slackTeamIds: [SLACK_TEAM],
    teamsTenantIds: [],
    subscriptions: [
      {
        id: 'bench-enterprise',
        edition: 'Enterprise',
        infrastructures: Array.from({ length: 40 }, (_, n) => infra(n)),
      },
      {
        id: 'bench-sentry',
        edition: 'Sentry',
        infrastructures: Array.from({ length: INFRAS - 40 }, (_, n) => infra(40 + n)),
      },
    ],
    members: [
      ...people,
      {
        email: ACTOR.email,
        name: ACTOR.name,
        status: 'active',
        companyAdmin: true,
        roles: {},
        identities: [{ platform: 'slack', teamId: SLACK_TEAM, userId: ACTOR.userId }],
        joinedAt: iso(30),
      },
    ],
    contacts: [],
    cases: [],
  };
}

/** The company checked by the same code `npm run import` uses; a generator bug stops the bench. */
export function benchCompany(members: number, today: Date): Company {
  const checked = parseCompanyFile(benchCompanyFile(members, today), today, []);
  if (!checked.ok) throw new Error(`the generated company is invalid: ${checked.problem}`);
  return checked.company;
}

/** The n-th event of a year of role changes, oldest first, as `appendAudit` takes it. */
export function historyEntry(n: number, total: number, members: number, today: Date): AuditEntry {
  const i = n % Math.max(1, members - 1);
  const id = freeInfra(i);
  const granted = n % 2 === 0;
  const roles = rolesOf(i);
  const withAccess = { ...roles, [id]: 'member' };
  return {
    companyId: COMPANY_ID,
    at: new Date(today.getTime() - (total - n) * ((365 * DAY) / total)).toISOString(),
    actor: ACTOR.email,
    chat: 'slack',
    action: 'role.change',
    target: memberEmail(i),
    infra: id,
    before: { companyAdmin: false, roles: granted ? roles : withAccess },
    after: { companyAdmin: false, roles: granted ? withAccess : roles },
  };
}

// The capability table: the single source of who may do what (DESIGN.md, "Who may do what"), and authorize().
import { activeCompanyAdmins, activeMembers, allInfras, findMember, infraAdmins } from '../domain/company.ts';
import { permanentRoles } from '../domain/invariants.ts';
import type { Company, Member } from '../domain/schemas.ts';
import type { Caller } from './caller.ts';
import { isBroken } from './rule-switch.ts';

/** The kinds of holder a row can name. Scope means the infrastructure the action is about. */
export type Holder =
  | 'anyone'
  | 'pending'
  | 'contact'
  | 'active-member'
  | 'company-admin'
  | 'infra-admin-of-scope'
  | 'infra-admin-of-any'
  | 'associated-with-scope'
  | 'security-contact';

type Row = { does: string; holders: readonly Holder[]; scoped: boolean };

// Read this next to the table in DESIGN.md: one row a capability, in the same order.
export const CAPABILITIES = {
  help: { does: 'read the help', holders: ['anyone'], scoped: false },
  whoami: { does: 'see who the bot knows you as', holders: ['anyone'], scoped: false },
  'accept-invitation': { does: 'accept your own invitation', holders: ['pending'], scoped: false },
  browse: {
    does: 'use the bot, see account info, browse the team and its permissions',
    holders: ['active-member'],
    scoped: false,
  },
  invite: {
    does: 'invite a member and set their roles on',
    holders: ['company-admin', 'infra-admin-of-scope'],
    scoped: true,
  },
  'invite-without-infra': {
    does: 'invite a member without any infrastructure role',
    holders: ['company-admin'],
    scoped: false,
  },
  'manage-company-admins': {
    does: 'invite with, grant or revoke Company Admin',
    holders: ['company-admin'],
    scoped: false,
  },
  'manage-infra-roles': {
    does: 'grant or revoke roles on',
    holders: ['company-admin', 'infra-admin-of-scope'],
    scoped: true,
  },
  'remove-people': {
    does: 'delete a member, cancel an invitation or remove a support contact',
    holders: ['company-admin'],
    scoped: false,
  },
  'open-case': { does: 'register a support case', holders: ['active-member', 'contact'], scoped: false },
  'open-case-unreviewed': {
    does: 'register a support case without approval on',
    holders: ['infra-admin-of-scope', 'associated-with-scope'],
    scoped: true,
  },
  'view-cases-of-infra': {
    does: 'view all support cases of',
    holders: ['infra-admin-of-scope'],
    scoped: true,
  },
  'view-own-cases': {
    does: 'view your own support cases',
    holders: ['active-member', 'contact'],
    scoped: false,
  },
  'approve-case': {
    does: 'approve an unauthorized support case on',
    holders: ['infra-admin-of-scope'],
    scoped: true,
  },
  'manage-slots': {
    does: 'register or release environment slots and download the license of',
    holders: ['company-admin', 'infra-admin-of-scope'],
    scoped: true,
  },
  'manage-security-contact': {
    does: 'set or clear the security contact for members on',
    holders: ['company-admin', 'infra-admin-of-scope'],
    scoped: true,
  },
  'see-phone-numbers': {
    does: "see security contacts' phone numbers",
    holders: ['company-admin', 'infra-admin-of-any'],
    scoped: false,
  },
  'view-audit': {
    does: 'read the audit trail of',
    holders: ['company-admin', 'infra-admin-of-scope'],
    scoped: true,
  },
  'view-company-audit': { does: 'read the whole audit trail', holders: ['company-admin'], scoped: false },
  'verify-audit': { does: 'verify the audit chain', holders: ['company-admin'], scoped: false },
  'link-guests': {
    does: "link a guest's chat account to a member",
    holders: ['company-admin'],
    scoped: false,
  },
  'manage-settings': {
    does: 'change the company settings (where approval requests are posted, how access reviews end)',
    holders: ['company-admin'],
    scoped: false,
  },
  'review-access': {
    does: 'start and follow an access review of',
    holders: ['company-admin', 'infra-admin-of-scope'],
    scoped: true,
  },
  'send-notices': {
    does: 'send maintenance, disruptive-event and security notices',
    holders: ['company-admin'],
    scoped: false,
  },
  'view-all-notifications': {
    does: "see every notice the company's outbox holds",
    holders: ['company-admin'],
    scoped: false,
  },
  // Who receives which notice (DESIGN.md, the "receives" rows).
  'receive-disruptive': {
    does: 'receive disruptive-event notices for',
    holders: ['company-admin', 'infra-admin-of-scope'],
    scoped: true,
  },
  'receive-maintenance': {
    does: 'receive maintenance notices for',
    holders: ['infra-admin-of-scope'],
    scoped: true,
  },
  'receive-license': {
    does: 'receive license expiration notices for',
    holders: ['company-admin', 'infra-admin-of-scope'],
    scoped: true,
  },
  'receive-security': { does: 'receive security notices', holders: ['security-contact'], scoped: false },
} as const satisfies Record<string, Row>;

export type Capability = keyof typeof CAPABILITIES;

export type Person = { name: string; email: string };
export type Denied = { allowed: false; capability: Capability; rule: string; couldInstead: Person[] };
export type Decision = { allowed: true; via: Holder } | Denied;

/** `permanentOnly`: count only roles held permanently (a time-bound role may not be enough, see domain/invariants.ts). */
export type AuthorizeOptions = { permanentOnly?: boolean };

function holds(
  company: Company | undefined,
  caller: Caller,
  holder: Holder,
  scope: string | undefined,
  opts: AuthorizeOptions,
): boolean {
  if (holder === 'anyone') return true;
  if (holder === 'pending') return caller.kind === 'pending';
  if (holder === 'contact') return caller.kind === 'contact';
  if (caller.kind !== 'member' || !company) return false;
  const found = findMember(company, caller.email);
  if (found?.status !== 'active') return false;
  const m = opts.permanentOnly ? { ...found, ...permanentRoles(company, found) } : found;
  switch (holder) {
    case 'active-member':
      return true;
    case 'company-admin':
      return m.companyAdmin;
    case 'infra-admin-of-scope':
      return scope !== undefined && m.roles[scope] === 'admin';
    case 'infra-admin-of-any':
      return Object.values(m.roles).includes('admin');
    case 'associated-with-scope':
      return scope !== undefined && m.roles[scope] !== undefined;
    case 'security-contact':
      return m.security !== undefined;
  }
}

const holderNames: Record<Holder, (scope?: string) => string> = {
  anyone: () => 'anyone',
  pending: () => 'invited people who have not joined yet',
  contact: () => 'support contacts',
  'active-member': () => 'active members of the team',
  'company-admin': () => 'Company Admins',
  'infra-admin-of-scope': (s) => `the Infra Admins of ${s ?? 'that infrastructure'}`,
  'infra-admin-of-any': () => 'Infra Admins',
  'associated-with-scope': (s) => `members with a role on ${s ?? 'that infrastructure'}`,
  'security-contact': () => 'security contacts',
};

function peopleHolding(company: Company | undefined, holder: Holder, scope?: string): Member[] {
  if (!company) return [];
  switch (holder) {
    case 'company-admin':
      return activeCompanyAdmins(company);
    case 'infra-admin-of-scope':
      return scope ? infraAdmins(company, scope) : [];
    case 'infra-admin-of-any':
      return activeMembers(company).filter((m) => Object.values(m.roles).includes('admin'));
    default:
      // Rows open to every member are not worth a list of names; the rule says who instead.
      return [];
  }
}

/** Asks the table. A denial names the rule that refused and, by name, who could do it instead. */
export function authorize(
  company: Company | undefined,
  caller: Caller,
  capability: Capability,
  scope?: string,
  opts: AuthorizeOptions = {},
): Decision {
  const row: Row = CAPABILITIES[capability];
  // Test-only (breakable.ts): a broken row lets everyone through, so the property tests must notice.
  if (isBroken(capability)) return { allowed: true, via: 'anyone' };
  for (const h of row.holders) if (holds(company, caller, h, scope, opts)) return { allowed: true, via: h };
  // Asked about no infrastructure in particular (typing `invite` alone): the most general rule first.
  const general = scope === undefined ? generalDenial(company, caller, capability, opts) : undefined;
  if (general) return general;

  const who = row.holders.map((h) => holderNames[h](scope));
  const what = row.scoped ? `${row.does} ${scope ?? 'an infrastructure'}` : row.does;
  const seen = new Set<string>();
  const couldInstead: Person[] = [];
  for (const h of row.holders)
    for (const m of peopleHolding(company, h, scope))
      if (!seen.has(m.email) && !(caller.kind !== 'unknown' && m.email === caller.email)) {
        seen.add(m.email);
        couldInstead.push({ name: m.name, email: m.email });
      }
  // Nobody may act beyond the team: point outsiders to the Company Admins who can invite them.
  if (row.holders.includes('active-member') && caller.kind !== 'member' && company)
    for (const m of activeCompanyAdmins(company)) couldInstead.push({ name: m.name, email: m.email });
  return { allowed: false, capability, rule: `only ${who.join(' or ')} may ${what}`, couldInstead };
}

/** Infra Admins in general, when the scoped row names those of one infrastructure. */
const generalNames: Partial<Record<Holder, string>> = {
  'infra-admin-of-scope': 'Infra Admins',
  'associated-with-scope': 'members with a role on it',
};

/**
 * The most general rule first: a member who may do this on no infrastructure at all, asked about none
 * in particular, hears that ("Members can't invite ...") rather than a rule about some infrastructure.
 */
function generalDenial(
  company: Company | undefined,
  caller: Caller,
  capability: Capability,
  opts: AuthorizeOptions,
): Denied | undefined {
  const row: Row = CAPABILITIES[capability];
  if (!row.scoped || caller.kind !== 'member' || !company) return undefined;
  const me = findMember(company, caller.email);
  if (me?.status !== 'active') return undefined;
  const anywhere = allInfras(company).some((i) =>
    row.holders.some((h) => holds(company, caller, h, i.infra.id, opts)),
  );
  if (anywhere) return undefined;
  const who = row.holders.map((h) => generalNames[h] ?? holderNames[h]());
  const callers = me.companyAdmin ? 'Company Admins who are not Infra Admins' : 'Members';
  const couldInstead = [
    ...(row.holders.includes('company-admin') ? activeCompanyAdmins(company) : []),
    ...(row.holders.includes('infra-admin-of-scope') ? peopleHolding(company, 'infra-admin-of-any') : []),
  ]
    .filter((m, i, all) => m.email !== me.email && all.findIndex((x) => x.email === m.email) === i)
    .map((m) => ({ name: m.name, email: m.email }));
  return {
    allowed: false,
    capability,
    rule: `${callers} can't ${row.does} any infrastructure: only ${who.join(' or ')} may`,
    couldInstead,
  };
}

export const can = (company: Company | undefined, caller: Caller, capability: Capability, scope?: string) =>
  authorize(company, caller, capability, scope).allowed;

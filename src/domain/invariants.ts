// The invariants of DESIGN.md that no command may break, checked in one place before any role changes.
import { isBroken } from '../policy/rule-switch.ts';
import { activeCompanyAdmins, findMember } from './company.ts';
import type { Company, InfraRole, Member, RequestKind } from './schemas.ts';

/** A member's roles with every time-bound one taken away: what they hold permanently. */
export type PermanentRoles = { companyAdmin: boolean; roles: Record<string, InfraRole> };

const grantsOf = (c: Company, email: string) => c.grants.filter((g) => g.email === email);

export function permanentRoles(c: Company, m: Member): PermanentRoles {
  const grants = grantsOf(c, m.email);
  const timed = (kind: RequestKind, infra?: string) =>
    grants.some((g) => g.kind === kind && (kind === 'company-admin' || g.infra === infra));
  const roles: Record<string, InfraRole> = {};
  for (const [infra, role] of Object.entries(m.roles)) {
    const adminGrant = grants.find((g) => g.kind === 'infra-admin' && g.infra === infra);
    // Under a time-bound Infra Admin role, what stays is what it falls back to, unless that is time-bound too.
    const kept: InfraRole | undefined =
      role === 'admin' && adminGrant ? adminGrant.previous : timed('access', infra) ? undefined : role;
    if (kept === 'member' && timed('access', infra)) continue;
    if (kept) roles[infra] = kept;
  }
  return { companyAdmin: m.companyAdmin && !timed('company-admin'), roles };
}

/** Active Company Admins who hold the role permanently: the ones the company must always keep one of. */
export const permanentCompanyAdmins = (c: Company) =>
  activeCompanyAdmins(c).filter((m) => permanentRoles(c, m).companyAdmin);

/** A role a change is about: Company Admin, or a role on one infrastructure. */
export type RoleRef = { kind: 'company-admin' } | { kind: 'infra'; infra: string; role: InfraRole };

export type RoleChange = {
  /** Who acts, and whether the capability they use is theirs permanently (asked of the table by the command). */
  actor: string;
  actorPermanent: boolean;
  target: string;
  /** raise: grant, extend or make permanent; lower: demote or revoke; remove: delete from the team. */
  change: 'raise' | 'lower' | 'remove';
  /** The role raised or lowered; for remove, absent (every role goes). */
  role?: RoleRef;
};

/** The invariants enforced here and in the workflows, by the id the breakage switch (policy/breakable.ts) knows. */
export const INVARIANT_IDS = [
  /** revoke/remove/demote never leaves the company without an active permanent Company Admin */
  'last-permanent-company-admin',
  /** nobody approves their own request or case */
  'no-self-approval',
  /** access held for a time can't change one's own roles; nobody raises, extends or makes permanent their own */
  'time-bound-no-self-change',
  /** access held for a time can't demote, revoke or remove someone holding that role permanently */
  'time-bound-no-demote-permanent',
  /** the approvals a request needs never exceed its eligible approvers; none eligible: refused when filed */
  'quorum-fits',
  /** removing a member ends their grants, withdraws their requests, drops their approvals */
  'removal-ends-all',
] as const;
export type InvariantId = (typeof INVARIANT_IDS)[number];

export type Refusal = { rule: InvariantId; message: string; hint?: string };

const requestHint = (role?: RoleRef) =>
  role?.kind === 'infra'
    ? `Ask for it instead: \`request ${role.role === 'admin' ? 'infra-admin' : 'access'} ${role.infra} --reason "why" [--for 8h]\`.`
    : 'Ask for it instead: `request company-admin --reason "why" [--for 8h]`.';

const holdsPermanently = (p: PermanentRoles, role: RoleRef) =>
  role.kind === 'company-admin'
    ? p.companyAdmin
    : role.role === 'admin'
      ? p.roles[role.infra] === 'admin'
      : p.roles[role.infra] !== undefined;

/**
 * The role held only for a time that this change goes through: the actor's strongest standing, as
 * everywhere (most general rule first). A Company Admin, even for a time, acts as one: holding an
 * infrastructure's Infra Admin for a time besides takes nothing away from what a Company Admin may do.
 */
function timeBoundAuthority(c: Company, actor: Member, role?: RoleRef): RoleRef[] {
  const p = permanentRoles(c, actor);
  if (actor.companyAdmin) return p.companyAdmin ? [] : [{ kind: 'company-admin' }];
  if (role?.kind === 'infra' && actor.roles[role.infra] === 'admin' && p.roles[role.infra] !== 'admin')
    return [{ kind: 'infra', infra: role.infra, role: 'admin' }];
  return [];
}

const roleWords = (r: RoleRef) =>
  r.kind === 'company-admin'
    ? 'Company Admin'
    : `${r.role === 'admin' ? 'Infra Admin' : 'Member'} of ${r.infra}`;

/** Why this change would break an invariant, or null when it keeps them all. */
export function roleChangeRefusal(c: Company, x: RoleChange): Refusal | null {
  const self = x.actor.toLowerCase() === x.target.toLowerCase();
  const target = findMember(c, x.target);
  const tp = target ? permanentRoles(c, target) : undefined;
  if (self && !isBroken('time-bound-no-self-change')) {
    // Asking for what one already holds permanently changes nothing; the command says so.
    if (x.change === 'raise' && !(tp && x.role && holdsPermanently(tp, x.role)))
      return {
        rule: 'time-bound-no-self-change',
        message:
          'Nobody raises, extends or makes permanent their own access except through an approved request.',
        hint: requestHint(x.role),
      };
    if (!x.actorPermanent)
      return {
        rule: 'time-bound-no-self-change',
        message: 'Access held for a time cannot be used to change your own roles.',
      };
  }
  if (!target || !tp) return null;
  if (x.change !== 'raise' && !x.actorPermanent && !self && !isBroken('time-bound-no-demote-permanent')) {
    const actor = findMember(c, x.actor);
    const held = actor ? timeBoundAuthority(c, actor, x.role) : [];
    const clash = held.find((r) => holdsPermanently(tp, r));
    if (clash)
      return {
        rule: 'time-bound-no-demote-permanent',
        message: `You hold ${roleWords(clash)} for a time, and access held for a time cannot be used to ${
          x.change === 'remove' ? 'remove' : 'demote or revoke'
        } ${target.name}, who holds it permanently.`,
        hint: 'Ask someone who holds the role permanently.',
      };
  }
  const losesCompanyAdmin =
    x.change === 'remove' || (x.change === 'lower' && x.role?.kind === 'company-admin');
  if (
    losesCompanyAdmin &&
    target.status === 'active' &&
    tp.companyAdmin &&
    permanentCompanyAdmins(c).length <= 1 &&
    !isBroken('last-permanent-company-admin')
  )
    return {
      rule: 'last-permanent-company-admin',
      message: `${target.name} is the last active Company Admin who holds the role permanently, and the company must always keep one.`,
      hint: 'Grant Company Admin permanently to someone else first: `grant company-admin EMAIL`.',
    };
  return null;
}

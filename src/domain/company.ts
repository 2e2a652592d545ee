// Lookups over one company: its infrastructures, members and the roles they hold (members through indexes).
import { identityKey, memberIndex } from './indexes.ts';
import type { ChatIdentity, Company, Infrastructure, Member, Subscription } from './schemas.ts';

export type InfraInfo = { infra: Infrastructure; subscription: Subscription };

export function allInfras(company: Company): InfraInfo[] {
  return company.subscriptions.flatMap((subscription) =>
    subscription.infrastructures.map((infra) => ({ infra, subscription })),
  );
}

/** Without listing them all: in a transaction, every infrastructure touched would be drafted. */
export function findInfra(company: Company, id: string): InfraInfo | undefined {
  for (const subscription of company.subscriptions) {
    const infra = subscription.infrastructures.find((i) => i.id === id);
    if (infra) return { infra, subscription };
  }
  return undefined;
}

export const sameEmail = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The member with this email (any case), found through the index rather than by scanning the team. */
export function findMember(company: Company, email: string): Member | undefined {
  return memberIndex.get(company.members, email.toLowerCase());
}

/** The member a platform identity is bound to. */
export function memberByIdentity(company: Company, identity: ChatIdentity): Member | undefined {
  return memberIndex.all(company.members, [`id:${identityKey(identity)}`])[0];
}

export const activeMembers = (company: Company) => company.members.filter((m) => m.status === 'active');

const active = (list: Member[]) => list.filter((m) => m.status === 'active');

export const activeCompanyAdmins = (company: Company) =>
  active(memberIndex.all(company.members, ['company-admin']));

export const infraAdmins = (company: Company, infraId: string) =>
  active(memberIndex.all(company.members, [`role:${infraId}:admin`]));

/** Members with any role on the infrastructure (Infra Admins and Members), in team order. */
export const membersOfInfra = (company: Company, infraId: string) =>
  memberIndex.all(company.members, [`role:${infraId}:admin`, `role:${infraId}:member`]);

/** Holders of the Security role. */
export const securityContacts = (company: Company) => memberIndex.all(company.members, ['security']);

/** The LifeTime developer-account invitation exists only for cloud and hybrid, never in Sentry. */
export function lifetimeRefusal(info: InfraInfo): string | null {
  if (info.subscription.edition === 'Sentry')
    return `${info.infra.id} is in a Sentry subscription, where the LifeTime invitation is not available`;
  if (info.infra.hosting === 'self-managed')
    return `${info.infra.id} is self-managed; the LifeTime invitation applies only to cloud and hybrid infrastructures`;
  return null;
}

export function roleLabel(m: Member, infraId: string): string {
  const r = m.roles[infraId];
  return r === 'admin' ? 'Infra Admin' : r === 'member' ? 'Member' : 'no role';
}

/**
 * A one-line summary of a member's roles, e.g. "Company Admin; Infra Admin of prod-eu; Member of dev-eu".
 * With `max`, long lists are shortened ("Member of a, b and 6 more") so the line fits: it is stored.
 */
export function describeRoles(m: Member, max = Number.POSITIVE_INFINITY): string {
  const admin = Object.keys(m.roles)
    .filter((k) => m.roles[k] === 'admin')
    .sort();
  const member = Object.keys(m.roles)
    .filter((k) => m.roles[k] === 'member')
    .sort();
  const list = (items: string[], shown: number) =>
    shown >= items.length
      ? items.join(', ')
      : shown === 0
        ? `${items.length} infrastructures`
        : `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`;
  const line = (shownAdmin: number, shownMember: number) => {
    const parts: string[] = [];
    if (m.companyAdmin) parts.push('Company Admin');
    if (admin.length) parts.push(`Infra Admin of ${list(admin, shownAdmin)}`);
    if (member.length) parts.push(`Member of ${list(member, shownMember)}`);
    if (m.security) parts.push('Security');
    return parts.length ? parts.join('; ') : 'Member (no infrastructure roles)';
  };
  let a = admin.length;
  let b = member.length;
  let out = line(a, b);
  // Drop names from the longer list first; with none shown, the counts alone always fit.
  while (out.length > max && a + b > 0) {
    if (b >= a && b > 0) b--;
    else a--;
    out = line(a, b);
  }
  return out;
}

/** Edit distance, for "did you mean" answers on commands, infrastructures and members. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] ?? 0;
      prev[j] = Math.min(up + 1, (prev[j - 1] ?? 0) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] ?? 0;
}

export function closest(word: string, candidates: readonly string[], maxDistance = 3): string | undefined {
  let best: { c: string; d: number } | undefined;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d <= maxDistance && (!best || d < best.d)) best = { c, d };
  }
  return best?.c;
}

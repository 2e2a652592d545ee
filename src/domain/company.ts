// Lookups over one company: its infrastructures, members and the roles they hold.
import type { Company, Infrastructure, Member, Subscription } from './schemas.ts';

export type InfraInfo = { infra: Infrastructure; subscription: Subscription };

export function allInfras(company: Company): InfraInfo[] {
  return company.subscriptions.flatMap((subscription) =>
    subscription.infrastructures.map((infra) => ({ infra, subscription })),
  );
}

export function findInfra(company: Company, id: string): InfraInfo | undefined {
  return allInfras(company).find((i) => i.infra.id === id);
}

export const sameEmail = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function findMember(company: Company, email: string): Member | undefined {
  return company.members.find((m) => sameEmail(m.email, email));
}

export const activeMembers = (company: Company) => company.members.filter((m) => m.status === 'active');

export const activeCompanyAdmins = (company: Company) => activeMembers(company).filter((m) => m.companyAdmin);

export const infraAdmins = (company: Company, infraId: string) =>
  activeMembers(company).filter((m) => m.roles[infraId] === 'admin');

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

/** A one-line summary of a member's roles, e.g. "Company Admin; Infra Admin of prod-eu; Member of dev-eu". */
export function describeRoles(m: Member): string {
  const parts: string[] = [];
  if (m.companyAdmin) parts.push('Company Admin');
  const admin = Object.keys(m.roles).filter((k) => m.roles[k] === 'admin');
  const member = Object.keys(m.roles).filter((k) => m.roles[k] === 'member');
  if (admin.length) parts.push(`Infra Admin of ${admin.sort().join(', ')}`);
  if (member.length) parts.push(`Member of ${member.sort().join(', ')}`);
  if (m.security) parts.push('Security');
  return parts.length ? parts.join('; ') : 'Member (no infrastructure roles)';
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

// Granting a role, permanently or for a while, and taking a time-bound role back when its time is up.
import type { AuditEntry } from '../domain/audit.ts';
import { describeRoles, findMember } from '../domain/company.ts';
import { formatDuration } from '../domain/durations.ts';
import type { Company, InfraRole, Member, RequestKind, TimedGrant } from '../domain/schemas.ts';
import { memberRef, type Span, strong, type Text, text, timeAt } from '../views/view.ts';

export type GrantSpec = { kind: RequestKind; infra?: string; forMs?: number; source: string };
type Audit = (e: Pick<AuditEntry, 'action' | 'target' | 'infra' | 'before' | 'after'>) => void;

export type GrantOutcome =
  | { ok: true; changed: boolean; line: Text }
  /** Refused: the wording says what is in the way and what would work. */
  | { ok: false; message: string; hint?: string };

export const roleName = (r: InfraRole | undefined) =>
  r === 'admin' ? 'Infra Admin' : r === 'member' ? 'Member' : 'no role';
const rolesOf = (m: Member) => ({ companyAdmin: m.companyAdmin, roles: { ...m.roles } });

const sameGrant = (g: TimedGrant, email: string, kind: RequestKind, infra?: string) =>
  g.email === email && g.kind === kind && (kind === 'company-admin' || g.infra === infra);

export const timedGrantOf = (c: Company, email: string, kind: RequestKind, infra?: string) =>
  c.grants.find((g) => sameGrant(g, email, kind, infra));

/** Any explicit change to a role ends the time limit on it: what an admin sets by hand is permanent. */
export function clearTimedGrants(c: Company, email: string, infra?: string) {
  c.grants = c.grants.filter(
    (g) => !(g.email === email && (infra === undefined ? g.kind === 'company-admin' : g.infra === infra)),
  );
}

/** What the member holds now, in words, for previews and answers ("Member of prod-eu"); it fits `max`. */
export function holding(m: Member, kind: RequestKind, infra?: string, max?: number): string {
  if (kind === 'company-admin') return m.companyAdmin ? 'Company Admin' : describeRoles(m, max);
  return `${roleName(m.roles[infra ?? ''])} of ${infra}`;
}

export function targetName(kind: RequestKind, infra?: string): string {
  return kind === 'company-admin'
    ? 'Company Admin'
    : kind === 'infra-admin'
      ? `Infra Admin of ${infra}`
      : `Member of ${infra}`;
}

/**
 * Grants `spec` to `m`. A time-bound grant never replaces a permanent role the member already has; a
 * permanent grant over a time-bound one makes it permanent; a second time-bound grant extends the first.
 */
export function grantRole(c: Company, m: Member, spec: GrantSpec, now: Date, audit: Audit): GrantOutcome {
  const { kind, infra, forMs } = spec;
  const wanted: InfraRole | undefined =
    kind === 'infra-admin' ? 'admin' : kind === 'access' ? 'member' : undefined;
  const current = infra ? m.roles[infra] : undefined;
  const holds =
    kind === 'company-admin'
      ? m.companyAdmin
      : current === wanted || (kind === 'access' && current === 'admin');
  const timed = timedGrantOf(c, m.email, kind, infra);
  const until = forMs ? new Date(now.getTime() + forMs).toISOString() : undefined;
  const name = targetName(kind, infra);

  // Access asked for under a time-bound Infra Admin role: the access outlives that role (permanently,
  // or until its own end), so the admin grant, when it ends, falls back to Member rather than to nothing.
  const adminTimed =
    kind === 'access' && current === 'admin' ? timedGrantOf(c, m.email, 'infra-admin', infra) : undefined;
  if (adminTimed && !timed) {
    const before = { ...rolesOf(m), previous: adminTimed.previous ?? null };
    adminTimed.previous = 'member';
    if (until)
      c.grants.push({
        email: m.email,
        kind: 'access',
        ...(infra ? { infra } : {}),
        until,
        warned: false,
        source: spec.source,
        ...(forMs ? { forMs } : {}),
      });
    audit({
      action: 'role.change',
      target: m.email,
      ...(infra ? { infra } : {}),
      before,
      after: { ...rolesOf(m), previous: 'member', until: until ?? null },
    });
    return {
      ok: true,
      changed: true,
      line: text(
        memberRef(m),
        `: keeps access to ${infra} after the time-bound Infra Admin role ends`,
        ...(until ? [', until ', timeAt(until), '.'] : ['.']),
      ),
    };
  }

  if (kind === 'access' && current === 'admin' && !timed)
    return forMs
      ? {
          ok: true,
          changed: false,
          line: text(
            memberRef(m),
            ` is already Infra Admin of ${infra}, which includes access; nothing changed.`,
          ),
        }
      : {
          ok: false,
          message: `${m.name} is Infra Admin of ${infra}: an Infra Admin already has access.`,
          hint: `To make them a Member, use \`revoke infra-admin ${m.email} ${infra}\`.`,
        };

  if (holds && !timed)
    return {
      ok: true,
      changed: false,
      line: text(
        memberRef(m),
        ` is already ${name}${forMs ? ' permanently; a time-bound grant never replaces a permanent role' : ''}; nothing changed.`,
      ),
    };

  const before = { ...rolesOf(m), until: timed?.until ?? null };
  // A second time-bound grant only ever extends the first (ISO instants compare as strings); one ending
  // sooner changes nothing. Only a permanent grant removes the end.
  if (holds && timed && until && until <= timed.until)
    return {
      ok: true,
      changed: false,
      line: text(memberRef(m), ` is already ${name} until `, timeAt(timed.until), '; nothing changed.'),
    };
  if (holds && timed) {
    if (until) {
      timed.until = until;
      timed.warned = false;
    } else clearTimedGrants(c, m.email, kind === 'company-admin' ? undefined : infra);
  } else {
    if (kind === 'company-admin') m.companyAdmin = true;
    else if (infra && wanted) m.roles[infra] = wanted;
    if (until)
      c.grants.push({
        email: m.email,
        kind,
        ...(infra ? { infra } : {}),
        until,
        ...(current ? { previous: current } : {}),
        warned: false,
        source: spec.source,
        ...(forMs ? { forMs } : {}),
      });
  }
  const after = { ...rolesOf(m), until: timedGrantOf(c, m.email, kind, infra)?.until ?? null };
  audit({
    action: kind === 'company-admin' ? 'company-admin.grant' : 'role.change',
    target: m.email,
    ...(infra ? { infra } : {}),
    before,
    after,
  });
  const ends: Array<string | Span> = after.until
    ? [', until ', timeAt(after.until), forMs ? ` (${formatDuration(forMs)})` : '']
    : [', permanently'];
  const from =
    kind === 'company-admin'
      ? before.companyAdmin
        ? 'Company Admin'
        : 'not Company Admin'
      : `${roleName(current)} of ${infra}`;
  return { ok: true, changed: true, line: text(memberRef(m), `: ${from} -> `, strong(name), ...ends, '.') };
}

/** Takes back a grant whose time is up, restoring the role the member had before it. */
export function expireGrant(c: Company, g: TimedGrant, audit: Audit): Text | null {
  c.grants = c.grants.filter((x) => x !== g);
  const m = findMember(c, g.email);
  if (!m) return null;
  const before = rolesOf(m);
  if (g.kind === 'company-admin') {
    // Expiry always ends it: a time-bound Company Admin is never what keeps the company's last
    // permanent one (domain/invariants.ts refuses revoking or removing that one).
    m.companyAdmin = false;
  } else if (g.infra) {
    const granted: InfraRole = g.kind === 'infra-admin' ? 'admin' : 'member';
    if (g.kind === 'access' && m.roles[g.infra] === 'admin') {
      // Access ends while a time-bound Infra Admin role still runs: when that ends, nothing is left.
      const adminTimed = timedGrantOf(c, m.email, 'infra-admin', g.infra);
      if (adminTimed) delete adminTimed.previous;
      return null;
    }
    if (m.roles[g.infra] !== granted) return null;
    if (g.previous) m.roles[g.infra] = g.previous;
    else delete m.roles[g.infra];
  }
  audit({
    action: 'grant.expire',
    target: m.email,
    ...(g.infra ? { infra: g.infra } : {}),
    before,
    after: rolesOf(m),
  });
  return text(
    memberRef(m),
    ': time-bound ',
    strong(targetName(g.kind, g.infra)),
    ' ended; now ',
    holding(m, g.kind, g.infra),
    '.',
  );
}

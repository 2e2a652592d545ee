// What a change does to the model's state: granting, taking back, removing, and time passing.
import { grantOf, type InfraRole, type MGrant, type MState, member, type RoleKind } from './state.ts';

/** A change's result: the next state, a refusal, or "this member's roles are not pinned down by DESIGN.md". */
export type Effect =
  | { kind: 'state'; next: MState }
  | { kind: 'refuse'; why: string }
  | { kind: 'moot'; why: string }
  | { kind: 'loose'; next: MState; loose: string[] };

export const clone = (s: MState): MState => structuredClone(s);

const later = (a: string, b: string) => (a > b ? a : b);
const plusMs = (iso: string, ms: number) => new Date(new Date(iso).getTime() + ms).toISOString();

const sameGrant = (g: MGrant, email: string, kind: RoleKind, infra?: string) =>
  g.email === email && g.kind === kind && (kind === 'company-admin' || g.infra === infra);

/** A role given by hand is permanent; given again for a while it only ever lasts longer. */
export function grantEffect(
  s0: MState,
  email: string,
  kind: RoleKind,
  infra: string | undefined,
  forMs?: number,
): Effect {
  const s = clone(s0);
  const m = member(s, email);
  if (!m) return { kind: 'refuse', why: `${email} is not on the team` };
  const until = forMs ? plusMs(s.now, forMs) : undefined;
  const timed = grantOf(s, email, kind, infra);
  const dropTimed = () => {
    s.grants = s.grants.filter((g) => !sameGrant(g, email, kind, infra));
  };
  const extendOrKeep = () => {
    if (!timed) return;
    if (until) timed.until = later(timed.until, until);
    else dropTimed();
  };
  if (kind === 'company-admin') {
    if (m.companyAdmin && !timed) return { kind: 'state', next: s };
    if (timed) extendOrKeep();
    else {
      m.companyAdmin = true;
      if (until) s.grants.push({ email, kind, until });
    }
    return { kind: 'state', next: s };
  }
  const x = infra ?? '';
  const current = m.roles[x];
  const timedAdmin = grantOf(s, email, 'infra-admin', x);
  if (kind === 'access' && current === 'admin') {
    // Access under a time-bound Infra Admin role: what it falls back to is the code's choice.
    if (timedAdmin) return { kind: 'loose', next: s, loose: [email] };
    return forMs ? { kind: 'state', next: s } : { kind: 'refuse', why: 'an Infra Admin already has access' };
  }
  const wanted: InfraRole = kind === 'infra-admin' ? 'admin' : 'member';
  if (current === wanted && !timed) return { kind: 'state', next: s };
  if (current === wanted) {
    extendOrKeep();
    return { kind: 'state', next: s };
  }
  m.roles[x] = wanted;
  if (until) s.grants.push({ email, kind, infra: x, until, ...(current ? { previous: current } : {}) });
  return { kind: 'state', next: s };
}

/** Removal ends everything: grants, requests (withdrawn), and the approvals given on pending ones. */
export function removeEffect(s0: MState, email: string): MState {
  const s = clone(s0);
  s.members = s.members.filter((m) => m.email !== email);
  s.grants = s.grants.filter((g) => g.email !== email);
  for (const r of s.requests) {
    if (r.status !== 'pending') continue;
    if (r.requester === email) r.status = 'cancelled';
    else r.approvals = r.approvals.filter((a) => a !== email);
  }
  return s;
}

/** The clock moves on: requests past their time expire, and time-bound roles end, restoring what was before. */
export function timePasses(s0: MState, ms: number): { next: MState; loose: string[] } {
  const s = clone(s0);
  s.now = plusMs(s.now, ms);
  const loose = new Set<string>();
  for (const r of s.requests) if (r.status === 'pending' && r.expiresAt <= s.now) r.status = 'expired';
  for (const g of s.grants)
    if (
      g.kind !== 'company-admin' &&
      s.grants.some((h) => h !== g && h.email === g.email && h.infra === g.infra)
    )
      loose.add(g.email);
  const due = s.grants.filter((g) => g.until <= s.now);
  s.grants = s.grants.filter((g) => g.until > s.now);
  for (const g of due) {
    const m = member(s, g.email);
    if (!m) continue;
    if (g.kind === 'company-admin') m.companyAdmin = false;
    else if (g.infra && m.roles[g.infra] === (g.kind === 'infra-admin' ? 'admin' : 'member')) {
      if (g.previous) m.roles[g.infra] = g.previous;
      else delete m.roles[g.infra];
    }
  }
  return { next: s, loose: [...loose] };
}

/** Grants whose role the member no longer holds do nothing; both sides leave them out when compared. */
export function effectiveGrants(s: MState): MGrant[] {
  return s.grants.filter((g) => {
    const m = member(s, g.email);
    if (!m) return true;
    if (g.kind === 'company-admin') return m.companyAdmin;
    return m.roles[g.infra ?? ''] === (g.kind === 'infra-admin' ? 'admin' : 'member');
  });
}

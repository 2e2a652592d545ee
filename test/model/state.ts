// The reference model's own picture of a team: plain data, written from DESIGN.md, sharing no code with src/.

export type InfraRole = 'admin' | 'member';
export type RoleKind = 'company-admin' | 'infra-admin' | 'access';

export type MMember = {
  email: string;
  status: 'active' | 'pending';
  companyAdmin: boolean;
  roles: Record<string, InfraRole>;
  security: boolean;
  /** When a pending member's invitation runs out (ISO, UTC). */
  invitedUntil?: string;
};

/** A role held for a while; `previous` is what the member held on the infrastructure before it. */
export type MGrant = { email: string; kind: RoleKind; infra?: string; until: string; previous?: InfraRole };

export type MRequest = {
  id: string;
  requester: string;
  kind: RoleKind;
  infra?: string;
  forMs?: number;
  status: 'pending' | 'approved' | 'denied' | 'expired' | 'cancelled';
  approvals: string[];
  required: number;
  expiresAt: string;
};

export type MCase = {
  id: string;
  infra: string;
  openedBy: string;
  status: 'open' | 'awaiting-approval';
  /** Support contacts and members copied on the case: they see it too. */
  cc: string[];
};

export type MState = {
  now: string;
  infras: string[];
  members: MMember[];
  contacts: string[];
  grants: MGrant[];
  requests: MRequest[];
  cases: MCase[];
  /** Settings the model needs: the configured Company Admin quorum and how long a request waits. */
  companyAdminApprovals: number;
  requestTtlHours: number;
  nextRequestNumber: number;
  nextCaseNumber: number;
};

/** Who acts: a console identity by email, or a platform guest (who acts for nobody until linked). */
export type Actor = { email: string; guest?: boolean };

export const member = (s: MState, email: string) => s.members.find((m) => m.email === email.toLowerCase());

export const grantOf = (s: MState, email: string, kind: RoleKind, infra?: string) =>
  s.grants.find(
    (g) => g.email === email && g.kind === kind && (kind === 'company-admin' || g.infra === infra),
  );

const timedOn = (s: MState, email: string, infra: string) =>
  s.grants.some((g) => g.email === email && g.kind !== 'company-admin' && g.infra === infra);

export const isActiveCA = (m: MMember | undefined) => !!m && m.status === 'active' && m.companyAdmin;

/** Holds Company Admin permanently: active, the flag set, no end date on it. */
export const isPermanentCA = (s: MState, m: MMember | undefined) =>
  isActiveCA(m) && !grantOf(s, m?.email ?? '', 'company-admin');

export const isActiveIA = (m: MMember | undefined, infra: string) =>
  !!m && m.status === 'active' && m.roles[infra] === 'admin';

export const isPermanentIA = (s: MState, m: MMember | undefined, infra: string) =>
  isActiveIA(m, infra) && !timedOn(s, m?.email ?? '', infra);

/**
 * Holds the role with no end date, joined or not: whom time-bound access may not demote or remove (an invitee
 * named Company Admin holds it permanently too, from the day they join).
 */
export const holdsCAForGood = (s: MState, m: MMember | undefined) =>
  !!m && m.companyAdmin && !grantOf(s, m.email, 'company-admin');
export const holdsIAForGood = (s: MState, m: MMember | undefined, infra: string) =>
  !!m && m.roles[infra] === 'admin' && !timedOn(s, m.email, infra);

export const permanentCAs = (s: MState) => s.members.filter((m) => isPermanentCA(s, m));

/** Those who could grant what a request asks for, other than its requester. */
export function eligibleApprovers(s: MState, r: Pick<MRequest, 'kind' | 'infra' | 'requester'>): string[] {
  const ok = (m: MMember) =>
    isActiveCA(m) || (r.kind !== 'company-admin' && r.infra !== undefined && isActiveIA(m, r.infra));
  return s.members.filter((m) => m.email !== r.requester && ok(m)).map((m) => m.email);
}

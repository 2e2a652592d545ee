// The reference model: for a state, an actor and a command, what must happen (the table, then the state's own limits).
import type { MCommand } from './commands.ts';
import { clone, type Effect, grantEffect, removeEffect } from './effects.ts';
import {
  type Actor,
  eligibleApprovers,
  grantOf,
  holdsCAForGood,
  holdsIAForGood,
  isActiveCA,
  isActiveIA,
  isPermanentCA,
  isPermanentIA,
  type MState,
  member,
  permanentCAs,
} from './state.ts';
import { type ActorKind, type CommandKind, lookup, type Outcome, type TargetKind } from './table.ts';
import { viewExpect } from './views.ts';

/**
 * What the model expects. `next` is the state after a change that happens (for allow and either); with
 * either, the state may also stay as it was. `loose` members' roles and grants are not compared.
 */
export type Expectation = { outcome: Outcome; why: string; next: MState; loose: string[]; shows?: Shows };

/**
 * What an answer may show. `hide`: strings that must not appear (cases one may not see). `phones`: whether
 * phone numbers appear. `companyNotices`: whether the whole company's outbox is listed. `recipients`: who a
 * notice goes to, exactly.
 */
export type Shows = { hide?: string[]; phones?: boolean; companyNotices?: boolean; recipients?: string[] };

export const INVITATION_DAYS = 7;
const HOUR = 3_600_000;

/** The actor's strongest standing for a command on `scope`: permanent before time-bound. */
export function actorKind(s: MState, a: Actor, scopes: readonly string[] = []): ActorKind {
  if (a.guest) return 'guest';
  const m = member(s, a.email);
  if (!m) return s.contacts.includes(a.email) ? 'contact' : 'unknown';
  if (m.status === 'pending') return 'pending';
  const all = scopes.length > 0;
  if (isPermanentCA(s, m)) return 'company-admin';
  if (all && scopes.every((x) => isPermanentIA(s, m, x))) return 'infra-admin';
  if (isActiveCA(m)) return 'company-admin-timed';
  if (all && scopes.every((x) => isActiveIA(m, x))) return 'infra-admin-timed';
  if (Object.values(m.roles).includes('admin')) return 'infra-admin-elsewhere';
  return 'member';
}

/** Who the actor is, for "self" and "requester": a guest is nobody until a Company Admin links them. */
export const selfOf = (a: Actor) => (a.guest ? '' : a.email.toLowerCase());

export const unchanged = (s: MState, outcome: Outcome, why: string): Expectation => ({
  outcome,
  why,
  next: s,
  loose: [],
});

/** The table's answer, then, when it lets the command through, what the state makes of it. */
function decide(
  s: MState,
  cmd: CommandKind,
  actor: ActorKind,
  target: TargetKind,
  effect: () => Effect,
): Expectation {
  const { outcome, why } = lookup(cmd, actor, target);
  if (outcome === 'deny' || outcome === 'refuse') return unchanged(s, outcome, why);
  const e = effect();
  if (e.kind === 'refuse') return unchanged(s, outcome === 'either' ? 'either' : 'refuse', e.why);
  if (e.kind === 'moot') return unchanged(s, 'either', e.why);
  return { outcome, why, next: e.next, loose: e.kind === 'loose' ? e.loose : [] };
}

const ok = (next: MState): Effect => ({ kind: 'state', next });
const no = (why: string): Effect => ({ kind: 'refuse', why });
/** Nothing to do: answering "nothing changed" or refusing are both fine, as long as nothing changes. */
const moot = (why: string): Effect => ({ kind: 'moot', why });

/** The last active Infra Admin of an infrastructure: demoting or removing them may first ask to confirm. */
const lastInfraAdminOf = (s: MState, email: string) =>
  s.infras.filter(
    (x) => isActiveIA(member(s, email), x) && s.members.filter((m) => isActiveIA(m, x)).length === 1,
  );

export function expectOf(s: MState, a: Actor, c: MCommand): Expectation {
  const e = expectTyped(s, a, c);
  // Unconfirmed, a removal or revocation may first explain itself and offer Confirm (whose press the offers
  // check then makes): allowed or refused by the state, it may change nothing yet. The table's denials stand.
  const asks =
    (c.c === 'remove' ||
      c.c === 'cancel-invite' ||
      c.c === 'revoke' ||
      (c.c === 'security-contact' && !c.set)) &&
    !c.confirm;
  return asks && e.outcome !== 'deny' ? { ...e, outcome: 'either' } : e;
}

function expectTyped(s: MState, a: Actor, c: MCommand): Expectation {
  const me = selfOf(a);
  const badInfra = (x?: string) => x !== undefined && !s.infras.includes(x);
  switch (c.c) {
    case 'invite': {
      const x = c.infraAdmin ?? c.member;
      if (badInfra(x)) return unchanged(s, 'refuse', `${x} is not an infrastructure`);
      const cmd = c.companyAdmin || !x ? 'invite-company-admin' : 'invite';
      // Company Admin (or no infrastructure role) is the company's to give: the scope does not help.
      const scopes = x && cmd === 'invite' ? [x] : [];
      return decide(s, cmd, actorKind(s, a, scopes), 'other', () => {
        if (member(s, c.email)) return no(`${c.email} is already on the team`);
        const next = clone(s);
        const roles = c.infraAdmin
          ? { [c.infraAdmin]: 'admin' as const }
          : c.member
            ? { [c.member]: 'member' as const }
            : {};
        const invitedUntil = new Date(new Date(s.now).getTime() + INVITATION_DAYS * 24 * HOUR).toISOString();
        next.members.push({
          email: c.email,
          status: 'pending',
          companyAdmin: c.companyAdmin,
          roles,
          security: false,
          invitedUntil,
        });
        return ok(next);
      });
    }
    case 'accept':
      return decide(s, 'accept', actorKind(s, a), 'self', () => {
        const m = member(s, me);
        if (m?.status !== 'pending') return no('no invitation waits');
        if (m.invitedUntil && s.now > m.invitedUntil) return no('the invitation expired');
        const next = clone(s);
        const n = member(next, me);
        if (n) {
          n.status = 'active';
          delete n.invitedUntil;
        }
        return ok(next);
      });
    case 'grant':
    case 'revoke':
      return roleChange(s, a, c);
    case 'remove':
    case 'cancel-invite': {
      const t = member(s, c.email);
      const target: TargetKind =
        c.email === me ? 'self' : holdsCAForGood(s, t) ? 'permanent-holder' : 'other';
      const e = decide(s, c.c, actorKind(s, a), target, () => {
        if (!t) return no(`${c.email} is not on the team`);
        if (c.c === 'cancel-invite')
          return t.status === 'pending' ? ok(removeEffect(s, t.email)) : no('already joined');
        if (t.status !== 'active') return no('has not joined yet: cancel the invitation instead');
        if (isPermanentCA(s, t) && permanentCAs(s).length <= 1)
          return no('the last permanent Company Admin stays');
        return ok(removeEffect(s, t.email));
      });
      // Removing the last Infra Admin of an infrastructure warns and asks to confirm first.
      return c.c === 'remove' && e.outcome === 'allow' && lastInfraAdminOf(s, c.email).length
        ? { ...e, outcome: 'either' }
        : e;
    }
    case 'security-contact': {
      const t = member(s, c.email);
      const scopes = Object.keys(t?.roles ?? {});
      const kinds = scopes.map((x) => actorKind(s, a, [x]));
      const rank: ActorKind[] = ['company-admin', 'infra-admin', 'company-admin-timed', 'infra-admin-timed'];
      const best = rank.find((k) => kinds.includes(k)) ?? actorKind(s, a);
      return decide(s, 'security-contact', best, c.email === me ? 'self' : 'other', () => {
        if (!t) return no(`${c.email} is not on the team`);
        if (!c.set && !t.security) return moot('not a security contact: nothing to clear');
        const next = clone(s);
        const n = member(next, c.email);
        if (n) n.security = c.set;
        return ok(next);
      });
    }
    case 'request':
      return request(s, a, c);
    case 'approve':
    case 'deny':
    case 'cancel-request':
      return decideRequest(s, a, c);
    case 'case-open': {
      if (badInfra(c.infra)) return unchanged(s, 'refuse', `${c.infra} is not an infrastructure`);
      return decide(s, 'case-open', actorKind(s, a, [c.infra]), 'other', () => {
        const next = clone(s);
        const m = member(s, me);
        const direct = m !== undefined && m.roles[c.infra] !== undefined;
        next.cases.push({
          id: `CS-${s.nextCaseNumber}`,
          infra: c.infra,
          openedBy: me,
          status: direct ? 'open' : 'awaiting-approval',
          cc: [],
        });
        next.nextCaseNumber += 1;
        return ok(next);
      });
    }
    case 'view':
    case 'notify':
    case 'link-guest':
    case 'settings-off':
    case 'review-start':
      return viewExpect(s, a, c);
    case 'case-approve': {
      const k = s.cases.find((x) => x.id === c.id);
      if (!k) return unchanged(s, 'refuse', `${c.id} is not a case`);
      // Only as Infra Admin of X: a Company Admin's wider standing does not approve cases.
      const m = member(s, me);
      const asAdmin = isPermanentIA(s, m, k.infra)
        ? 'infra-admin'
        : isActiveIA(m, k.infra)
          ? 'infra-admin-timed'
          : null;
      return decide(
        s,
        'case-approve',
        (m?.status === 'active' && asAdmin) || actorKind(s, a, [k.infra]),
        k.openedBy === me ? 'opener' : 'other',
        () => {
          if (k.status !== 'awaiting-approval') return no('it does not need approval');
          const next = clone(s);
          const n = next.cases.find((x) => x.id === c.id);
          if (n) n.status = 'open';
          return ok(next);
        },
      );
    }
  }
}

function roleChange(s: MState, a: Actor, c: Extract<MCommand, { c: 'grant' | 'revoke' }>): Expectation {
  const me = selfOf(a);
  if (c.kind !== 'company-admin' && (c.infra === undefined || !s.infras.includes(c.infra)))
    return unchanged(s, 'refuse', `${c.infra} is not an infrastructure`);
  const scopes = c.infra ? [c.infra] : [];
  const actor = actorKind(s, a, scopes);
  const t = member(s, c.email);
  const self = c.email === me;
  const timedSelf = self && grantOf(s, me, c.kind, c.infra) !== undefined;
  const holder =
    actor === 'company-admin-timed'
      ? holdsCAForGood(s, t)
      : actor === 'infra-admin-timed' && c.infra
        ? holdsIAForGood(s, t, c.infra)
        : false;
  const target: TargetKind =
    timedSelf && c.c === 'grant' ? 'self-timed' : self ? 'self' : holder ? 'permanent-holder' : 'other';
  const forMs = c.c === 'grant' && c.forHours ? c.forHours * HOUR : undefined;
  if (c.kind === 'company-admin')
    return decide(s, c.c === 'grant' ? 'grant-company-admin' : 'revoke-company-admin', actor, target, () => {
      if (c.c === 'grant') return grantEffect(s, c.email, 'company-admin', undefined, forMs);
      if (!t) return no(`${c.email} is not on the team`);
      if (!t.companyAdmin) return ok(s);
      if (isPermanentCA(s, t) && permanentCAs(s).length <= 1)
        return no('the last permanent Company Admin stays');
      const next = clone(s);
      const n = member(next, c.email);
      if (n) n.companyAdmin = false;
      next.grants = next.grants.filter((g) => !(g.email === c.email && g.kind === 'company-admin'));
      return ok(next);
    });
  const x = c.infra ?? '';
  const e = decide(s, c.c === 'grant' ? 'grant-infra' : 'revoke-infra', actor, target, () => {
    if (c.c === 'grant') return grantEffect(s, c.email, c.kind, x, forMs);
    if (!t) return no(`${c.email} is not on the team`);
    const to = c.kind === 'infra-admin' ? 'member' : undefined;
    const current = t.roles[x];
    if (current === to) return ok(s);
    if (current === undefined) return no('holds no role there');
    const next = clone(s);
    const n = member(next, c.email);
    if (n) {
      if (to) n.roles[x] = to;
      else delete n.roles[x];
    }
    next.grants = next.grants.filter(
      (g) => !(g.email === c.email && g.kind !== 'company-admin' && g.infra === x),
    );
    return ok(next);
  });
  const demotesLast = c.c === 'revoke' && lastInfraAdminOf(s, c.email).includes(x);
  return demotesLast && e.outcome === 'allow' ? { ...e, outcome: 'either' } : e;
}

function request(s: MState, a: Actor, c: Extract<MCommand, { c: 'request' }>): Expectation {
  const me = selfOf(a);
  if (c.kind !== 'company-admin' && (c.infra === undefined || !s.infras.includes(c.infra)))
    return unchanged(s, 'refuse', `${c.infra} is not an infrastructure`);
  return decide(s, 'request', actorKind(s, a), 'self', () => {
    const m = member(s, me);
    if (!m) return no('not on the team');
    const x = c.infra ?? '';
    const holds =
      c.kind === 'company-admin'
        ? m.companyAdmin
        : c.kind === 'infra-admin'
          ? m.roles[x] === 'admin'
          : m.roles[x] !== undefined;
    // Holding it for a while, one may ask for more time (extend); holding it for good, there is nothing to ask.
    if (holds && !grantOf(s, me, c.kind, c.infra)) return no('already holds it');
    if (
      s.requests.some(
        (r) => r.status === 'pending' && r.requester === me && r.kind === c.kind && r.infra === c.infra,
      )
    )
      return no('already asked');
    const eligible = eligibleApprovers(s, {
      kind: c.kind,
      ...(c.infra ? { infra: c.infra } : {}),
      requester: me,
    });
    if (!eligible.length) return no('nobody could approve it');
    const configured = c.kind === 'company-admin' ? s.companyAdminApprovals : 1;
    const next = clone(s);
    next.requests.push({
      id: `AR-${s.nextRequestNumber}`,
      requester: me,
      kind: c.kind,
      ...(c.infra ? { infra: c.infra } : {}),
      ...(c.forHours ? { forMs: c.forHours * HOUR } : {}),
      status: 'pending',
      approvals: [],
      required: Math.min(configured, eligible.length),
      expiresAt: new Date(new Date(s.now).getTime() + s.requestTtlHours * HOUR).toISOString(),
    });
    next.nextRequestNumber += 1;
    return ok(next);
  });
}

function decideRequest(
  s: MState,
  a: Actor,
  c: Extract<MCommand, { c: 'approve' | 'deny' | 'cancel-request' }>,
): Expectation {
  const me = selfOf(a);
  const r = s.requests.find((x) => x.id === c.id);
  if (!r) return unchanged(s, 'refuse', `${c.id} is not a request`);
  const target: TargetKind = r.requester === me ? 'requester' : 'other';
  const open = r.status === 'pending' && r.expiresAt > s.now;
  const set = (status: 'denied' | 'cancelled') => () => {
    if (!open) return no(`${r.id} is ${r.status}`);
    const next = clone(s);
    const n = next.requests.find((x) => x.id === c.id);
    if (n) n.status = status;
    return ok(next);
  };
  if (c.c === 'cancel-request') return decide(s, 'cancel-request', actorKind(s, a), target, set('cancelled'));
  const actor = actorKind(s, a, r.kind === 'company-admin' ? [] : [r.infra ?? '']);
  // Only those who could grant it: a Company Admin request is not an Infra Admin's to decide.
  const decider = r.kind === 'company-admin' && actor.startsWith('infra-admin') ? 'member' : actor;
  if (c.c === 'deny') {
    const e = decide(s, 'decide', decider, target, set('denied'));
    return r.approvals.includes(me) && e.outcome === 'allow' ? { ...e, outcome: 'either' } : e;
  }
  return decide(s, 'decide', decider, target, () => {
    if (!open) return no(`${r.id} is ${r.status}`);
    // The quorum fits who can approve now: approvals count while their giver could still decide, and the
    // request never needs more than the eligible approvers left. One who already approved approves again only
    // to complete a request whose other approvers are gone (nobody else is left to give what it lacks).
    const eligible = eligibleApprovers(s, r);
    const had = r.approvals.filter((x) => eligible.includes(x)).length;
    const complete = Math.min(r.required - had, eligible.length - had) <= 0;
    if (r.approvals.includes(me) && !complete) return no('already approved by this approver');
    const next = clone(s);
    const n = next.requests.find((x) => x.id === c.id);
    if (!n) return no('gone');
    if (!n.approvals.includes(me)) n.approvals.push(me);
    const counted = n.approvals.filter((x) => eligible.includes(x)).length;
    if (Math.min(n.required - counted, eligible.length - counted) > 0) return ok(next);
    const granted = grantEffect(next, r.requester, r.kind, r.infra, r.forMs);
    if (granted.kind === 'refuse' || granted.kind === 'moot') return granted;
    const done = granted.next.requests.find((x) => x.id === c.id);
    if (done) done.status = 'approved';
    return granted;
  });
}

// Random transactions over a small store, for the property tests: every kind of change a change set
// carries (puts, deletes, reorders, new companies, outbox, conversations, request keys, audit events).
import fc from 'fast-check';
import type { Company, OutboxItem, StoreData, StoredConversation } from '../../../src/domain/schemas.ts';
import { forgetSeen, markSeen } from '../../../src/domain/seen.ts';
import { commit, rollback, type TxFn } from '../../../src/store/store.ts';
import { AT, company } from '../fixtures.ts';

const EMAILS = ['ana', 'bo', 'cy', 'di', 'ed'].map((n) => `${n}@example.com`);
const COMPANIES = ['acme', 'globex', 'initech'];

export type Op =
  | { op: 'add-member'; c: number; e: number; name: string }
  | { op: 'rename-member'; c: number; e: number; name: string }
  | { op: 'remove-member'; c: number; e: number }
  | { op: 'member-to-end'; c: number; e: number }
  | { op: 'add-company'; c: number }
  | { op: 'rename-company'; c: number; name: string }
  | { op: 'add-outbox'; c: number; n: number }
  | { op: 'outbox-status'; i: number; status: OutboxItem['status'] }
  | { op: 'remove-outbox'; i: number }
  | { op: 'put-conversation'; c: number; e: number; at: number }
  | { op: 'remove-conversation'; i: number }
  | { op: 'put-key'; k: number; at: number }
  | { op: 'remove-key'; k: number }
  | { op: 'audit'; c: number; n: number }
  | { op: 'review'; c: number; e: number; n: number; decide: number }
  | { op: 'remove-review'; c: number; n: number };

const name = fc.constantFrom('Ana', 'Bo', 'Cy B.', 'Di', 'Ed "E"', 'Zoë', 'back\\slash');

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('add-member' as const), c: fc.nat(2), e: fc.nat(4), name }),
  fc.record({ op: fc.constant('rename-member' as const), c: fc.nat(2), e: fc.nat(4), name }),
  fc.record({ op: fc.constant('remove-member' as const), c: fc.nat(2), e: fc.nat(4) }),
  fc.record({ op: fc.constant('member-to-end' as const), c: fc.nat(2), e: fc.nat(4) }),
  fc.record({ op: fc.constant('add-company' as const), c: fc.nat(2) }),
  fc.record({ op: fc.constant('rename-company' as const), c: fc.nat(2), name }),
  fc.record({ op: fc.constant('add-outbox' as const), c: fc.nat(2), n: fc.nat(1000) }),
  fc.record({
    op: fc.constant('outbox-status' as const),
    i: fc.nat(20),
    status: fc.constantFrom('pending', 'sending', 'delivered', 'failed'),
  }),
  fc.record({ op: fc.constant('remove-outbox' as const), i: fc.nat(20) }),
  fc.record({ op: fc.constant('put-conversation' as const), c: fc.nat(2), e: fc.nat(4), at: fc.nat(59) }),
  fc.record({ op: fc.constant('remove-conversation' as const), i: fc.nat(10) }),
  fc.record({ op: fc.constant('put-key' as const), k: fc.nat(6), at: fc.nat(59) }),
  fc.record({ op: fc.constant('remove-key' as const), k: fc.nat(6) }),
  fc.record({ op: fc.constant('audit' as const), c: fc.nat(2), n: fc.nat(3) }),
  fc.record({
    op: fc.constant('review' as const),
    c: fc.nat(2),
    e: fc.nat(4),
    n: fc.nat(2),
    decide: fc.nat(2),
  }),
  fc.record({ op: fc.constant('remove-review' as const), c: fc.nat(2), n: fc.nat(2) }),
);

/** A transaction: a few operations, committed or rolled back. */
export const txArb = fc.record({ ops: fc.array(opArb, { minLength: 1, maxLength: 4 }), keep: fc.boolean() });
export type RandomTx = { ops: Op[]; keep: boolean };

const at = (minute: number) => `2025-01-01T00:${String(minute).padStart(2, '0')}:00.000Z`;

const find = (d: StoreData, c: number): Company | undefined => d.companies.find((x) => x.id === COMPANIES[c]);

function outboxItem(companyId: string, n: number, seq: number): OutboxItem {
  return {
    id: `${companyId}-${n}-${seq}`,
    companyId,
    key: `notice:${n}:${seq}`,
    to: { kind: 'member', email: EMAILS[n % EMAILS.length] ?? 'ana@example.com' },
    op: 'send',
    content: { kind: 'view', view: { blocks: [{ kind: 'text', text: `hello ${n}` }] } as never },
    reason: 'a test notice',
    status: 'pending',
    attempts: 0,
    nextAttemptAt: AT,
    createdAt: AT,
  };
}

function conversation(companyId: string, email: string, minute: number): StoredConversation {
  return {
    companyId,
    memberEmail: email,
    ref: {
      platform: 'teams',
      serviceUrl: 'https://smba.example.com/teams/',
      tenantId: 'tenant',
      conversationId: `a:${email}`,
      botId: 'bot',
      scope: 'personal',
    },
    updatedAt: at(minute),
  };
}

const DECISIONS = ['undecided', 'keep', 'remove'] as const;

/** An access review of one person's role, or the next decision on one already there. */
function putReview(c: Company, o: { e: number; n: number; decide: number }): void {
  const id = `RV-${1001 + o.n}`;
  const email = EMAILS[o.e] ?? 'ana@example.com';
  const decision = DECISIONS[o.decide] ?? 'keep';
  const r = c.reviews.find((x) => x.id === id);
  const items = c.reviewItems.filter((x) => x.review === id);
  if (!r) {
    c.reviews.push({
      id,
      scope: { kind: 'infra', infra: 'prod-eu' },
      startedBy: 'ana@example.com',
      startedAt: AT,
      dueAt: AT,
      status: 'open',
      cards: [],
      version: 0,
      reminders: 0,
    });
    // Items of a review removed earlier may still be there: numbers go on after them.
    c.reviewItems.push({
      review: id,
      n: items.length + 1,
      email,
      role: { kind: 'infra', infra: 'prod-eu', role: 'member' },
      reviewers: ['ana@example.com'],
      escalated: false,
      decision: 'undecided',
    });
    return;
  }
  const item = items.find((x) => x.email === email);
  if (item) {
    item.decision = decision;
    if (decision !== 'undecided') Object.assign(item, { decidedBy: 'ana@example.com', decidedAt: AT });
  } else
    c.reviewItems.push({
      review: id,
      n: items.length + 1,
      email,
      role: { kind: 'company-admin' },
      reviewers: [],
      escalated: true,
      decision,
    });
  r.version += 1;
}

let counter = 0;

/** The transaction function for `t`: deterministic in its input and the state it is given. */
export function txFn(t: RandomTx): TxFn<number> {
  // Fixed when the transaction is made, so every run of it (a store may run it again) makes the same ids.
  const seq = ++counter;
  return (d, tx) => {
    let done = 0;
    for (const o of t.ops) {
      const c = 'c' in o ? find(d, o.c) : undefined;
      const email = 'e' in o ? (EMAILS[o.e] ?? 'ana@example.com') : 'ana@example.com';
      switch (o.op) {
        case 'add-member':
          if (c && !c.members.some((m) => m.email === email)) {
            c.members.push({
              email,
              name: o.name,
              status: 'active',
              companyAdmin: false,
              roles: {},
              identities: [],
            });
            done++;
          }
          break;
        case 'rename-member': {
          const m = c?.members.find((x) => x.email === email);
          if (m) {
            m.name = o.name;
            done++;
          }
          break;
        }
        case 'remove-member':
          if (c) c.members = c.members.filter((m) => m.email !== email);
          break;
        case 'member-to-end': {
          const i = c ? c.members.findIndex((m) => m.email === email) : -1;
          if (c && i >= 0 && i < c.members.length - 1) {
            const [m] = c.members.splice(i, 1);
            if (m) c.members.push(m);
            done++;
          }
          break;
        }
        case 'add-company': {
          const id = COMPANIES[o.c] ?? 'acme';
          if (!d.companies.some((x) => x.id === id)) d.companies.push({ ...company(id), name: `Co ${id}` });
          break;
        }
        case 'rename-company':
          if (c) c.name = o.name;
          break;
        case 'add-outbox':
          if (c) d.outbox.push(outboxItem(c.id, o.n, seq));
          break;
        case 'outbox-status': {
          const item = d.outbox[o.i % Math.max(1, d.outbox.length)];
          if (item) item.status = o.status;
          break;
        }
        case 'remove-outbox':
          if (d.outbox.length) d.outbox.splice(o.i % d.outbox.length, 1);
          break;
        case 'put-conversation': {
          if (!c) break;
          const i = d.conversations.findIndex((x) => x.companyId === c.id && x.memberEmail === email);
          const next = conversation(c.id, email, o.at);
          if (i >= 0) d.conversations[i] = next;
          else d.conversations.push(next);
          break;
        }
        case 'remove-conversation':
          if (d.conversations.length) d.conversations.splice(o.i % d.conversations.length, 1);
          break;
        case 'put-key':
          markSeen(d.seen, `slack:event:${o.k}`, at(o.at));
          break;
        case 'remove-key':
          forgetSeen(d.seen, `slack:event:${o.k}`);
          break;
        case 'review':
          if (c) putReview(c, o);
          break;
        case 'remove-review':
          if (c) {
            c.reviews = c.reviews.filter((r) => r.id !== `RV-${1001 + o.n}`);
            // Every other time its items go too: deletions in one collection, or in two.
            if (o.n % 2) c.reviewItems = c.reviewItems.filter((i) => i.review !== `RV-${1001 + o.n}`);
          }
          break;
        case 'audit':
          if (c)
            for (let i = 0; i <= o.n; i++)
              tx.audit({
                companyId: c.id,
                at: AT,
                actor: 'ana@example.com',
                chat: 'console',
                action: 'test.event',
                target: email,
                ...(i % 2 ? { infra: 'prod-eu' } : {}),
                before: null,
                after: { i, seq },
              });
          break;
      }
    }
    return t.keep ? commit(done) : rollback(done);
  };
}

// Change sets: applying what diffState found to the base gives the next state exactly, for any sequence of
// edits; a change is as big as what changed; and the indexes carried from state to state stay exact.
// DEEP=1 (npm run test:deep) runs many more sequences.

import fc from 'fast-check';
import { freeze } from 'immer';
import { describe, expect, it } from 'vitest';
import { memberIndex } from '../../src/domain/indexes.ts';
import { type Company, emptyStoreData, type Member, type StoreData } from '../../src/domain/schemas.ts';
import { forgetSeen, markSeen } from '../../src/domain/seen.ts';
import { applyChanges, diffState } from '../../src/store/changes.ts';
import { InvalidChangeError } from '../../src/store/errors.ts';
import { commit } from '../../src/store/store.ts';
import { runTransaction } from '../../src/store/transaction.ts';
import { AT, company } from './fixtures.ts';

const RUNS = process.env.DEEP === '1' ? 2_000 : 150;

const member = (email: string, name = 'N', roles: Record<string, 'admin' | 'member'> = {}): Member => ({
  email,
  name,
  status: 'active',
  companyAdmin: false,
  roles,
  identities: [],
});

/** One edit a transaction might make; `n` picks what it applies to. */
type Edit = { op: number; n: number; m: number };

function edit(d: StoreData, { op, n, m }: Edit): void {
  const c = d.companies[n % Math.max(1, d.companies.length)];
  const pick = <T>(list: T[]) => list[m % Math.max(1, list.length)];
  switch (op) {
    case 0:
      c?.members.push(member(`new${n}-${m}-${c.members.length}@example.com`));
      break;
    case 1: {
      const x = c && pick(c.members);
      if (x) x.name = `Renamed ${n}`;
      break;
    }
    case 2:
      if (c?.members.length) c.members.splice(m % c.members.length, 1);
      break;
    case 3:
      c?.members.reverse();
      break;
    case 4: {
      const x = c && pick(c.members);
      if (x) x.roles[`infra-${n % 3}`] = n % 2 ? 'admin' : 'member';
      break;
    }
    case 5: {
      const x = c && pick(c.members);
      if (x) x.identities.push({ platform: 'slack', teamId: 'T1', userId: `U${n}-${m}` });
      break;
    }
    case 6:
      if (c) c.name = `Company ${n}`;
      break;
    case 7:
      d.companies.push(company(`co-${n}-${m}-${d.companies.length}`));
      break;
    case 8:
      if (d.companies.length > 1) d.companies.splice(n % d.companies.length, 1);
      break;
    case 9:
      markSeen(d.seen, `k${n % 5}`, AT);
      break;
    case 10:
      forgetSeen(d.seen, `k${n % 5}`);
      break;
    case 11:
      if (c)
        d.outbox.push({
          id: `o${n}-${m}-${d.outbox.length}`,
          companyId: c.id,
          key: `key${n}`,
          to: { kind: 'member', email: 'ana@example.com' },
          op: 'send',
          content: { kind: 'request', requestId: 'AR-1' },
          reason: 'r',
          status: 'pending',
          attempts: 0,
          nextAttemptAt: AT,
          createdAt: AT,
        });
      break;
    case 12: {
      const x = pick(d.outbox);
      if (x) x.status = 'delivered';
      break;
    }
    case 13:
      d.outbox = d.outbox.filter((_, i) => i % 2 === n % 2);
      break;
    case 14: {
      // Moved to the end: the order of the rest changes, so it is a replace.
      const [x] = c?.members.splice(m % Math.max(1, c.members.length), 1) ?? [];
      if (x && c) c.members.push(x);
      break;
    }
    case 15: {
      // A second grant with the key of an existing one: the whole transaction is refused.
      const g = c?.grants[0];
      if (g) c?.grants.push({ ...g });
      break;
    }
    default:
      if (c)
        c.grants.push({
          email: `g${n}-${c.grants.length}@example.com`,
          kind: 'access',
          infra: 'p',
          until: AT,
          warned: false,
          source: 's',
        });
  }
}

const base = (): StoreData => {
  const d = emptyStoreData();
  const a = company('acme');
  a.members.push(member('bo@example.com', 'Bo', { 'infra-0': 'admin' }), member('cy@example.com'));
  d.companies.push(a, company('beta'));
  markSeen(d.seen, 'k0', AT);
  return freeze(d, true);
};

/** Runs the edits as one transaction; null when it was refused (the state stays as it was). */
function attempt(state: StoreData, tx: Edit[]) {
  try {
    return runTransaction(state, (d) => {
      for (const e of tx) edit(d, e);
      return commit(null);
    });
  } catch (error) {
    if (error instanceof InvalidChangeError) return null;
    throw error;
  }
}

const edits = fc.array(
  fc.array(fc.record({ op: fc.nat(16), n: fc.nat(50), m: fc.nat(50) }), { maxLength: 6 }),
  {
    minLength: 1,
    maxLength: 8,
  },
);

describe('change sets', () => {
  it('apply(base, diff(base, next)) is next, for any sequence of transactions, also after a JSON round trip', () => {
    fc.assert(
      fc.property(edits, (txs) => {
        let state = base();
        for (const tx of txs) {
          const ran = attempt(state, tx);
          if (!ran?.next) continue;
          const changes = diffState(state, ran.next);
          const copy = structuredClone(state) as StoreData;
          applyChanges(copy, JSON.parse(JSON.stringify(changes)));
          expect(copy).toEqual(ran.next);
          state = ran.next;
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('the indexes shared from state to state find exactly what a scan finds, in the new states and the old', () => {
    const check = (state: StoreData) => {
      for (const c of state.companies) {
        for (const m of c.members) expect(memberIndex.get(c.members, m.email)).toBe(m);
        expect(memberIndex.get(c.members, 'nobody@example.com')).toBeUndefined();
        for (const key of ['role:infra-0:admin', 'role:infra-1:member', 'id:slack:T1:U1-1'])
          expect(memberIndex.all(c.members, [key])).toEqual(
            c.members.filter((m) =>
              key.startsWith('id:')
                ? m.identities.some(
                    (i) => i.platform === 'slack' && `id:slack:${i.teamId}:${i.userId}` === key,
                  )
                : m.roles[key.split(':')[1] ?? ''] === key.split(':')[2],
            ),
          );
      }
    };
    fc.assert(
      fc.property(edits, (txs) => {
        const states = [base()];
        for (const tx of txs) {
          const ran = attempt(states.at(-1) as StoreData, tx);
          if (ran?.next) states.push(ran.next);
          check(states.at(-1) as StoreData);
        }
        // Look-ups on a state that is no longer the newest (a read that began before a commit) stay exact.
        for (const s of states) check(s);
      }),
      { numRuns: RUNS },
    );
  });

  it('on a draft, after any edits, the indexes find what a scan of the draft finds', () => {
    const keys = ['role:infra-0:admin', 'role:infra-1:member', 'id:slack:T1:U1-1', 'id:slack:T1:U7-3'];
    const holds = (m: Member, key: string) =>
      key.startsWith('id:')
        ? m.identities.some((i) => i.platform === 'slack' && `id:slack:${i.teamId}:${i.userId}` === key)
        : m.roles[key.split(':')[1] ?? ''] === key.split(':')[2];
    const check = (d: StoreData) => {
      for (const c of d.companies) {
        for (const m of c.members) expect(memberIndex.get(c.members, m.email)?.email).toBe(m.email);
        expect(memberIndex.get(c.members, 'nobody@example.com')).toBeUndefined();
        for (const key of keys)
          expect(memberIndex.all(c.members, [key]).map((m) => m.email)).toEqual(
            c.members.filter((m) => holds(m, key)).map((m) => m.email),
          );
      }
    };
    fc.assert(
      fc.property(edits, (txs) => {
        let state = base();
        for (const tx of txs) {
          let ran: ReturnType<typeof runTransaction> | null = null;
          try {
            ran = runTransaction(state, (d) => {
              for (const e of tx) {
                edit(d, e);
                check(d);
              }
              return commit(null);
            });
          } catch (error) {
            if (!(error instanceof InvalidChangeError)) throw error;
          }
          if (ran?.next) state = ran.next;
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('is as big as the change: one member of 1,000 renamed is that member and the company fields', () => {
    const d = emptyStoreData();
    const c: Company = company('acme');
    for (let i = 0; i < 1000; i++) c.members.push(member(`u${i}@example.com`));
    d.companies.push(c);
    const before = freeze(d, true);
    const ran = runTransaction(before, (draft, tx) => {
      // Ana is first, so position 500 is u499.
      const m = draft.companies[0]?.members[500];
      if (m) m.name = 'Renamed';
      tx.audit({
        companyId: 'acme',
        at: AT,
        actor: 'a',
        chat: 'console',
        action: 'x',
        target: 'u500',
        before: null,
        after: null,
      });
      return commit(null);
    });
    if (!ran.next) throw new Error('expected a change');
    expect(ran.changes).toEqual({
      companies: {
        put: [],
        del: [],
        patch: [
          {
            id: 'acme',
            fields: expect.objectContaining({ auditHead: expect.objectContaining({ seq: 1 }) }),
            members: {
              put: [expect.objectContaining({ email: 'u499@example.com', name: 'Renamed' })],
              del: [],
            },
          },
        ],
      },
    });
  });

  it('a member moved to the end is a replace: order is kept exactly', () => {
    const ran = runTransaction(base(), (d) => {
      const c = d.companies[0];
      const [x] = c?.members.splice(0, 1) ?? [];
      if (x) c?.members.push(x);
      return commit(null);
    });
    expect(ran.next && ran.changes.companies).toMatchObject({
      patch: [{ id: 'acme', members: { replace: expect.any(Array) } }],
    });
  });
});

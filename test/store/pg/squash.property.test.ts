// A group of transactions is written as one squashed change set: applying it to the group's base must
// give exactly the state the transactions reached one by one.
import fc from 'fast-check';
import { freeze } from 'immer';
import { describe, expect, it } from 'vitest';
import { StoreDataSchema } from '../../../src/domain/schemas.ts';
import { applyChanges, type ChangeSet } from '../../../src/store/changes.ts';
import { squash } from '../../../src/store/pg/squash.ts';
import { runTransaction } from '../../../src/store/transaction.ts';
import { company, storeWith } from '../fixtures.ts';
import { txArb, txFn } from './random-tx.ts';

const RUNS = process.env.DEEP === '1' ? 3_000 : 150;

describe('squash', () => {
  it('applying the squashed change set to the base gives the state the group reached', () => {
    fc.assert(
      fc.property(fc.array(txArb, { minLength: 1, maxLength: 12 }), (txs) => {
        const base = freeze(StoreDataSchema.parse(storeWith(company('acme'), company('globex'))), true);
        let head = base;
        const changes: ChangeSet[] = [];
        for (const t of txs) {
          let ran: ReturnType<typeof runTransaction<number>>;
          try {
            ran = runTransaction(head, txFn(t));
          } catch {
            continue; // refused (e.g. a duplicate key): not part of the group
          }
          if (!ran.next) continue;
          head = ran.next;
          changes.push(ran.changes);
        }
        const replayed = structuredClone(base) as typeof base;
        applyChanges(replayed, JSON.parse(JSON.stringify(squash(changes, head))));
        expect(replayed).toEqual(head);
      }),
      { numRuns: RUNS },
    );
  });

  it('names each request key in at most one of its lists, and a company in at most one of put, patch, del', () => {
    fc.assert(
      fc.property(fc.array(txArb, { minLength: 1, maxLength: 12 }), (txs) => {
        let head = freeze(StoreDataSchema.parse(storeWith(company('acme'))), true);
        const changes: ChangeSet[] = [];
        for (const t of txs) {
          try {
            const ran = runTransaction(head, txFn(t));
            if (ran.next) {
              head = ran.next;
              changes.push(ran.changes);
            }
          } catch {
            // refused: skipped
          }
        }
        const s = squash(changes, head);
        if (s.seen) for (const k of s.seen.del) expect(Object.hasOwn(s.seen.put, k)).toBe(false);
        const cc = s.companies;
        if (cc && !('replace' in cc)) {
          const ids = [...cc.put.map((c) => c.id), ...cc.patch.map((p) => p.id), ...cc.del];
          expect(new Set(ids).size).toBe(ids.length);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

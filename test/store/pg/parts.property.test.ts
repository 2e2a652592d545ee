// Another replica applies each company's part of a commit instead of reloading the company: applying the
// parts must give the state the commit made (each company exactly; the global outbox and conversations in
// each company's own order).
import fc from 'fast-check';
import { freeze } from 'immer';
import { describe, expect, it } from 'vitest';
import { type StoreData, StoreDataSchema } from '../../../src/domain/schemas.ts';
import type { ChangeSet } from '../../../src/store/changes.ts';
import { applyParts, partsOf } from '../../../src/store/pg/company-parts.ts';
import { touchedCompanies } from '../../../src/store/pg/refresh.ts';
import { squash } from '../../../src/store/pg/squash.ts';
import { runTransaction } from '../../../src/store/transaction.ts';
import { company, storeWith } from '../fixtures.ts';
import { byCompany } from './normalize.ts';
import { txArb, txFn } from './random-tx.ts';

const RUNS = process.env.DEEP === '1' ? 3_000 : 150;

describe('company parts', () => {
  it('applying every touched company part, company by company, gives the committed state', () => {
    fc.assert(
      fc.property(fc.array(txArb, { minLength: 1, maxLength: 10 }), (txs) => {
        const base: StoreData = freeze(
          StoreDataSchema.parse(storeWith(company('acme'), company('globex'))),
          true,
        );
        let head = base;
        const changes: ChangeSet[] = [];
        for (const t of txs) {
          try {
            const ran = runTransaction(head, txFn(t));
            if (ran.next) {
              head = ran.next;
              changes.push(ran.changes);
            }
          } catch {
            // refused: not part of the group
          }
        }
        const squashed = JSON.parse(JSON.stringify(squash(changes, head))) as ChangeSet;
        const parts = partsOf(squashed, base, [...touchedCompanies(base, squashed)].sort());
        // A part that cannot say it means that company is reloaded whole instead.
        fc.pre([...parts.values()].every((p) => p !== null));
        const applied = applyParts(
          base,
          [...parts.values()].filter((p): p is ChangeSet => p !== null),
        );
        expect(byCompany(applied)).toEqual(byCompany(head));
        expect(Object.isFrozen(applied.companies)).toBe(true);
        // The base is left as it was.
        expect(base).toEqual(
          freeze(StoreDataSchema.parse(storeWith(company('acme'), company('globex'))), true),
        );
      }),
      { numRuns: RUNS },
    );
  });
});

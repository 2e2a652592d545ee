// Shows the property runs catch breakage: each rule of the capability table and each invariant is broken in
// turn (src/policy/breakable.ts), and a run with the usual budget must find a difference with the model.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { breakRule, RULE_IDS } from '../../src/policy/breakable.ts';
import { seedFromEnv, sequencesToCatch } from './check.ts';

const SEED = seedFromEnv();
/** The budget: what `npm test` runs (1,000 sequences of up to 60 steps). */
const BUDGET = 1_000;

const rows: Array<{ rule: string; caught: string; sequences: string; tag: string }> = [];

afterEach(() => breakRule(null));
afterAll(() => {
  console.log(`Breakage table (seed ${SEED}, budget ${BUDGET} sequences of up to 60 steps):`);
  console.table(rows);
});

describe(`every rule broken is caught within ${BUDGET} sequences (seed ${SEED})`, () => {
  for (const rule of RULE_IDS)
    it(`breaking ${rule} is caught`, async () => {
      breakRule(rule);
      const r = await sequencesToCatch({ runs: BUDGET, maxLength: 60, seed: SEED });
      rows.push(
        r.caught
          ? { rule, caught: 'yes', sequences: String(r.after), tag: r.tag }
          : { rule, caught: 'no', sequences: `>${BUDGET}`, tag: '' },
      );
      expect(r.caught).toBe(true);
    });
});

// Shows the property runs catch breakage: each rule of the capability table and each invariant is broken in
// turn (src/policy/breakable.ts), and a run with the usual budget must find a difference with the model.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { breakRule, RULE_IDS } from '../../src/policy/breakable.ts';
import { CAPABILITIES } from '../../src/policy/capabilities.ts';
import { seedFromEnv, sequencesToCatch } from './check.ts';
import { runSequence } from './run.ts';
import { by } from './sequences.ts';

const SEED = seedFromEnv();
/** The budget: what `npm test` runs (1,000 sequences of up to 60 steps). */
const BUDGET = 1_000;

/**
 * Rows whose breaking nobody can observe, and why; each reason is itself checked below rather than trusted.
 * A row open to anyone admits nobody new when broken.
 */
const UNOBSERVABLE: Record<string, string> = {
  help: 'open to anyone: breaking it admits nobody new',
  whoami: 'open to anyone: breaking it admits nobody new',
  'accept-invitation': 'accept refuses anyone without an invitation waiting, whatever the table says',
};

const rows: Array<{ rule: string; caught: string; sequences: string; by: string }> = [];

afterEach(() => breakRule(null));
afterAll(() => {
  console.log(`Breakage table (seed ${SEED}, budget ${BUDGET} sequences of up to 60 steps):`);
  console.table(rows);
});

describe(`every rule broken is caught within ${BUDGET} sequences (seed ${SEED})`, () => {
  for (const rule of RULE_IDS)
    if (UNOBSERVABLE[rule])
      it(`breaking ${rule} cannot be observed: ${UNOBSERVABLE[rule]}`, async () => {
        breakRule(rule);
        if (rule === 'accept-invitation')
          // Active members, a contact, a stranger and a guest type accept: refused, nothing changes (the model checks).
          await runSequence(
            ['alexw', 'adelev', 'kim@partner.example', 'stranger@example.org'].map((who) =>
              by(who, { c: 'accept' }),
            ),
          );
        else expect(CAPABILITIES[rule as keyof typeof CAPABILITIES].holders).toEqual(['anyone']);
        rows.push({ rule, caught: 'n/a', sequences: '-', by: UNOBSERVABLE[rule] ?? '' });
      });
    else
      it(`breaking ${rule} is caught`, async () => {
        breakRule(rule);
        const r = await sequencesToCatch({ runs: BUDGET, maxLength: 60, seed: SEED });
        rows.push(
          r.caught
            ? { rule, caught: 'yes', sequences: String(r.after), by: r.tag }
            : { rule, caught: 'no', sequences: `>${BUDGET}`, by: '' },
        );
        expect(r.caught).toBe(true);
      });
});

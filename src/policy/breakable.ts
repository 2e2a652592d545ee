// The test-only breakage switch: break one rule at a time to show the property tests catch it.
//
// API (for test/properties and test/model):
//   RULE_IDS           every breakable rule: one per CAPABILITIES row, then one per domain invariant.
//   breakRule(id)      breaks that rule until breakRule(null); throws unless process.env.VITEST is set,
//                      so a running bot can never be switched. Only one rule is broken at a time.
//   isBroken(id)       what each check consults.
// A broken capability row lets every caller through; a broken invariant skips its check.
import { INVARIANT_IDS, type InvariantId } from '../domain/invariants.ts';
import { CAPABILITIES, type Capability } from './capabilities.ts';
import { isBroken, setBroken } from './rule-switch.ts';

export { INVARIANT_IDS, isBroken };

export type RuleId = Capability | InvariantId;

export const RULE_IDS: readonly RuleId[] = [...(Object.keys(CAPABILITIES) as Capability[]), ...INVARIANT_IDS];

export function breakRule(id: RuleId | null): void {
  if (!process.env.VITEST)
    throw new Error('breakRule works only under vitest: production rules cannot be switched');
  if (id !== null && !RULE_IDS.includes(id)) throw new Error(`no such rule to break: ${id}`);
  setBroken(id);
}

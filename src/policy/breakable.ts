// The test-only breakage switch: break one rule at a time to show the property tests catch it.
//
// API (for test/properties and test/model):
//   RULE_IDS           every breakable rule: one per CAPABILITIES row, then one per domain invariant.
//   breakRule(id)      breaks that rule until breakRule(null); throws unless process.env.VITEST is set,
//                      so a running bot can never be switched. Only one rule is broken at a time.
//   isBroken(id)       what each check consults.
// A broken capability row lets every caller through; a broken invariant skips its check.
import { CAPABILITIES, type Capability } from './capabilities.ts';
import { isBroken, setBroken } from './rule-switch.ts';

export { isBroken };

/** The invariants of DESIGN.md ("Invariants") that the domain enforces, each with the check it names. */
export const INVARIANT_IDS = [
  /** revoke/remove/demote never leaves the company without an active permanent Company Admin */
  'last-permanent-company-admin',
  /** nobody approves their own request or case */
  'no-self-approval',
  /** access held for a time can't change one's own roles, nor raise/extend/make permanent one's own */
  'time-bound-no-self-change',
  /** access held for a time can't demote, revoke or remove someone holding that role permanently */
  'time-bound-no-demote-permanent',
  /** the approvals a request needs never exceed its eligible approvers; none eligible: refused */
  'quorum-fits',
  /** removing a member ends their grants, withdraws their requests, drops their approvals */
  'removal-ends-all',
] as const;
export type InvariantId = (typeof INVARIANT_IDS)[number];

export type RuleId = Capability | InvariantId;

export const RULE_IDS: readonly RuleId[] = [...(Object.keys(CAPABILITIES) as Capability[]), ...INVARIANT_IDS];

export function breakRule(id: RuleId | null): void {
  if (!process.env.VITEST)
    throw new Error('breakRule works only under vitest: production rules cannot be switched');
  if (id !== null && !RULE_IDS.includes(id)) throw new Error(`no such rule to break: ${id}`);
  setBroken(id);
}

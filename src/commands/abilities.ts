// Whether a caller holds a capability anywhere: unscoped, or on at least one infrastructure.
import type { Company } from '../domain/schemas.ts';
import type { Caller } from '../policy/caller.ts';
import { CAPABILITIES, type Capability, can } from '../policy/capabilities.ts';

export function holdsAnywhere(company: Company | undefined, caller: Caller, cap: Capability): boolean {
  if (!CAPABILITIES[cap].scoped) return can(company, caller, cap);
  // Over the subscriptions' own arrays: whoami asks this of every capability, at every infrastructure.
  return company
    ? company.subscriptions.some((s) => s.infrastructures.some((i) => can(company, caller, cap, i.id)))
    : false;
}

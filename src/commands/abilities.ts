// Whether a caller holds a capability anywhere: unscoped, or on at least one infrastructure.
import { allInfras } from '../domain/company.ts';
import type { Company } from '../domain/schemas.ts';
import type { Caller } from '../policy/caller.ts';
import { CAPABILITIES, type Capability, can } from '../policy/capabilities.ts';

export function holdsAnywhere(company: Company | undefined, caller: Caller, cap: Capability): boolean {
  if (!CAPABILITIES[cap].scoped) return can(company, caller, cap);
  return company ? allInfras(company).some((i) => can(company, caller, cap, i.infra.id)) : false;
}

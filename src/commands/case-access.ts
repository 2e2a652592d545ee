// Which support cases a caller may see: their own (opened or cc'd), and all of the infrastructures they administer.

import type { Company, SupportCase } from '../domain/schemas.ts';
import type { Caller } from '../policy/caller.ts';
import { can } from '../policy/capabilities.ts';

export function canSeeCase(company: Company, caller: Caller, c: SupportCase): boolean {
  if (caller.kind !== 'member' && caller.kind !== 'contact') return false;
  if (caller.kind === 'member' && !can(company, caller, 'browse')) return false;
  if (c.openedBy === caller.email || c.cc.includes(caller.email)) return true;
  return can(company, caller, 'view-cases-of-infra', c.infra);
}

// Who may send an invitation again: whoever could have sent it, as `invite` would check with its roles.
import type { Company, Member } from '../domain/schemas.ts';
import type { Caller } from './caller.ts';
import { authorize, type Decision } from './capabilities.ts';

export function authorizeResend(
  company: Company | undefined,
  caller: Caller,
  target: Member | undefined,
): Decision {
  if (target?.companyAdmin) return authorize(company, caller, 'manage-company-admins');
  const scopes = Object.keys(target?.roles ?? {});
  if (!scopes.length) return authorize(company, caller, 'invite-without-infra');
  for (const s of scopes) {
    const d = authorize(company, caller, 'invite', s);
    if (!d.allowed) return d;
  }
  return { allowed: true, via: 'infra-admin-of-scope' };
}

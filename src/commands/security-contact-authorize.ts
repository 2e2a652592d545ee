// Who may set or clear a member's Security role: a Company Admin, or an Infra Admin of an infrastructure the member is on.
import { findMember } from '../domain/company.ts';
import { authorize, type Decision } from '../policy/capabilities.ts';
import type { CommandContext } from './command.ts';

export function authorizeSecurityContact(ctx: CommandContext, email: string): Decision {
  const target = ctx.company ? findMember(ctx.company, email) : undefined;
  const scopes = Object.keys(target?.roles ?? {});
  for (const s of scopes) {
    const d = authorize(ctx.company, ctx.caller, 'manage-security-contact', s);
    if (d.allowed) return d;
  }
  return authorize(ctx.company, ctx.caller, 'manage-security-contact', scopes[0]);
}

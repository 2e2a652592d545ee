// Remove, in an access review: the role goes through the very rule `revoke` (or `security-contact clear`) uses;
// the review card's Remove asks to confirm itself, so these go ahead once the invariants allow it.
import type { ReviewItem } from '../../domain/schemas.ts';
import type { CommandContext, CommandResult } from '../command.ts';
import { revokeCompanyAdmin, revokeInfraRole } from '../role-change.ts';
import { clearSecurityContact } from '../security-contact-clear.ts';

export function removeRole(ctx: CommandContext, item: ReviewItem): CommandResult {
  switch (item.role.kind) {
    case 'company-admin':
      return revokeCompanyAdmin(ctx, item.email, true);
    case 'security':
      return clearSecurityContact(ctx, item.email, true);
    case 'infra':
      return revokeInfraRole(
        ctx,
        { email: item.email, infra: item.role.infra, confirm: true },
        { from: ['admin', 'member'], to: undefined, whenNot: 'the role changed since the review started' },
      );
  }
}

// Remove, in an access review: the role goes through the very rule `revoke` (or `security-contact clear`) uses.
import type { ReviewItem } from '../../domain/schemas.ts';
import type { CommandContext, CommandResult } from '../command.ts';
import { revokeCompanyAdmin, revokeInfraRole } from '../role-change.ts';
import { clearSecurityContact } from '../security-contact-clear.ts';

export function removeRole(ctx: CommandContext, item: ReviewItem): CommandResult {
  switch (item.role.kind) {
    case 'company-admin':
      return revokeCompanyAdmin(ctx, item.email);
    case 'security':
      return clearSecurityContact(ctx, item.email);
    case 'infra':
      return revokeInfraRole(
        ctx,
        { email: item.email, infra: item.role.infra },
        { from: ['admin', 'member'], to: undefined, whenNot: 'the role changed since the review started' },
      );
  }
}

// revoke infra-admin EMAIL INFRA: an Infra Admin of one infrastructure becomes a Member of it.
import { defineRevokeCommand } from './role-change.ts';

export default defineRevokeCommand({
  name: 'revoke infra-admin',
  summary: 'Make an Infra Admin a plain Member of that infrastructure',
  example: 'revoke infra-admin meganb@example.com prod-eu',
  from: ['admin'],
  to: 'member',
  whenNot: 'only an Infra Admin can have that role revoked. To take away access, use `revoke access`.',
});

// revoke access EMAIL INFRA: remove every role a member has on one infrastructure.
import { defineInfraRoleCommand } from './role-change.ts';

export default defineInfraRoleCommand({
  name: 'revoke access',
  summary: "Remove a member's role on an infrastructure",
  example: 'revoke access adelev@example.com prod-eu',
  from: ['admin', 'member'],
  to: undefined,
  whenNot: 'unexpected role',
});

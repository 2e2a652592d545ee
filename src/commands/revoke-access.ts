// revoke access EMAIL INFRA: remove every role a member has on one infrastructure.
import { defineRevokeCommand } from './role-change.ts';

export default defineRevokeCommand({
  name: 'revoke access',
  summary: "Remove a member's role on an infrastructure",
  example: 'revoke access adelev@example.com prod-eu',
  from: ['admin', 'member'],
  to: undefined,
  whenNot: 'unexpected role',
});

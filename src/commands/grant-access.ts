// grant access EMAIL INFRA: give a member the Member role on one infrastructure.
import { defineInfraRoleCommand } from './role-change.ts';

export default defineInfraRoleCommand({
  name: 'grant access',
  summary: 'Give a member access (the Member role) to an infrastructure',
  example: 'grant access adelev@example.com dev-eu',
  from: [undefined],
  to: 'member',
  whenNot: 'an Infra Admin already has access. To make them a Member, use `revoke infra-admin`.',
});

// grant infra-admin EMAIL INFRA: make a member an Infra Admin of one infrastructure.
import { defineInfraRoleCommand } from './role-change.ts';

export default defineInfraRoleCommand({
  name: 'grant infra-admin',
  summary: 'Make a member an Infra Admin of an infrastructure',
  example: 'grant infra-admin adelev@example.com prod-eu',
  from: [undefined, 'member'],
  to: 'admin',
  whenNot: 'unexpected role',
});

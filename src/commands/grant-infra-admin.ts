// grant infra-admin EMAIL INFRA [--for 8h]: make a member an Infra Admin of one infrastructure, for good or for a while.
import { defineGrantCommand } from './role-change.ts';

export default defineGrantCommand({
  name: 'grant infra-admin',
  summary: 'Make a member an Infra Admin of an infrastructure (with --for, for a while)',
  examples: [
    'grant infra-admin adelev@example.com prod-eu',
    'grant infra-admin adelev@example.com prod-eu --for 8h',
  ],
  kind: 'infra-admin',
});

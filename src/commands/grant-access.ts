// grant access EMAIL INFRA [--for 2d]: give a member the Member role on one infrastructure, for good or for a while.
import { defineGrantCommand } from './role-change.ts';

export default defineGrantCommand({
  name: 'grant access',
  summary: 'Give a member access (the Member role) to an infrastructure (with --for, for a while)',
  examples: ['grant access adelev@example.com dev-eu', 'grant access gradya@example.com prod-eu --for 2d'],
  kind: 'access',
});

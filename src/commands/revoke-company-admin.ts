// revoke company-admin EMAIL: take Company Admin away, never from the last active one.
import { defineCompanyAdminCommand } from './role-change.ts';

export default defineCompanyAdminCommand({
  name: 'revoke company-admin',
  summary: 'Take Company Admin away from a member (never from the last one)',
  example: 'revoke company-admin meganb@example.com',
  to: false,
});

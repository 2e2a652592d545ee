// grant company-admin EMAIL: make a member a Company Admin.
import { defineCompanyAdminCommand } from './role-change.ts';

export default defineCompanyAdminCommand({
  name: 'grant company-admin',
  summary: 'Make a member a Company Admin',
  example: 'grant company-admin meganb@example.com',
  to: true,
});

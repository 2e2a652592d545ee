// security-contacts: who receives security notices; phone numbers only for admins.

import { z } from 'zod';
import { securityContacts } from '../domain/company.ts';
import { formatPhone } from '../domain/phone.ts';
import { can } from '../policy/capabilities.ts';
import { memberRef, plain, textBlock, view } from '../views/view.ts';
import { defineCommand, needs } from './command.ts';
import { requireCompany } from './lookups.ts';

const schema = z.object({});

export default defineCommand<z.infer<typeof schema>>({
  name: 'security-contacts',
  summary: 'List the security contacts (phone numbers are shown to admins only)',
  usage: 'security-contacts',
  examples: ['security-contacts', 'who is the security contact?'],
  positionals: [],
  flags: {},
  schema,
  capability: 'browse',
  changes: false,
  authorize: needs('browse'),
  run(ctx) {
    const company = requireCompany(ctx);
    const holders = securityContacts(company);
    if (!holders.length)
      return {
        ok: true,
        view: view([
          textBlock(
            'Nobody is a security contact yet. An admin can set one: `security-contact set EMAIL PHONE`.',
          ),
        ]),
      };
    const phones = can(company, ctx.caller, 'see-phone-numbers');
    const rows = holders.map((m) => [
      [memberRef(m)],
      [plain(phones ? formatPhone(m.security?.phone) : 'shown to admins only')],
      [plain(m.status)],
    ]);
    return {
      ok: true,
      view: view([{ kind: 'table', columns: ['Security contact', 'Phone', 'Status'], rows }], {
        title: 'Security contacts',
      }),
    };
  },
});

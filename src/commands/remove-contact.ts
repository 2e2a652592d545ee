// remove-contact EMAIL: unlink a support contact from every case they were added to.
import { z } from 'zod';
import { count } from '../views/plural.ts';
import { strong, textBlock, view } from '../views/view.ts';
import { defineCommand, needs } from './command.ts';
import { confirmArg, unlessConfirmed } from './confirm.ts';
import { notFound } from './failure.ts';
import { emailArg, requireCompany } from './lookups.ts';

const schema = z.object({ email: emailArg, confirm: confirmArg });

export default defineCommand<z.infer<typeof schema>>({
  name: 'remove-contact',
  summary: 'Remove a support contact (they lose access to the cases they were added to)',
  usage: 'remove-contact EMAIL [--confirm]',
  examples: ['remove-contact vendor@partner.example'],
  positionals: ['email'],
  flags: { confirm: 'boolean' },
  schema,
  capability: 'remove-people',
  changes: true,
  authorize: needs('remove-people'),
  run(ctx, args) {
    const company = requireCompany(ctx);
    const contact = company.contacts.find((c) => c.email === args.email);
    if (!contact) return notFound('support contact', args.email, 'see `team contacts` for the list');
    const ask = unlessConfirmed(ctx, args.confirm, {
      name: 'remove-contact',
      args: { email: contact.email },
      typed: `remove-contact ${contact.email} --confirm`,
      explain: [
        textBlock(
          strong(contact.email),
          ` loses access to the ${count(contact.caseIds.length, 'support case')} they were added to.`,
        ),
      ],
    });
    if (ask) return ask;
    company.contacts = company.contacts.filter((c) => c.email !== args.email);
    for (const c of company.cases) c.cc = c.cc.filter((e) => e !== args.email);
    ctx.audit({ action: 'contact.remove', target: args.email, before: contact, after: null });
    return {
      ok: true,
      view: view(
        [
          textBlock(
            'Removed support contact ',
            strong(args.email),
            ` from ${count(contact.caseIds.length, 'case')}.`,
          ),
        ],
        {
          tone: 'success',
        },
      ),
    };
  },
});

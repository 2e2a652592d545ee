// case cc ID EMAIL: add someone to a case; people outside the team become support contacts of it.
import { z } from 'zod';
import { findMember } from '../domain/company.ts';
import { CaseIdSchema } from '../domain/schemas.ts';
import { authorize } from '../policy/capabilities.ts';
import { strong, textBlock, view } from '../views/view.ts';
import { canSeeCase } from './case-access.ts';
import { defineCommand } from './command.ts';
import { conflict, notFound } from './failure.ts';
import { emailArg, requireCompany } from './lookups.ts';

const schema = z.object({
  id: z.string({ error: 'ID is missing' }).trim().toUpperCase().pipe(CaseIdSchema),
  email: emailArg,
});

export default defineCommand<z.infer<typeof schema>>({
  name: 'case cc',
  summary: 'Add someone to a support case (outsiders become support contacts)',
  usage: 'case cc ID EMAIL',
  examples: ['case cc CS-1001 vendor@partner.example'],
  positionals: ['id', 'email'],
  flags: {},
  schema,
  // Listed in help under browse: contacts read their cases but may not copy anyone in.
  capability: 'browse',
  changes: true,
  // Active members who can see the case may copy people in; contacts only read their cases.
  authorize(ctx, args) {
    const c = ctx.company?.cases.find((x) => x.id === args.id);
    const browse = authorize(ctx.company, ctx.caller, 'browse');
    if (!browse.allowed || !c || !ctx.company || canSeeCase(ctx.company, ctx.caller, c)) return browse;
    return authorize(ctx.company, ctx.caller, 'view-cases-of-infra', c.infra);
  },
  run(ctx, args) {
    const company = requireCompany(ctx);
    const c = company.cases.find((x) => x.id === args.id);
    if (!c) return notFound('support case', args.id, 'see `cases` for the list');
    if (c.cc.includes(args.email) || c.openedBy === args.email)
      return conflict(`${args.email} is already on ${c.id}; nothing changed.`);
    const before = { cc: [...c.cc] };
    c.cc.push(args.email);
    let contact = company.contacts.find((x) => x.email === args.email);
    if (!findMember(company, args.email)) {
      if (!contact) {
        contact = { email: args.email, caseIds: [] };
        company.contacts.push(contact);
      }
      contact.caseIds.push(c.id);
    }
    ctx.audit({ action: 'case.cc', target: c.id, infra: c.infra, before, after: { cc: [...c.cc] } });
    return {
      ok: true,
      view: view([textBlock('Added ', strong(args.email), ' to ', strong(c.id), '.')], { tone: 'success' }),
    };
  },
});

// who approves cases|access|infra-admin|company-admin [INFRA]: who decides each kind of approval, by the rules.
import { z } from 'zod';
import { activeCompanyAdmins, infraAdmins } from '../domain/company.ts';
import { memberList } from '../views/member-list.ts';
import { count } from '../views/plural.ts';
import { strong, text, view } from '../views/view.ts';
import { defineCommand, needs } from './command.ts';
import { invalid } from './failure.ts';
import { infraArg, requireCompany, requireInfra } from './lookups.ts';

const usage = 'who approves cases|access|infra-admin|company-admin [INFRA]';
const schema = z.object({
  what: z.enum(['cases', 'access', 'infra-admin', 'company-admin'], {
    error: 'say what is approved: cases, access, infra-admin or company-admin',
  }),
  infra: infraArg.optional(),
});

export default defineCommand<z.infer<typeof schema>>({
  name: 'who approves',
  summary: 'Who decides waiting support cases and access requests',
  usage,
  examples: ['who approves cases prod-eu', 'who approves access dev-eu', 'who approves company-admin'],
  positionals: ['what', 'infra'],
  flags: {},
  schema,
  capability: 'browse',
  changes: false,
  authorize: needs('browse'),
  run(ctx, args) {
    const company = requireCompany(ctx);
    const cas = activeCompanyAdmins(company);
    if (args.what === 'company-admin') {
      if (args.infra)
        return invalid(
          'infra',
          'Company Admin is for the whole company; leave out the infrastructure',
          usage,
        );
      const needed = company.settings.companyAdminApprovals;
      return {
        ok: true,
        view: view(
          [
            {
              kind: 'text',
              text: text(
                'Company Admin requests are decided by the Company Admins (',
                count(needed, 'approval'),
                ' needed, never the requester): ',
                ...memberList(cas),
                '.',
              ),
            },
          ],
          { title: 'Who approves Company Admin' },
        ),
      };
    }
    if (!args.infra) return invalid('infra', `${args.what} needs an infrastructure, e.g. prod-eu`, usage);
    const found = requireInfra(ctx, args.infra);
    if (!found.ok) return found;
    const id = found.value.infra.id;
    const admins = infraAdmins(company, id);
    const lines =
      args.what === 'cases'
        ? // Company Admins approve a waiting case only where they are also Infra Admin (the reference page).
          [
            text(
              'Waiting support cases on ',
              strong(id),
              ' are approved by its Infra Admins: ',
              ...memberList(admins),
              '.',
            ),
          ]
        : [
            text(
              `${args.what === 'access' ? 'Access' : 'Infra Admin'} requests for `,
              strong(id),
              ' are decided by its Infra Admins: ',
              ...memberList(admins),
              '.',
            ),
            text('and by the Company Admins: ', ...memberList(cas), '. Never by the requester.'),
          ];
    return {
      ok: true,
      view: view(
        lines.map((t) => ({ kind: 'text' as const, text: t })),
        { title: `Who approves ${args.what} on ${id}` },
      ),
    };
  },
});

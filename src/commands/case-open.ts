// case open INFRA TITLE: register a support case; from someone not on that infrastructure it waits for an Infra Admin.
import { z } from 'zod';
import { activeCompanyAdmins, infraAdmins } from '../domain/company.ts';
import { TextSchema } from '../domain/schemas.ts';
import { can } from '../policy/capabilities.ts';
import { code, strong, textBlock, view } from '../views/view.ts';
import { defineCommand, needs } from './command.ts';
import { infraArg, requireCompany, requireInfra } from './lookups.ts';

const schema = z.object({
  infra: infraArg,
  title: z.string({ error: 'TITLE is missing' }).pipe(TextSchema('TITLE', 200)),
});

export default defineCommand<z.infer<typeof schema>>({
  name: 'case open',
  summary: 'Register a support case on an infrastructure',
  usage: 'case open INFRA TITLE',
  examples: ['case open prod-eu "Deploys fail with a timeout"'],
  positionals: ['infra', 'title'],
  rest: true,
  flags: {},
  schema,
  capability: 'open-case',
  changes: true,
  authorize: needs('open-case'),
  run(ctx, args) {
    const found = requireInfra(ctx, args.infra);
    if (!found.ok) return found;
    const company = requireCompany(ctx);
    const email = ctx.caller.kind === 'unknown' ? '' : ctx.caller.email;
    const reviewed = !can(company, ctx.caller, 'open-case-unreviewed', args.infra);
    const supportCase = {
      id: `CS-${company.nextCaseNumber}`,
      infra: args.infra,
      title: args.title,
      openedBy: email,
      openedAt: ctx.now.toISOString(),
      status: reviewed ? ('awaiting-approval' as const) : ('open' as const),
      cc: [],
    };
    company.nextCaseNumber += 1;
    company.cases.push(supportCase);
    const contact = company.contacts.find((c) => c.email === email);
    if (contact) contact.caseIds.push(supportCase.id);
    ctx.audit({
      action: 'case.open',
      target: supportCase.id,
      infra: args.infra,
      before: null,
      after: supportCase,
    });
    const admins = infraAdmins(company, args.infra);
    const head = textBlock('Opened ', strong(supportCase.id), ` on ${args.infra}: `, supportCase.title);
    if (!reviewed) return { ok: true, view: view([head], { tone: 'success' }) };
    // Nobody can approve it until a Company Admin names an Infra Admin: say so, and tell them.
    const namers = admins.length ? [] : activeCompanyAdmins(company);
    const stuck = textBlock(
      `${args.infra} has no Infra Admin: a Company Admin (${namers.map((a) => a.name).join(', ')}) can name one with `,
      code(`grant infra-admin EMAIL ${args.infra}`),
      '.',
    );
    return {
      ok: true,
      view: view(
        [
          head,
          textBlock(
            `You are not on ${args.infra}, so the case waits for an Infra Admin of ${args.infra} to approve it`,
            admins.length ? ` (${admins.map((a) => a.name).join(', ')}).` : '.',
          ),
          ...(admins.length ? [] : [stuck]),
        ],
        { tone: 'success' },
      ),
      notices: [
        ...admins.map((a) => ({
          to: { companyId: company.id, email: a.email },
          view: view([
            head,
            textBlock('It waits for your approval: ', code(`case approve ${supportCase.id}`)),
            {
              kind: 'actions',
              actions: [
                {
                  label: 'Approve case',
                  command: { name: 'case approve', args: { id: supportCase.id } },
                  style: 'primary',
                },
              ],
            },
          ]),
          reason: `you are an Infra Admin of ${args.infra}`,
        })),
        ...namers.map((a) => ({
          to: { companyId: company.id, email: a.email },
          view: view([
            head,
            textBlock(`It waits for an Infra Admin of ${args.infra}, which has none.`),
            stuck,
          ]),
          reason: `${args.infra} has no Infra Admin to approve its cases`,
        })),
      ],
    };
  },
});

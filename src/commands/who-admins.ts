// who admins [INFRA]: the people who manage an infrastructure, or with none, who manages what.
import { z } from 'zod';
import { activeCompanyAdmins, allInfras, infraAdmins } from '../domain/company.ts';
import type { Company } from '../domain/schemas.ts';
import { memberList } from '../views/member-list.ts';
import { plain, strong, text, textBlock, type View, view } from '../views/view.ts';
import { defineCommand, needs } from './command.ts';
import { infraArg, requireCompany, requireInfra } from './lookups.ts';

const schema = z.object({ infra: infraArg.optional() });

const list = (people: Array<{ name: string; email: string }>) => memberList(people, 'nobody');

export default defineCommand<z.infer<typeof schema>>({
  name: 'who admins',
  summary: 'Who administers an infrastructure',
  usage: 'who admins [INFRA]',
  examples: ['who admins prod-eu', 'who admins prod-eu?', 'who admins'],
  positionals: ['infra'],
  flags: {},
  schema,
  capability: 'browse',
  changes: false,
  authorize: needs('browse'),
  run(ctx, args) {
    if (!args.infra) return { ok: true, view: everyAdmin(requireCompany(ctx)) };
    const found = requireInfra(ctx, args.infra);
    if (!found.ok) return found;
    const company = requireCompany(ctx);
    const { infra } = found.value;
    const admins = infraAdmins(company, infra.id);
    const cas = activeCompanyAdmins(company);
    return {
      ok: true,
      view: view(
        [
          admins.length
            ? { kind: 'text', text: text('Infra Admins of ', strong(infra.id), ': ', ...list(admins), '.') }
            : textBlock(strong(infra.id), ' has no Infra Admin.'),
          {
            kind: 'text',
            text: text('Company Admins (who manage every infrastructure): ', ...list(cas), '.'),
          },
        ],
        { title: `Who admins ${infra.id}` },
      ),
    };
  },
});

/** "who are the admins?": the Company Admins, then each infrastructure's Infra Admins. */
function everyAdmin(company: Company): View {
  const rows = allInfras(company).map(({ infra }) => {
    const admins = infraAdmins(company, infra.id);
    return [[strong(infra.id)], admins.length ? list(admins) : [plain('none')]];
  });
  return view(
    [
      {
        kind: 'text',
        text: text(
          'Company Admins (who manage every infrastructure): ',
          ...list(activeCompanyAdmins(company)),
          '.',
        ),
      },
      { kind: 'table', columns: ['Infrastructure', 'Infra Admins'], rows },
    ],
    { title: `Who admins ${company.name}` },
  );
}

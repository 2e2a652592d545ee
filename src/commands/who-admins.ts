// who admins INFRA: the people who manage an infrastructure.
import { z } from 'zod';
import { activeCompanyAdmins, infraAdmins } from '../domain/company.ts';
import { memberRef, type Span, strong, text, textBlock, view } from '../views/view.ts';
import { defineCommand, needs } from './command.ts';
import { infraArg, requireCompany, requireInfra } from './lookups.ts';

const schema = z.object({ infra: infraArg });

const list = (people: Array<{ name: string; email: string }>): Span[] =>
  people.flatMap((p, i) => (i ? [{ kind: 'plain', text: ', ' } as Span, memberRef(p)] : [memberRef(p)]));

export default defineCommand<z.infer<typeof schema>>({
  name: 'who admins',
  summary: 'Who administers an infrastructure',
  usage: 'who admins INFRA',
  examples: ['who admins prod-eu', 'who admins prod-eu?'],
  positionals: ['infra'],
  flags: {},
  schema,
  capability: 'browse',
  changes: false,
  authorize: needs('browse'),
  run(ctx, args) {
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

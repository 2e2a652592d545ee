// cases [INFRA]: the support cases the caller may see.
import { z } from 'zod';
import { can } from '../policy/capabilities.ts';
import { type Action, code, plain, textBlock, timeAt, view } from '../views/view.ts';
import { canSeeCase } from './case-access.ts';
import { defineCommand, needs } from './command.ts';
import { infraArg, requireCompany, requireInfra } from './lookups.ts';

const schema = z.object({ infra: infraArg.optional() });

export const casesSpec = {
  summary: 'List the support cases you can see (yours, and all cases of infrastructures you administer)',
  positionals: ['infra'],
  flags: {},
  schema,
  capability: 'view-own-cases',
  changes: false,
  authorize: needs('view-own-cases'),
  run(ctx, args) {
    const company = requireCompany(ctx);
    if (args.infra) {
      const found = requireInfra(ctx, args.infra);
      if (!found.ok) return found;
    }
    const visible = company.cases.filter(
      (c) => (!args.infra || c.infra === args.infra) && canSeeCase(company, ctx.caller, c),
    );
    if (!visible.length)
      return {
        ok: true,
        view: view([
          textBlock('No support cases to show. Open one with ', code('case open INFRA TITLE'), '.'),
        ]),
      };
    const rows = visible.map((c) => [
      [code(c.id)],
      [plain(c.infra)],
      [plain(c.title)],
      [plain(c.status)],
      [plain(c.openedBy)],
      [timeAt(c.openedAt, 'date')],
    ]);
    const approvable: Action[] = visible
      .filter((c) => c.status === 'awaiting-approval' && can(company, ctx.caller, 'approve-case', c.infra))
      .slice(0, 20)
      .map((c) => ({
        label: `Approve ${c.id}`,
        command: { name: 'case approve', args: { id: c.id } },
        style: 'primary',
      }));
    return {
      ok: true,
      view: view(
        [
          { kind: 'table', columns: ['Case', 'Infra', 'Title', 'Status', 'Opened by', 'Opened'], rows },
          ...(approvable.length ? [{ kind: 'actions' as const, actions: approvable }] : []),
        ],
        { title: args.infra ? `Support cases of ${args.infra}` : 'Support cases' },
      ),
    };
  },
} satisfies Omit<Parameters<typeof defineCommand<z.infer<typeof schema>>>[0], 'name' | 'usage' | 'examples'>;

export default defineCommand<z.infer<typeof schema>>({
  name: 'cases',
  usage: 'cases [INFRA]',
  examples: ['cases', 'cases prod-eu'],
  ...casesSpec,
});

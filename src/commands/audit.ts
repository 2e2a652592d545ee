// audit [--member EMAIL] [--infra X] [--since 7d] [--page N]: the audit trail, newest first.
import { subMilliseconds } from 'date-fns';
import { z } from 'zod';
import { DurationSchema } from '../domain/durations.ts';
import { authorize } from '../policy/capabilities.ts';
import { code, plain, textBlock, view } from '../views/view.ts';
import { defineCommand } from './command.ts';
import { emailArg, infraArg, pageArg, requireCompany, requireInfra } from './lookups.ts';

const PAGE = 15;

const schema = z.object({
  member: emailArg.optional(),
  infra: infraArg.optional(),
  since: DurationSchema.optional(),
  page: pageArg,
});

export default defineCommand<z.infer<typeof schema>>({
  name: 'audit',
  summary: 'Read the audit trail (Company Admins: all of it; Infra Admins: --infra X)',
  usage: 'audit [--member EMAIL] [--infra X] [--since 7d] [--page N]',
  examples: ['audit --since 7d', 'audit --infra prod-eu', 'audit --member adelev@example.com'],
  positionals: [],
  flags: { member: 'string', infra: 'string', since: 'string', page: 'string' },
  schema,
  capability: 'view-audit',
  changes: false,
  authorize: (ctx, args) =>
    args.infra
      ? authorize(ctx.company, ctx.caller, 'view-audit', args.infra)
      : authorize(ctx.company, ctx.caller, 'view-company-audit'),
  run(ctx, args) {
    const company = requireCompany(ctx);
    if (args.infra) {
      const found = requireInfra(ctx, args.infra);
      if (!found.ok) return found;
    }
    const since = args.since !== undefined ? subMilliseconds(ctx.now, args.since).toISOString() : '';
    const events = ctx.data.audit
      .filter((e) => e.companyId === company.id)
      .filter((e) => !args.infra || e.infra === args.infra)
      .filter((e) => !args.member || e.target === args.member || e.actor === args.member)
      .filter((e) => !since || e.at >= since)
      .reverse();
    if (!events.length)
      return { ok: true, view: view([textBlock('No audit events match.')], { title: 'Audit trail' }) };
    const pages = Math.ceil(events.length / PAGE);
    const page = Math.min(args.page, pages);
    const rows = events
      .slice((page - 1) * PAGE, page * PAGE)
      .map((e) => [
        [plain(e.at.slice(0, 16).replace('T', ' '))],
        [plain(e.actor)],
        [code(e.action)],
        [plain(e.infra ? `${e.target} (${e.infra})` : e.target)],
        [plain(e.chat)],
      ]);
    const args2: Record<string, string> = {};
    if (args.member) args2.member = args.member;
    if (args.infra) args2.infra = args.infra;
    return {
      ok: true,
      view: view(
        [
          { kind: 'table', columns: ['When (UTC)', 'Who', 'What', 'Target', 'From'], rows },
          ...(pages > 1
            ? [{ kind: 'pager' as const, page, pages, command: { name: 'audit', args: args2 } }]
            : []),
        ],
        { title: 'Audit trail' },
      ),
    };
  },
});

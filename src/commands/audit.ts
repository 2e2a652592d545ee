// audit [--member EMAIL] [--infra X] [--since 7d] [--page N]: the audit trail, newest first.
import { subMilliseconds } from 'date-fns/subMilliseconds';
import { z } from 'zod';
import { DurationSchema } from '../domain/durations.ts';
import type { AuditEvent } from '../domain/schemas.ts';
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

type Args = z.infer<typeof schema>;
type Page = { events: AuditEvent[]; total: number; page: number };

export default defineCommand<Args, Page>({
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
  // The trail lives in the store's audit log, not in the state: one page of it is fetched before run.
  async load(ctx, args) {
    const companyId = ctx.company?.id ?? '';
    const query = {
      ...(args.member ? { member: args.member } : {}),
      ...(args.infra ? { infra: args.infra } : {}),
      ...(args.since !== undefined ? { since: subMilliseconds(ctx.now, args.since).toISOString() } : {}),
      limit: PAGE,
    };
    const first = await ctx.audit.list(companyId, { ...query, offset: (args.page - 1) * PAGE });
    const pages = Math.max(1, Math.ceil(first.total / PAGE));
    if (args.page <= pages) return { ...first, page: args.page };
    // Past the end: the last page, as the pager would have offered.
    const last = await ctx.audit.list(companyId, { ...query, offset: (pages - 1) * PAGE });
    return { ...last, page: pages };
  },
  run(ctx, args, loaded) {
    requireCompany(ctx);
    if (args.infra) {
      const found = requireInfra(ctx, args.infra);
      if (!found.ok) return found;
    }
    const { events, total, page } = loaded;
    if (!events.length)
      return { ok: true, view: view([textBlock('No audit events match.')], { title: 'Audit trail' }) };
    const pages = Math.ceil(total / PAGE);
    const rows = events.map((e) => [
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

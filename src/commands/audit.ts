// audit [--member EMAIL] [--infra X] [--since 7d] [--page N]: the audit trail, newest first.
import { subMilliseconds } from 'date-fns';
import { z } from 'zod';
import { DurationSchema } from '../domain/durations.ts';
import type { AuditEvent } from '../domain/schemas.ts';
import { auditTable } from '../export/audit-csv.ts';
import { csvFile, exportName, MAX_EXPORT_ROWS } from '../export/csv.ts';
import { authorize } from '../policy/capabilities.ts';
import { auditChange } from '../views/audit-change.ts';
import { count } from '../views/plural.ts';
import { code, plain, strong, textBlock, view } from '../views/view.ts';
import { defineCommand } from './command.ts';
import { emailArg, infraArg, pageArg, requireCompany, requireInfra } from './lookups.ts';

const PAGE = 15;

const schema = z.object({
  member: emailArg.optional(),
  infra: infraArg.optional(),
  since: DurationSchema.optional(),
  page: pageArg,
  export: z.enum(['csv'], { error: 'the export format is csv: --export csv' }).optional(),
});

type Args = z.infer<typeof schema>;
type Page = { events: AuditEvent[]; total: number; page: number };

export default defineCommand<Args, Page>({
  name: 'audit',
  summary: 'Read the audit trail (Company Admins: all of it; Infra Admins: --infra X)',
  usage: 'audit [--member EMAIL] [--infra X] [--since 7d] [--page N] [--export csv]',
  examples: [
    'audit --since 7d',
    'audit --infra prod-eu',
    'audit --member adelev@example.com',
    'audit --since 30d --export csv',
  ],
  positionals: [],
  flags: { member: 'string', infra: 'string', since: 'string', page: 'string', export: 'string' },
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
    // An export is every matching event (up to a bound the answer names), not a page.
    if (args.export)
      return {
        ...(await ctx.audit.list(companyId, { ...query, limit: MAX_EXPORT_ROWS, offset: 0 })),
        page: 1,
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
    if (args.export) {
      const file = csvFile(exportName('audit', ctx.company?.id ?? 'company', ctx.now), ...auditTable(events));
      const more = total - events.length;
      return {
        ok: true,
        view: view(
          [
            textBlock(`${count(events.length, 'event')} in `, strong(file.name), '.'),
            ...(more > 0
              ? [
                  textBlock(
                    `${count(more, 'older event')} did not fit; narrow it with --since, --member or --infra.`,
                  ),
                ]
              : []),
          ],
          { title: 'Audit trail' },
        ),
        file,
      };
    }
    if (!events.length)
      return { ok: true, view: view([textBlock('No audit events match.')], { title: 'Audit trail' }) };
    const pages = Math.ceil(total / PAGE);
    const rows = events.map((e) => [
      [plain(e.at.slice(0, 16).replace('T', ' '))],
      [plain(e.actor)],
      [code(e.action)],
      [plain(e.infra ? `${e.target} (${e.infra})` : e.target)],
      auditChange(e),
      [plain(e.chat)],
    ]);
    const args2: Record<string, string> = {};
    if (args.member) args2.member = args.member;
    if (args.infra) args2.infra = args.infra;
    return {
      ok: true,
      view: view(
        [
          { kind: 'table', columns: ['When (UTC)', 'Who', 'What', 'Target', 'Change', 'From'], rows },
          ...(pages > 1
            ? [{ kind: 'pager' as const, page, pages, command: { name: 'audit', args: args2 } }]
            : []),
        ],
        { title: 'Audit trail' },
      ),
    };
  },
});

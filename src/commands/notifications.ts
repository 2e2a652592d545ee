// notifications [pending|delivered|failed]: the outbox: Company Admins see the company's, everyone else their own.
import { z } from 'zod';
import { can } from '../policy/capabilities.ts';
import { plain, textBlock, timeAt, view } from '../views/view.ts';
import { defineCommand, needs } from './command.ts';
import { requireCompany } from './lookups.ts';

const schema = z.object({
  status: z
    .enum(['pending', 'delivered', 'failed'], { error: 'expected pending, delivered or failed' })
    .optional(),
});

export default defineCommand<z.infer<typeof schema>>({
  name: 'notifications',
  summary: 'What the bot has sent or will send: pending, delivered and failed notices',
  usage: 'notifications [pending|delivered|failed]',
  examples: ['notifications', 'notifications failed'],
  positionals: ['status'],
  flags: {},
  schema,
  capability: 'browse',
  changes: false,
  authorize: needs('browse'),
  run(ctx, args) {
    const company = requireCompany(ctx);
    const all = can(company, ctx.caller, 'view-all-notifications');
    const me = ctx.caller.kind === 'unknown' ? '' : ctx.caller.email;
    const label = (s: string) => (s === 'sending' ? 'pending' : s);
    const items = ctx.data.outbox
      .filter((x) => x.companyId === company.id)
      .filter((x) => all || ((x.to.kind === 'member' || x.to.kind === 'email') && x.to.email === me))
      .filter((x) => !args.status || label(x.status) === args.status)
      .slice(-40)
      .reverse();
    if (!items.length)
      return { ok: true, view: view([textBlock('No notices to show.')], { title: 'Notifications' }) };
    const to = (x: (typeof items)[number]) =>
      x.to.kind === 'member'
        ? x.to.email
        : x.to.kind === 'email'
          ? `${x.to.email} (email)`
          : x.to.kind === 'channel'
            ? `channel (${x.to.target.platform})`
            : `update (${x.to.ref.platform})`;
    const rows = items.map((x) => [
      [timeAt(x.createdAt)],
      [plain(to(x))],
      [plain(x.reason)],
      [plain(`${label(x.status)}${x.deliveredVia ? ` via ${x.deliveredVia}` : ''}`)],
      [plain(x.lastError ? `${x.attempts} (${x.lastError})` : String(x.attempts))],
    ]);
    return {
      ok: true,
      view: view([{ kind: 'table', columns: ['Queued', 'To', 'What', 'Status', 'Attempts'], rows }], {
        title: all ? 'Notifications (company)' : 'Your notifications',
      }),
    };
  },
});

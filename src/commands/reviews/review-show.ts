// review show ID [--page N]: your own card of an access review, drawn again (the console has no direct messages).
import { z } from 'zod';
import type { Decision } from '../../policy/capabilities.ts';
import { authorize } from '../../policy/capabilities.ts';
import { reviewCard } from '../../workflow/review-card.ts';
import { findReview, pagesFor, reviewersOf } from '../../workflow/review-items.ts';
import { type CommandContext, defineCommand } from '../command.ts';
import { notFound } from '../failure.ts';
import { pageArg, requireCompany } from '../lookups.ts';
import { REVIEW_ID, reviewIdMessage } from './decide-item.ts';

const schema = z.object({
  id: z.string({ error: 'ID is missing' }).trim().toUpperCase().regex(REVIEW_ID, reviewIdMessage),
  page: pageArg,
});
type Args = z.infer<typeof schema>;

/** Only someone asked to review it has a card; the buttons on it are authorized again when pressed. */
function authorizeShow(ctx: CommandContext, args: Args): Decision {
  const base = authorize(ctx.company, ctx.caller, 'browse');
  const r = findReview(ctx.company, args.id);
  if (!base.allowed || !r || ctx.caller.kind === 'unknown') return base;
  if (ctx.company && reviewersOf(ctx.company, r).includes(ctx.caller.email))
    return { allowed: true, via: 'active-member' };
  return {
    allowed: false,
    capability: 'review-access',
    rule: `only the reviewers of ${r.id} may see its cards; Company Admins follow it with \`review status ${r.id}\``,
    couldInstead: [],
  };
}

export default defineCommand<Args>({
  name: 'review show',
  summary: 'Show your card of an access review again, with its Keep and Remove buttons',
  usage: 'review show ID [--page N]',
  examples: ['review show RV-1001', 'review show RV-1001 --page 2'],
  positionals: ['id'],
  flags: { page: 'string' },
  schema,
  capability: 'review-access',
  changes: false,
  authorize: authorizeShow,
  run(ctx, args) {
    const company = requireCompany(ctx);
    const r = findReview(company, args.id);
    if (!r) return notFound('access review', args.id, 'see `review status`');
    const email = ctx.caller.kind === 'unknown' ? '' : ctx.caller.email;
    const pages = Math.max(1, pagesFor(company, r, email).length);
    const page = Math.min(args.page, pages);
    // Drawn for the one who asked, even in a channel: the card lists who holds what.
    const card = { ...reviewCard(company, r, email, page), audience: 'caller' as const };
    if (pages > 1)
      card.blocks.push({ kind: 'pager', page, pages, command: { name: 'review show', args: { id: r.id } } });
    return { ok: true, view: card };
  },
});

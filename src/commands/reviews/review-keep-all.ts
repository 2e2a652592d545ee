// review keep-all ID [--page N]: the card's "Keep all": every undecided role on that card the presser may decide.
import { z } from 'zod';
import { authorize, type Decision } from '../../policy/capabilities.ts';
import { count } from '../../views/plural.ts';
import { textBlock, view } from '../../views/view.ts';
import { cardUpdates, findReview, itemsOf, mayDecide, pagesFor } from '../../workflow/review-items.ts';
import { type CommandContext, defineCommand } from '../command.ts';
import { pageArg } from '../lookups.ts';
import { authorizeItem, decideItem, openReview, REVIEW_ID, reviewIdMessage } from './decide-item.ts';

const schema = z.object({
  id: z.string({ error: 'ID is missing' }).trim().toUpperCase().regex(REVIEW_ID, reviewIdMessage),
  page: pageArg,
});
type Args = z.infer<typeof schema>;

/** The undecided items on the caller's card page. */
function onCard(ctx: CommandContext, args: Args) {
  const r = findReview(ctx.company, args.id);
  if (!r || ctx.caller.kind === 'unknown') return { r, items: [] };
  const email = ctx.caller.email;
  const page = ctx.company ? (pagesFor(ctx.company, r, email)[args.page - 1] ?? []) : [];
  return { r, items: page.filter((i) => i.decision === 'undecided') };
}

export default defineCommand<Args>({
  name: 'review keep-all',
  summary: 'Keep every undecided role on one card of an access review you were asked to do',
  usage: 'review keep-all ID [--page N]',
  examples: ['review keep-all RV-1001', 'review keep-all RV-1001 --page 2'],
  positionals: ['id'],
  flags: { page: 'string' },
  schema,
  capability: 'review-access',
  changes: true,
  authorize(ctx, args): Decision {
    const { r, items } = onCard(ctx, args);
    const c = ctx.company;
    if (!r || !c) return authorize(c, ctx.caller, 'browse');
    const email = ctx.caller.kind === 'unknown' ? '' : ctx.caller.email;
    // Allowed when the presser may decide something on the card (or, all decided, in the review): run()
    // keeps only what they may. Refused, the rule is the one for the items they were shown.
    const all = itemsOf(c, r);
    const candidates = items.length ? items : all.filter((i) => i.reviewers.includes(email));
    const target = candidates.find((i) => mayDecide(c, i, email)) ?? candidates[0] ?? all[0];
    if (!target) return authorize(c, ctx.caller, 'browse');
    return authorizeItem(c, ctx.caller, r, target);
  },
  run(ctx, args) {
    const open = openReview(ctx, args.id);
    if (!open.ok) return open;
    const { company, r } = open.value;
    const email = ctx.caller.kind === 'unknown' ? '' : ctx.caller.email;
    const mine = onCard(ctx, args).items.filter((i) => mayDecide(company, i, email));
    if (!mine.length)
      return {
        ok: true,
        view: view([textBlock('Nothing on that card is left for you to decide; nothing changed.')]),
      };
    for (const item of mine) {
      const decided = decideItem(ctx, r, item, 'keep');
      if (!decided.ok) return decided.result;
    }
    r.version += 1;
    for (const update of cardUpdates(company, r, mine)) ctx.enqueue(update);
    return {
      ok: true,
      view: view([textBlock(`Kept ${count(mine.length, 'role')} in ${r.id}.`)], { tone: 'success' }),
    };
  },
});

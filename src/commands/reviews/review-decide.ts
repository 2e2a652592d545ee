// review decide ID ITEM keep|remove: what a card's Keep and Remove buttons press; Remove revokes the role.
import { z } from 'zod';
import { findMember } from '../../domain/company.ts';
import { authorize } from '../../policy/capabilities.ts';
import { memberRef, plain, strong, textBlock, view } from '../../views/view.ts';
import { cardUpdates, findReview, itemOf, itemsOf, roleName } from '../../workflow/review-items.ts';
import { defineCommand } from '../command.ts';
import { notFound } from '../failure.ts';
import { authorizeItem, decideItem, openReview, REVIEW_ID, reviewIdMessage } from './decide-item.ts';

const usage = 'review decide ID ITEM keep|remove';
const schema = z.object({
  id: z.string({ error: 'ID is missing' }).trim().toUpperCase().regex(REVIEW_ID, reviewIdMessage),
  item: z
    .string({ error: 'ITEM is missing' })
    .trim()
    .regex(/^[1-9]\d{0,5}$/, 'expected a number such as 3, as the card shows it')
    .transform(Number),
  decision: z.enum(['keep', 'remove'], { error: 'expected keep or remove' }),
});

export default defineCommand<z.infer<typeof schema>>({
  name: 'review decide',
  summary: 'Keep or remove one role in an access review you were asked to do (the card has buttons for it)',
  usage,
  examples: ['review decide RV-1001 3 keep', 'review decide RV-1001 4 remove'],
  positionals: ['id', 'item', 'decision'],
  flags: {},
  schema,
  capability: 'review-access',
  changes: true,
  authorize(ctx, args) {
    const r = findReview(ctx.company, args.id);
    const item = r && ctx.company ? itemOf(ctx.company, r, args.item) : undefined;
    // Not there: the member hears that from run(), which says what is.
    if (!r || !item) return authorize(ctx.company, ctx.caller, 'browse');
    return authorizeItem(ctx.company, ctx.caller, r, item);
  },
  run(ctx, args) {
    const open = openReview(ctx, args.id);
    if (!open.ok) return open;
    const { company, r } = open.value;
    const item = itemOf(company, r, args.item);
    if (!item)
      return notFound(
        `item of ${r.id}`,
        String(args.item),
        `${r.id} has items 1 to ${itemsOf(company, r).length}`,
      );
    const decided = decideItem(ctx, r, item, args.decision);
    if (!decided.ok) return decided.result;
    const holder = findMember(company, item.email);
    const who = holder ? memberRef(holder) : plain(item.email);
    const verb = args.decision === 'keep' ? 'Kept' : 'Removed';
    if (!decided.changed)
      return {
        ok: true,
        view: view([
          textBlock(`${verb} already: `, who, ', ', strong(roleName(item.role)), '; nothing changed.'),
        ]),
      };
    r.version += 1;
    for (const update of cardUpdates(company, r, [item])) ctx.enqueue(update);
    return {
      ok: true,
      view: view(
        [
          textBlock(
            `${verb}: `,
            who,
            ', ',
            strong(roleName(item.role)),
            item.note ? ` (${item.note}).` : '.',
          ),
        ],
        { tone: 'success' },
      ),
      notices: decided.notices,
    };
  },
});

// review start [INFRA] [--due 14d]: ask each reviewer to keep or remove who holds what, by a due date.
import { z } from 'zod';
import { findMember } from '../../domain/company.ts';
import type { AccessReview } from '../../domain/schemas.ts';
import { count } from '../../views/plural.ts';
import { memberRef, plain, type Span, strong, text, textBlock, timeAt, view } from '../../views/view.ts';
import { buildItems, cardsToSend, reviewersOf, scopeName } from '../../workflow/review-items.ts';
import { REVIEW_REMIND_MS } from '../../workflow/review-schedule.ts';
import { defineCommand, needs } from '../command.ts';
import { conflict } from '../failure.ts';
import { infraArg, requireCompany, requireInfra } from '../lookups.ts';

const DAY = 86_400_000;
const MAX_REVIEW_DAYS = 90;

/** `--due`: days or weeks from now, 1 day to 90 days. */
const ReviewDueSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^\d{1,4}[dw]$/, 'expected a number of days or weeks from now, such as 14d or 2w')
  .transform((s) => Number(s.slice(0, -1)) * (s.endsWith('w') ? 7 : 1))
  .refine((days) => days >= 1, 'a review needs at least 1 day, such as 1d or 14d')
  .refine(
    (days) => days <= MAX_REVIEW_DAYS,
    `a review is due within ${MAX_REVIEW_DAYS}d at most, such as 14d`,
  );

const schema = z.object({
  infra: infraArg.optional(),
  // Parsed like a typed value, so the default reads as `--due 14d` would.
  due: ReviewDueSchema.prefault('14d'),
});

export default defineCommand<z.infer<typeof schema>>({
  name: 'review start',
  summary:
    'Start an access review: each reviewer keeps or removes who holds what (the company, or one infrastructure)',
  usage: 'review start [INFRA] [--due 14d]',
  examples: ['review start prod-eu', 'review start --due 30d'],
  positionals: ['infra'],
  flags: { due: 'string' },
  schema,
  capability: 'review-access',
  changes: true,
  authorize: needs('review-access', (a) => a.infra),
  run(ctx, args) {
    const company = requireCompany(ctx);
    if (args.infra) {
      const found = requireInfra(ctx, args.infra);
      if (!found.ok) return found;
    }
    const scope: AccessReview['scope'] = args.infra
      ? { kind: 'infra', infra: args.infra }
      : { kind: 'company' };
    const already = company.reviews.find(
      (r) => r.status === 'open' && JSON.stringify(r.scope) === JSON.stringify(scope),
    );
    if (already)
      return conflict(
        text(
          `${already.id} already reviews ${scopeName(scope)}, due `,
          timeAt(already.dueAt),
          '; nothing changed.',
        ),
        `See its progress with \`review status ${already.id}\`.`,
      );
    const id = `RV-${company.nextReviewNumber}`;
    const items = buildItems(company, id, scope);
    if (!items.length)
      return conflict(`Nobody holds a role on ${scopeName(scope)}; there is nothing to review.`);
    const startedAt = ctx.now.toISOString();
    const dueMs = ctx.now.getTime() + args.due * DAY;
    const remindAt = ctx.now.getTime() + REVIEW_REMIND_MS;
    const r: AccessReview = {
      id,
      scope,
      startedBy: ctx.caller.kind === 'unknown' ? '' : ctx.caller.email,
      startedAt,
      dueAt: new Date(dueMs).toISOString(),
      status: 'open',
      cards: [],
      version: 0,
      reminders: 0,
      ...(remindAt < dueMs ? { nextReminderAt: new Date(remindAt).toISOString() } : {}),
    };
    company.nextReviewNumber += 1;
    company.reviews.push(r);
    company.reviewItems.push(...items);
    const reviewers = reviewersOf(company, r);
    const orphans = items.filter((i) => i.reviewers.length === 0);
    ctx.audit({
      action: 'review.start',
      target: r.id,
      ...(args.infra ? { infra: args.infra } : {}),
      before: null,
      after: { scope: scopeName(scope), dueAt: r.dueAt, items: items.length, reviewers },
    });
    for (const card of cardsToSend(company, r)) ctx.enqueue(card);
    const names: Span[] = reviewers.flatMap((email, i) => {
      const m = findMember(company, email);
      const who = m ? memberRef(m) : plain(email);
      const mine = items.filter((x) => x.reviewers.includes(email)).length;
      return [...(i ? [plain(', ')] : []), who, plain(` (${mine})`)];
    });
    return {
      ok: true,
      view: view(
        [
          textBlock(
            'Started ',
            strong(r.id),
            `: ${count(items.length, 'role')} on ${scopeName(scope)}, due `,
            timeAt(r.dueAt),
            '.',
          ),
          reviewers.length
            ? { kind: 'text', text: [plain('Cards are queued for delivery to '), ...names, plain('.')] }
            : textBlock('Nobody but the holders could review these roles.'),
          ...(orphans.length
            ? [
                textBlock(
                  `${count(orphans.length, 'role')} ${orphans.length === 1 ? 'has' : 'have'} no reviewer and ${orphans.length === 1 ? 'needs' : 'need'} a Company Admin.`,
                ),
              ]
            : []),
          textBlock('Follow it with ', strong(`review status ${r.id}`), '.'),
        ],
        { tone: 'success' },
      ),
    };
  },
});

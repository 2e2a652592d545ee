// review status [ID]: progress of access reviews, to Company Admins and the review's own reviewers.
import { z } from 'zod';
import { findMember } from '../../domain/company.ts';
import type { AccessReview, Company } from '../../domain/schemas.ts';
import type { Caller } from '../../policy/caller.ts';
import { authorize, can, type Decision } from '../../policy/capabilities.ts';
import { strong, text, textBlock, timeAt, view } from '../../views/view.ts';
import { statusView } from '../../workflow/review-card.ts';
import { findReview, itemsOf, mayDecide, reviewersOf, scopeName } from '../../workflow/review-items.ts';
import { defineCommand } from '../command.ts';
import { notFound } from '../failure.ts';
import { requireCompany } from '../lookups.ts';
import { REVIEW_ID, reviewIdMessage } from './decide-item.ts';

const schema = z.object({
  id: z.string().trim().toUpperCase().regex(REVIEW_ID, reviewIdMessage).optional(),
});

/** A reviewer of `r` who still holds what made them one. */
const reviews = (c: Company, caller: Caller, r: AccessReview) =>
  caller.kind === 'member' && itemsOf(c, r).some((i) => mayDecide(c, i, caller.email));

const infraAdminAnywhere = (c: Company, caller: Caller) => {
  const m = caller.kind === 'member' ? findMember(c, caller.email) : undefined;
  return m?.status === 'active' && Object.values(m.roles).includes('admin');
};

const companyAdmin = (c: Company | undefined, caller: Caller) => can(c, caller, 'review-access');

/** Company Admins see every review; anyone else only those they review. */
function follow(c: Company | undefined, caller: Caller, id: string | undefined): Decision {
  const base = authorize(c, caller, 'browse');
  if (!base.allowed || !c) return base;
  if (companyAdmin(c, caller)) return { allowed: true, via: 'company-admin' };
  const r = id ? findReview(c, id) : undefined;
  if (id && !r) return base; // run() says it is not there
  // Without an id, any Infra Admin may look (they may start a review of their own): the list shows theirs.
  const mine = r
    ? reviews(c, caller, r)
    : infraAdminAnywhere(c, caller) || c.reviews.some((x) => reviews(c, caller, x));
  if (mine) return { allowed: true, via: 'infra-admin-of-any' };
  const admins = authorize(c, caller, 'review-access');
  const couldInstead = admins.allowed ? [] : admins.couldInstead;
  return {
    allowed: false,
    capability: 'review-access',
    rule: r
      ? `only Company Admins and the reviewers of ${r.id} may follow its progress`
      : 'only Company Admins and access reviewers may follow access reviews',
    couldInstead,
  };
}

export default defineCommand<z.infer<typeof schema>>({
  name: 'review status',
  summary: 'See how an access review is going: decided of total per reviewer, and what is overdue',
  usage: 'review status [ID]',
  examples: ['review status', 'review status RV-1001'],
  positionals: ['id'],
  flags: {},
  schema,
  capability: 'review-access',
  changes: false,
  authorize: (ctx, args) => follow(ctx.company, ctx.caller, args.id),
  run(ctx, args) {
    const company = requireCompany(ctx);
    if (args.id) {
      const r = findReview(company, args.id);
      if (!r) return notFound('access review', args.id, 'see `review status`');
      return { ok: true, view: statusView(company, r, ctx.now) };
    }
    const visible = company.reviews.filter(
      (r) => companyAdmin(company, ctx.caller) || reviews(company, ctx.caller, r),
    );
    if (!visible.length)
      return {
        ok: true,
        view: view([
          textBlock(
            'No access reviews for you to follow. Start one with ',
            strong('review start [INFRA]'),
            '.',
          ),
        ]),
      };
    const at = ctx.now.toISOString();
    const rows = [...visible].reverse().map((r) => {
      const items = itemsOf(company, r);
      const decided = items.filter((i) => i.decision !== 'undecided').length;
      const state = r.status === 'closed' ? 'closed' : r.dueAt <= at ? 'overdue' : 'open';
      return [
        text(r.id),
        text(scopeName(r.scope)),
        text(timeAt(r.dueAt, 'date')),
        text(state),
        text(`${decided} / ${items.length}`),
        text(String(reviewersOf(company, r).length)),
      ];
    });
    return {
      ok: true,
      view: view(
        [
          { kind: 'table', columns: ['Review', 'Scope', 'Due', 'Status', 'Decided', 'Reviewers'], rows },
          textBlock('Details: ', strong('review status ID'), '.'),
        ],
        { title: 'Access reviews' },
      ),
    };
  },
});

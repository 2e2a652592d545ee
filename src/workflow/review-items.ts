// What an access review asks about (person x role held), who reviews each item, and who still may.
import { activeCompanyAdmins, allInfras, findMember, infraAdmins } from '../domain/company.ts';
import { reviewItemIndex } from '../domain/indexes.ts';
import type { AccessReview, Company, Member, ReviewedRole, ReviewItem } from '../domain/schemas.ts';
import type { NewOutboxItem } from './outbox.ts';

/** Items per card: two Slack blocks each (the line and its buttons), so a card stays well under 50. */
export const REVIEW_PAGE = 15;

type ReviewScope = AccessReview['scope'];

export function roleName(role: ReviewedRole): string {
  switch (role.kind) {
    case 'company-admin':
      return 'Company Admin';
    case 'security':
      return 'Security contact';
    case 'infra':
      return `${role.role === 'admin' ? 'Infra Admin' : 'Member'} of ${role.infra}`;
  }
}

export const scopeName = (scope: ReviewScope) => (scope.kind === 'infra' ? scope.infra : 'the whole company');

/** The roles a member holds within the scope: company-wide roles first, then infrastructures by id. */
function rolesInScope(m: Member, scope: ReviewScope, infraIds: readonly string[]): ReviewedRole[] {
  const infraRole = (infra: string): ReviewedRole[] => {
    const role = m.roles[infra];
    return role ? [{ kind: 'infra', infra, role }] : [];
  };
  if (scope.kind === 'infra') return infraRole(scope.infra);
  return [
    ...(m.companyAdmin ? [{ kind: 'company-admin' } as const] : []),
    ...(m.security ? [{ kind: 'security' } as const] : []),
    ...infraIds.flatMap(infraRole),
  ];
}

/** Who normally reviews a role: the Infra Admins of its infrastructure, or the Company Admins for company-wide roles. */
const usualReviewers = (c: Company, role: ReviewedRole): Member[] =>
  role.kind === 'infra' ? infraAdmins(c, role.infra) : activeCompanyAdmins(c);

/**
 * Every role held in the scope, each with its reviewers. Nobody reviews their own access: when the holder
 * is the only usual reviewer, the item goes to the Company Admins (other than the holder), and when there
 * is nobody at all it stays listed with no reviewer, as needing a Company Admin.
 */
export function buildItems(c: Company, review: string, scope: ReviewScope): ReviewItem[] {
  const infraIds = allInfras(c)
    .map((i) => i.infra.id)
    .sort();
  const items: ReviewItem[] = [];
  for (const m of c.members)
    for (const role of rolesInScope(m, scope, infraIds)) {
      const others = (list: Member[]) => list.filter((r) => r.email !== m.email).map((r) => r.email);
      const usual = others(usualReviewers(c, role));
      const escalated = usual.length === 0;
      items.push({
        review,
        n: items.length + 1,
        email: m.email,
        role,
        reviewers: escalated ? others(activeCompanyAdmins(c)) : usual,
        escalated,
        decision: 'undecided',
      });
    }
  return items;
}

/**
 * Whether `email` may decide `item` now: asked when the review started, not the holder, and still holding
 * the role that made them a reviewer (a demoted reviewer's card is no permission).
 */
export function mayDecide(c: Company, item: ReviewItem, email: string): boolean {
  if (email === item.email || !item.reviewers.includes(email)) return false;
  const pool =
    item.escalated || item.role.kind !== 'infra' ? activeCompanyAdmins(c) : usualReviewers(c, item.role);
  return pool.some((m) => m.email === email);
}

/** Why the role under review is not held as it was any more (gone by other means meanwhile), or null. */
export function changedSince(c: Company, item: ReviewItem): string | null {
  if (stillHeld(c, item)) return null;
  const m = findMember(c, item.email);
  if (!m) return 'they have left the team';
  if (item.role.kind === 'infra' && m.roles[item.role.infra])
    return `the role changed since the review started (now ${m.roles[item.role.infra] === 'admin' ? 'Infra Admin' : 'Member'} of ${item.role.infra})`;
  return 'the role was already taken away';
}

/** Whether the holder still has the role under review (it may have gone by other means meanwhile). */
export function stillHeld(c: Company, item: ReviewItem): boolean {
  const m = findMember(c, item.email);
  if (!m) return false;
  switch (item.role.kind) {
    case 'company-admin':
      return m.companyAdmin;
    case 'security':
      return m.security !== undefined;
    case 'infra':
      return m.roles[item.role.infra] === item.role.role;
  }
}

/**
 * Why removing this item is refused outright, or null: the company keeps at least one active Company
 * Admin who holds the role permanently, so the last one can be removed by nobody (as `revoke` refuses).
 */
export function cannotRemove(c: Company, item: ReviewItem): string | null {
  if (item.role.kind !== 'company-admin') return null;
  const admins = activeCompanyAdmins(c);
  const holder = admins.find((m) => m.email === item.email);
  if (!holder) return null;
  const permanent = (m: Member) => !c.grants.some((g) => g.email === m.email && g.kind === 'company-admin');
  if (admins.length <= 1 || (permanent(holder) && !admins.some((m) => m !== holder && permanent(m))))
    return `${holder.name} is the last permanent Company Admin, and the company must always keep one`;
  return null;
}

/** A review's items, in order (drafts of them, on a draft), found through the index. */
export const itemsOf = (c: Company, r: Pick<AccessReview, 'id'>): ReviewItem[] =>
  reviewItemIndex.all(c.reviewItems, [`review:${r.id}`]);

/** One item of a review, by its number. */
export const itemOf = (c: Company, r: Pick<AccessReview, 'id'>, n: number): ReviewItem | undefined =>
  reviewItemIndex.get(c.reviewItems, `${r.id}#${n}`);

/** Everyone who was asked to review something, in the order they first appear. */
export const reviewersOf = (c: Company, r: AccessReview): string[] => [
  ...new Set(itemsOf(c, r).flatMap((i) => i.reviewers)),
];

/** A reviewer's items, a card's worth at a time. */
export function pagesFor(c: Company, r: AccessReview, reviewer: string): ReviewItem[][] {
  const mine = itemsOf(c, r).filter((i) => i.reviewers.includes(reviewer));
  const pages: ReviewItem[][] = [];
  for (let i = 0; i < mine.length; i += REVIEW_PAGE) pages.push(mine.slice(i, i + REVIEW_PAGE));
  return pages;
}

/** The card page of `reviewer` that shows `item`. */
export function pageOf(c: Company, r: AccessReview, reviewer: string, item: ReviewItem): number {
  const at = itemsOf(c, r)
    .filter((i) => i.reviewers.includes(reviewer))
    .findIndex((i) => i.n === item.n);
  return Math.floor(Math.max(0, at) / REVIEW_PAGE) + 1;
}

export const findReview = (c: Company | undefined, id: string) => c?.reviews.find((r) => r.id === id);

/** What a card shows: rendered fresh from the review each time it is sent or updated. */
export const cardContent = (r: AccessReview, reviewer: string, page: number) =>
  ({ kind: 'review', reviewId: r.id, reviewer, page }) as const;

/** Each reviewer's card pages, to send when the review starts. */
export function cardsToSend(c: Company, r: AccessReview): NewOutboxItem[] {
  return reviewersOf(c, r).flatMap((reviewer) =>
    pagesFor(c, r, reviewer).map((_, i) => ({
      key: `review:${r.id}:card:${reviewer}:${i + 1}`,
      to: { kind: 'member', email: reviewer } as const,
      content: cardContent(r, reviewer, i + 1),
      reason: `you review access to ${scopeName(r.scope)}`,
    })),
  );
}

/**
 * Updates of every delivered card that shows one of `items` (all cards when none are given), once per
 * version of the review: every reviewer holding the item sees the decision.
 */
export function cardUpdates(c: Company, r: AccessReview, items?: readonly ReviewItem[]): NewOutboxItem[] {
  return r.cards.flatMap((card, i) => {
    const shows =
      !items ||
      items.some(
        (item) => item.reviewers.includes(card.reviewer) && pageOf(c, r, card.reviewer, item) === card.page,
      );
    if (!shows) return [];
    return [
      {
        key: `review:${r.id}:update:${i}:${r.version}`,
        to: { kind: 'message', ref: card.ref } as const,
        op: 'update' as const,
        content: cardContent(r, card.reviewer, card.page),
        reason: 'the review changed',
      },
    ];
  });
}

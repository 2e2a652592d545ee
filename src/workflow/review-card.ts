// The views of an access review: a reviewer's card (Keep / Remove per person, Keep all), and its progress.
import { findMember } from '../domain/company.ts';
import type { AccessReview, Company, ReviewItem } from '../domain/schemas.ts';
import { count } from '../views/plural.ts';
import {
  type Action,
  type Block,
  memberRef,
  plain,
  type Span,
  strong,
  type Text,
  text,
  textBlock,
  timeAt,
  type View,
  view,
} from '../views/view.ts';
import {
  cannotRemove,
  itemsOf,
  mayDecide,
  pagesFor,
  reviewersOf,
  roleName,
  scopeName,
} from './review-items.ts';

const who = (c: Company, email: string): Span => {
  const m = findMember(c, email);
  return m ? memberRef(m) : plain(email);
};

/** What became of one item, in words. */
function outcome(c: Company, item: ReviewItem): Text {
  const note = item.note ? [plain(` (${item.note})`)] : [];
  if (item.decision === 'undecided') return [plain('undecided'), ...note];
  const verb = item.decision === 'keep' ? '✅ kept' : '⛔ removed';
  if (!item.decidedBy) return [plain(verb), ...note];
  return [plain(`${verb} by `), who(c, item.decidedBy), plain(' at '), timeAt(item.decidedAt ?? ''), ...note];
}

function itemLine(c: Company, item: ReviewItem): Block {
  return {
    kind: 'text',
    text: [
      who(c, item.email),
      plain(': '),
      strong(roleName(item.role)),
      plain(' — '),
      ...outcome(c, item),
      ...(item.escalated ? [plain(' · no other reviewer, so a Company Admin reviews it')] : []),
    ],
  };
}

/** The buttons a reviewer may press on one item now: only undecided items of an open review. */
function itemActions(c: Company, r: AccessReview, item: ReviewItem, reviewer: string): Action[] {
  if (r.status !== 'open' || item.decision !== 'undecided' || !mayDecide(c, item, reviewer)) return [];
  const args = { id: r.id, item: String(item.n) };
  const keep: Action = {
    label: 'Keep',
    command: { name: 'review decide', args: { ...args, decision: 'keep' } },
    style: 'primary',
  };
  if (cannotRemove(c, item)) return [keep];
  return [
    keep,
    {
      label: 'Remove',
      command: { name: 'review decide', args: { ...args, decision: 'remove' } },
      style: 'danger',
      confirm: `Remove ${roleName(item.role)} from ${findMember(c, item.email)?.name ?? item.email}? This revokes it now.`,
    },
  ];
}

/** One reviewer's card, page by page: each page is its own message so every button stays within reach. */
export function reviewCard(c: Company, r: AccessReview, reviewer: string, page: number): View {
  const pages = pagesFor(c, r, reviewer);
  const items = pages[page - 1] ?? [];
  const title = `Access review ${r.id}${pages.length > 1 ? ` (part ${page} of ${pages.length})` : ''}`;
  const head: Block =
    r.status === 'open'
      ? textBlock(
          'Who holds what on ',
          strong(scopeName(r.scope)),
          '. Keep or remove each person; due ',
          timeAt(r.dueAt),
          '. Started by ',
          who(c, r.startedBy),
          '.',
        )
      : textBlock(
          'This review of ',
          strong(scopeName(r.scope)),
          ' closed at ',
          timeAt(r.closedAt ?? r.dueAt),
          '.',
        );
  const blocks: Block[] = [head];
  for (const item of items) {
    blocks.push(itemLine(c, item));
    const blocked = r.status === 'open' && item.decision === 'undecided' ? cannotRemove(c, item) : null;
    if (blocked) blocks.push(textBlock(`Cannot be removed: ${blocked}.`));
    const actions = itemActions(c, r, item, reviewer);
    if (actions.length) blocks.push({ kind: 'actions', actions });
  }
  const open = items.filter((i) => i.decision === 'undecided' && mayDecide(c, i, reviewer));
  if (r.status === 'open' && open.length > 1)
    blocks.push({
      kind: 'actions',
      actions: [
        {
          label: `Keep all ${open.length} undecided`,
          command: { name: 'review keep-all', args: { id: r.id, page: String(page) } },
          style: 'primary',
        },
      ],
    });
  return view(blocks, { title, audience: 'conversation' });
}

/** decided / total per reviewer, and what nobody can review. */
function progressRows(c: Company, r: AccessReview, now: Date): Text[][] {
  const overdue = r.status === 'open' && r.dueAt <= now.toISOString();
  const items = itemsOf(c, r);
  const rows = reviewersOf(c, r).map((email) => {
    const mine = items.filter((i) => i.reviewers.includes(email));
    const decided = mine.filter((i) => i.decision !== 'undecided').length;
    const late = overdue && decided < mine.length;
    const state =
      decided === mine.length ? 'done' : r.status === 'closed' ? 'closed' : late ? 'overdue' : 'waiting';
    return [[who(c, email)], text(`${decided} / ${mine.length}`), text(state)];
  });
  const orphans = items.filter((i) => i.reviewers.length === 0);
  if (orphans.length)
    rows.push([
      text('nobody'),
      text(`${orphans.filter((i) => i.decision !== 'undecided').length} / ${orphans.length}`),
      text('needs a Company Admin'),
    ]);
  return rows;
}

/** `review status ID`: the review's progress. */
export function statusView(c: Company, r: AccessReview, now: Date): View {
  const items = itemsOf(c, r);
  const decided = items.filter((i) => i.decision !== 'undecided').length;
  const overdue = r.status === 'open' && r.dueAt <= now.toISOString();
  const removed = items.filter((i) => i.decision === 'remove').length;
  return view(
    [
      {
        kind: 'fields',
        fields: [
          ['Scope', text(scopeName(r.scope))],
          ['Started', text(who(c, r.startedBy), ' at ', timeAt(r.startedAt))],
          ['Due', text(timeAt(r.dueAt), overdue ? ' (overdue)' : '')],
          [
            'Status',
            r.status === 'open'
              ? text('open')
              : text('closed at ', timeAt(r.closedAt ?? r.dueAt), `: ${count(removed, 'role')} removed`),
          ],
          ['Decided', text(`${decided} of ${items.length}`)],
        ],
      },
      { kind: 'table', columns: ['Reviewer', 'Decided', 'State'], rows: progressRows(c, r, now) },
    ],
    { title: `Access review ${r.id}` },
  );
}

// What time does to access reviews: reviewers with undecided items are reminded, and at the due date it closes.

import type { CommandContext } from '../commands/command.ts';
import { removeRole } from '../commands/reviews/remove-role.ts';
import { findMember } from '../domain/company.ts';
import type { AccessReview, Company, StoreData } from '../domain/schemas.ts';
import type { Tx } from '../store/store.ts';
import { count } from '../views/plural.ts';
import { strong, textBlock, timeAt, view } from '../views/view.ts';
import { CHATS_ONLY, enqueue } from './outbox.ts';
import {
  cannotRemove,
  cardUpdates,
  changedSince,
  itemsOf,
  mayDecide,
  reviewersOf,
  scopeName,
} from './review-items.ts';

/** Reviewers with undecided items hear about it this often until the due date. */
export const REVIEW_REMIND_MS = 3 * 86_400_000;

/** Everything due in `c`'s reviews at `now`; returns how many reviews changed. */
export function reviewsDue(draft: StoreData, tx: Tx, c: Company, now: Date): number {
  let n = 0;
  const at = now.toISOString();
  // Only open reviews are drafted: closed ones stay as they are, however many there are.
  for (const r of c.reviews.filter((x) => x.status === 'open')) {
    if (r.dueAt <= at) {
      close(draft, tx, c, r, now);
      n++;
    } else if (r.nextReminderAt && r.nextReminderAt <= at) {
      remind(draft, c, r, now);
      n++;
    }
  }
  return n;
}

function remind(draft: StoreData, c: Company, r: AccessReview, now: Date) {
  r.reminders += 1;
  const next = now.getTime() + REVIEW_REMIND_MS;
  if (next < Date.parse(r.dueAt)) r.nextReminderAt = new Date(next).toISOString();
  else delete r.nextReminderAt;
  const items = itemsOf(c, r);
  for (const email of reviewersOf(c, r)) {
    const waiting = items.filter((i) => i.decision === 'undecided' && mayDecide(c, i, email));
    if (!waiting.length) continue;
    const mine = items.filter((i) => i.reviewers.includes(email)).length;
    // The key holds the reminder's number: a tick run again (a restart, another replica) queues nothing new.
    enqueue(
      draft,
      c.id,
      {
        key: `review:${r.id}:remind:${r.reminders}:${email}`,
        to: { kind: 'member', email },
        content: {
          kind: 'view',
          view: view([
            textBlock(
              'Reminder: access review ',
              strong(r.id),
              ` of ${scopeName(r.scope)} waits for your decision on ${waiting.length} of ${count(mine, 'role')}; due `,
              timeAt(r.dueAt),
              '.',
            ),
            textBlock(
              'Use the Keep and Remove buttons on its card (',
              strong(`review show ${r.id}`),
              ' draws it again).',
            ),
          ]),
        },
        reason: `reminder: ${r.id} waits for you`,
      },
      now,
    );
  }
}

/** Undecided items stay, unless `review.revoke-undecided` says to revoke them (through `revoke`'s rules). */
function close(draft: StoreData, tx: Tx, c: Company, r: AccessReview, now: Date) {
  const at = now.toISOString();
  const ctx: CommandContext = {
    caller: { kind: 'unknown', chat: 'system', companyId: c.id, reason: `the due date of ${r.id}` },
    company: c,
    data: draft,
    now,
    audit: (e) => tx.audit({ ...e, companyId: c.id, at, actor: 'system', chat: 'system' }),
    enqueue: (item) => void enqueue(draft, c.id, item, now),
    // Nothing this close says is answered to a person; what it queues goes the outbox's usual way.
    reach: CHATS_ONLY,
  };
  const revoke = c.settings.reviewRevokeUndecided;
  let revoked = 0;
  let stayed = 0;
  const items = itemsOf(c, r);
  for (const item of items.filter((i) => i.decision === 'undecided')) {
    const blocked = revoke ? cannotRemove(c, item) : null;
    if (!revoke || blocked) {
      item.note = blocked ? `stayed at the due date: ${blocked}` : 'stayed: undecided at the due date';
      stayed++;
      continue;
    }
    const changed = changedSince(c, item);
    if (changed) {
      item.note = `undecided at the due date; ${changed}, so nothing was revoked`;
      stayed++;
      continue;
    }
    const result = removeRole(ctx, item);
    if (!result.ok) {
      item.note = 'stayed at the due date: the revocation was refused';
      stayed++;
      continue;
    }
    item.decision = 'remove';
    item.decidedAt = at;
    item.note = 'revoked at the due date: nobody decided';
    revoked++;
    for (const [i, notice] of (result.notices ?? []).entries())
      enqueue(
        draft,
        c.id,
        {
          key: `review:${r.id}:revoked:${item.n}:${i}`,
          to: { kind: 'member', email: notice.to.email },
          content: { kind: 'view', view: notice.view },
          reason: notice.reason,
        },
        now,
      );
  }
  const kept = items.filter((i) => i.decision === 'keep').length;
  const removed = items.filter((i) => i.decision === 'remove' && i.decidedBy).length;
  r.status = 'closed';
  r.closedAt = at;
  delete r.nextReminderAt;
  r.version += 1;
  const summary = { kept, removed, undecided: stayed + revoked, revokedUndecided: revoked };
  tx.audit({
    companyId: c.id,
    at,
    actor: 'system',
    chat: 'system',
    action: 'review.close',
    target: r.id,
    ...(r.scope.kind === 'infra' ? { infra: r.scope.infra } : {}),
    before: { status: 'open' },
    after: { status: 'closed', ...summary },
  });
  for (const item of cardUpdates(c, r)) enqueue(draft, c.id, item, now);
  if (!findMember(c, r.startedBy)) return;
  const undecided =
    stayed + revoked === 0
      ? 'Every role was decided.'
      : revoke
        ? `${count(stayed + revoked, 'role')} undecided: ${revoked} revoked (review.revoke-undecided is on)${stayed ? `, ${stayed} stayed` : ''}.`
        : `${count(stayed, 'role')} undecided stayed (review.revoke-undecided is off).`;
  enqueue(
    draft,
    c.id,
    {
      key: `review:${r.id}:closed:${r.startedBy}`,
      to: { kind: 'member', email: r.startedBy },
      content: {
        kind: 'view',
        view: view([
          textBlock(
            'Access review ',
            strong(r.id),
            ` of ${scopeName(r.scope)} closed at its due date: ${kept} kept, ${removed} removed by reviewers.`,
          ),
          textBlock(undecided),
        ]),
      },
      reason: 'you started this access review',
    },
    now,
  );
}

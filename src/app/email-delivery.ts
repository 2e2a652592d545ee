// The outbox's email channel: which items go by email, what each says (written when sent), and who hears of a failure.
import { findMember } from '../domain/company.ts';
import { outboxIndex, outboxNoticeKey } from '../domain/indexes.ts';
import type { OutboxItem, StoreData } from '../domain/schemas.ts';
import { code, memberRef, textBlock, view } from '../views/view.ts';
import { type EmailContent, invitationEmail, noticeEmail } from '../workflow/emails.ts';
import { emailKey } from '../workflow/invitation-message.ts';
import { enqueue } from '../workflow/outbox.ts';
import { acceptUrl } from './accept-link.ts';
import type { SignedLinks } from './signed-links.ts';

/** An email to write now, or why the item has nothing left to say (its invitation is settled). */
export type EmailJob = { to: string; content: EmailContent } | { settled: string };

export const SETTLED = 'the invitation was accepted, cancelled or sent again before this email went out';

/**
 * For an item addressed to an email: the invitation as it stands now, with a link signed now. For a
 * member's notice: the email to fall back on when no chat reaches them, unless the notice has its own
 * email item (an invitation), which would say it twice.
 */
export function emailJob(
  draft: StoreData,
  item: OutboxItem,
  links: SignedLinks | null,
  now: Date,
): { job?: EmailJob; fallback?: EmailJob } {
  const c = draft.companies.find((x) => x.id === item.companyId);
  if (!c) return {};
  if (item.to.kind === 'email') {
    if (item.content.kind !== 'invitation') {
      if (item.content.kind !== 'view') return { job: { settled: 'nothing to email' } };
      return { job: { to: item.to.email, content: noticeEmail(c.name, item.content.view, item.reason) } };
    }
    const m = findMember(c, item.content.email);
    const inv = m?.invitation;
    if (m?.status !== 'pending' || inv?.invitedAt !== item.content.invitedAt)
      return { job: { settled: SETTLED } };
    const url =
      links && inv && Date.parse(inv.expiresAt) > now.getTime() ? acceptUrl(links, c.id, m.email, inv) : null;
    return { job: { to: item.to.email, content: invitationEmail(c, m, url) } };
  }
  if (item.to.kind !== 'member' || item.content.kind !== 'view') return {};
  if (outboxIndex.all(draft.outbox, [outboxNoticeKey(c.id, emailKey(item.key))]).length) return {};
  return { fallback: { to: item.to.email, content: noticeEmail(c.name, item.content.view, item.reason) } };
}

/** An invitation email that could not be delivered: the inviter was promised they would hear of it. */
export function tellInviter(draft: StoreData, item: OutboxItem, error: string, now: Date) {
  if (item.content.kind !== 'invitation') return;
  const c = draft.companies.find((x) => x.id === item.companyId);
  const m = c && findMember(c, item.content.email);
  const inviter = m?.invitation?.invitedBy;
  if (!c || !m || !inviter || !findMember(c, inviter)) return;
  enqueue(
    draft,
    c.id,
    {
      key: `${item.key}:failed`,
      to: { kind: 'member', email: inviter },
      content: {
        kind: 'view',
        view: view(
          [
            textBlock('The invitation email to ', memberRef(m), ' could not be delivered: ', error, '.'),
            textBlock(
              'They can still accept by writing ',
              code('accept'),
              ' to the bot. Check the address, or send it again: ',
              code(`resend ${m.email}`),
              '.',
            ),
          ],
          { tone: 'error' },
        ),
      },
      reason: 'an invitation email you sent failed',
    },
    now,
  );
}

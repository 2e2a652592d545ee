// The direct message an invited person gets where a chat finds them: who invited them, and an Accept button.
import { describeRoles, findMember } from '../domain/company.ts';
import type { Company, Member } from '../domain/schemas.ts';
import { type Block, code, memberRef, strong, textBlock, timeAt, view } from '../views/view.ts';
import type { NewOutboxItem, Reach } from './outbox.ts';

/** The key of an invitation's own email item, beside its chat item's key. */
export const emailKey = (chatKey: string) => `${chatKey}:email`;

export function invitationMessage(c: Company, m: Member): NewOutboxItem {
  const inv = m.invitation;
  const by = findMember(c, inv?.invitedBy ?? '')?.name ?? inv?.invitedBy ?? 'an admin';
  return {
    key: `invite:${m.email}:${inv?.invitedAt ?? ''}`,
    to: { kind: 'member', email: m.email },
    content: {
      kind: 'view',
      view: view(
        [
          textBlock(`${by} invited you to the `, strong(c.name), ' Customer Portal team.'),
          textBlock(
            'Your roles: ',
            describeRoles(m),
            '. The invitation expires on ',
            timeAt(inv?.expiresAt ?? '', 'date'),
            '.',
          ),
          {
            kind: 'actions',
            actions: [
              { label: 'Accept invitation', command: { name: 'accept', args: {} }, style: 'primary' },
            ],
          },
        ],
        { title: 'You are invited' },
      ),
    },
    reason: 'you were invited to the team',
    // Waits for a chat to reach them as long as the invitation can be accepted, not the usual 3 days.
    ...(inv ? { giveUpAt: inv.expiresAt } : {}),
  };
}

/** The same invitation by email (written when sent, with its link), when email is configured. */
export function invitationEmailItem(chat: NewOutboxItem, m: Member): NewOutboxItem {
  return {
    key: emailKey(chat.key),
    to: { kind: 'email', email: m.email },
    content: { kind: 'invitation', email: m.email, invitedAt: m.invitation?.invitedAt ?? '' },
    reason: 'invitation email',
  };
}

/** Queues the invitation on every channel there is; returns what the answer may honestly say about it. */
export function queueInvitation(
  enqueue: (item: NewOutboxItem) => void,
  reach: Reach,
  c: Company,
  m: Member,
): Block {
  const chat = invitationMessage(c, m);
  enqueue(chat);
  if (reach.email) {
    enqueue(invitationEmailItem(chat, m));
    return textBlock(
      'The invitation email to ',
      memberRef(m),
      ' is queued',
      reach.links ? ' (with a link to accept)' : '',
      "; you'll be told if it fails. See ",
      code('notifications'),
      ' for its delivery.',
    );
  }
  // Nothing has left the bot yet, and without email nothing may: say when they will see it, not "sent".
  return textBlock(
    'No email is configured, so ',
    memberRef(m),
    ' will see the invitation when they first write to the bot (sooner, by direct message, if Slack or Teams finds them by their email).',
  );
}

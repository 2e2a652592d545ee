// The direct message an invited person gets where a chat finds them: who invited them, and an Accept button.
import { describeRoles, findMember } from '../domain/company.ts';
import type { Company, Member } from '../domain/schemas.ts';
import { strong, textBlock, timeAt, view } from '../views/view.ts';
import type { NewOutboxItem } from './outbox.ts';

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
  };
}

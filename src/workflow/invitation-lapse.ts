// Invitations running out: the inviter is reminded a day before, and told when one lapses unaccepted.
import { isDraft, original } from 'immer';
import { activeCompanyAdmins, findMember } from '../domain/company.ts';
import type { Company, Member, StoreData } from '../domain/schemas.ts';
import type { Caller } from '../policy/caller.ts';
import { authorize } from '../policy/capabilities.ts';
import { authorizeResend } from '../policy/resend.ts';
import { type Block, code, memberRef, textBlock, timeAt, view } from '../views/view.ts';
import { enqueue } from './outbox.ts';

const DAY = 24 * 3_600_000;
export const REMIND_BEFORE_MS = DAY;
/**
 * How long after the lapse the inviter may still be told (a bot that was down). Shorter than the outbox keeps
 * delivered items (14 days), so the item's key, which makes each message once, is still there to ask.
 */
export const TELL_LAPSE_WITHIN_MS = 7 * DAY;

type Stage = 'remind' | 'lapsed';

/** Who hears of it: the inviter while they are on the team, else the Company Admins. */
function inviters(c: Company, m: Member): Member[] {
  const by = findMember(c, m.invitation?.invitedBy ?? '');
  return by?.status === 'active' ? [by] : activeCompanyAdmins(c);
}

const asCaller = (c: Company, m: Member): Caller => ({
  kind: 'member',
  chat: 'system',
  companyId: c.id,
  email: m.email,
});

function message(c: Company, m: Member, to: Member, stage: Stage): Block[] {
  const at = m.invitation?.expiresAt ?? '';
  const said =
    stage === 'remind'
      ? textBlock(
          'The invitation of ',
          memberRef(m),
          ' expires on ',
          timeAt(at),
          ' and has not been accepted yet.',
        )
      : textBlock('The invitation of ', memberRef(m), ' expired on ', timeAt(at), ' without being accepted.');
  // Buttons only for what its reader may do: the inviter may have lost the roles it needs since.
  const me = asCaller(c, to);
  const resend = authorizeResend(c, me, m).allowed;
  const cancel = authorize(c, me, 'remove-people').allowed;
  if (!resend && !cancel) return [said];
  return [
    said,
    ...(resend ? [textBlock('To give them 7 more days: ', code(`resend ${m.email}`), '.')] : []),
    {
      kind: 'actions',
      actions: [
        ...(resend
          ? [
              {
                label: 'Resend invitation',
                command: { name: 'resend', args: { email: m.email } },
                style: 'primary' as const,
              },
            ]
          : []),
        ...(cancel
          ? [
              {
                label: 'Cancel invitation',
                command: { name: 'cancel-invite', args: { email: m.email } },
                style: 'danger' as const,
                confirm: `Cancel the invitation of ${m.email}?`,
              },
            ]
          : []),
      ],
    },
  ];
}

/**
 * Queues what is due for the company's pending invitations; returns how many messages it queued. Each is
 * queued once per invitation (its key names the invitation's `invitedAt`), however often this runs and on
 * however many replicas: the outbox refuses a key it holds.
 */
export function invitationLapses(draft: StoreData, c: Company, now: Date): number {
  let n = 0;
  const t = now.getTime();
  // Read on the base, not the draft: drafting every member on every tick would copy the team for nothing.
  const base = isDraft(c) ? (original(c) ?? c) : c;
  for (const m of base.members) {
    const inv = m.invitation;
    if (m.status !== 'pending' || !inv) continue;
    const expires = Date.parse(inv.expiresAt);
    const stage: Stage | null =
      t >= expires
        ? t < expires + TELL_LAPSE_WITHIN_MS
          ? 'lapsed'
          : null
        : t >= expires - REMIND_BEFORE_MS
          ? 'remind'
          : null;
    if (!stage) continue;
    for (const to of inviters(base, m)) {
      const whose =
        to.email === inv.invitedBy ? 'an invitation you sent' : 'an invitation whose sender left the team';
      if (
        enqueue(
          draft,
          c.id,
          {
            key: `invite:${m.email}:${inv.invitedAt}:${stage}:${to.email}`,
            to: { kind: 'member', email: to.email },
            content: {
              kind: 'view',
              view: view(message(base, m, to, stage), {
                title: stage === 'remind' ? 'An invitation expires tomorrow' : 'An invitation lapsed',
              }),
            },
            reason: stage === 'remind' ? `${whose} expires in a day` : `${whose} lapsed`,
          },
          now,
        )
      )
        n++;
    }
  }
  return n;
}

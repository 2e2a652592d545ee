// Access requests: who may decide them, how the change reads, the card, and where its copies go.
import { activeCompanyAdmins, findMember, infraAdmins } from '../domain/company.ts';
import { formatDuration } from '../domain/durations.ts';
import type { AccessRequest, Company, Member, StoreData } from '../domain/schemas.ts';
import type { Caller } from '../policy/caller.ts';
import { authorize, type Decision } from '../policy/capabilities.ts';
import { isBroken } from '../policy/rule-switch.ts';
import { count } from '../views/plural.ts';
import {
  type Action,
  type Block,
  memberRef,
  plain,
  type Span,
  strong,
  text,
  textBlock,
  timeAt,
  type View,
  view,
} from '../views/view.ts';
import { targetName, timedGrantOf } from './grants.ts';
import type { NewOutboxItem } from './outbox.ts';

/** Who may decide: exactly those who could make the grant themselves. */
const capabilityOf = (r: Pick<AccessRequest, 'kind' | 'infra'>) =>
  r.kind === 'company-admin'
    ? ({ cap: 'manage-company-admins' } as const)
    : ({ cap: 'manage-infra-roles', scope: r.infra } as const);

export function eligibleApprovers(c: Company, r: AccessRequest): Member[] {
  const pool =
    r.kind === 'company-admin'
      ? activeCompanyAdmins(c)
      : [...activeCompanyAdmins(c), ...infraAdmins(c, r.infra ?? '')];
  const seen = new Set<string>();
  return pool.filter((m) => m.email !== r.requester && !seen.has(m.email) && seen.add(m.email));
}

export type DecisionAction = 'approve' | 'deny';

/**
 * The presser may decide if they could grant it and are not the requester; approving also needs
 * them not to have approved already. Buttons are offered from this same answer, so every offer can be taken.
 */
export function authorizeDecision(
  c: Company | undefined,
  caller: Caller,
  r: AccessRequest | undefined,
  action: DecisionAction = 'approve',
): Decision {
  if (!r || !c) return authorize(c, caller, 'browse');
  const { cap, scope } = { scope: undefined, ...capabilityOf(r) };
  const d = authorize(c, caller, cap, scope);
  if (!d.allowed || caller.kind === 'unknown') return d;
  const others = () =>
    eligibleApprovers(c, r)
      .filter((m) => m.email !== caller.email && !r.approvals.some((a) => a.by === m.email))
      .map((m) => ({ name: m.name, email: m.email }));
  if (caller.email === r.requester && !isBroken('no-self-approval'))
    return {
      allowed: false,
      capability: cap,
      rule: 'nobody approves or denies their own request',
      couldInstead: others(),
    };
  if (
    action === 'approve' &&
    r.status === 'pending' &&
    r.approvals.some((a) => a.by === caller.email) &&
    approvalsStillNeeded(c, r) > 0
  )
    return {
      allowed: false,
      capability: cap,
      rule: `you already approved ${r.id}; it waits for ${count(approvalsStillNeeded(c, r), 'more approval')} from someone else`,
      couldInstead: others(),
    };
  // Approving would be refused once the requester holds what was asked for good (made Infra Admin since they
  // asked for access): so it is neither offered nor taken; Deny still closes the request.
  const requester = action === 'approve' && r.status === 'pending' ? findMember(c, r.requester) : undefined;
  if (
    requester &&
    r.kind === 'access' &&
    !r.forMs &&
    requester.roles[r.infra ?? ''] === 'admin' &&
    !timedGrantOf(c, requester.email, 'infra-admin', r.infra)
  )
    return {
      allowed: false,
      capability: cap,
      rule: `${requester.name} is already Infra Admin of ${r.infra}, which includes access: deny ${r.id} to close it`,
      couldInstead: [],
    };
  return d;
}

/**
 * How many more approvals the request needs: its number, or the people who can still approve it if fewer
 * (the quorum always fits the eligible approvers, also after one leaves). Only approvals of people who
 * could still decide count (a removed or demoted approver's is dropped).
 */
export function approvalsStillNeeded(c: Company, r: AccessRequest): number {
  if (isBroken('quorum-fits')) return Math.max(0, r.required - r.approvals.length);
  const eligible = new Set(eligibleApprovers(c, r).map((m) => m.email));
  const counted = r.approvals.filter((a) => eligible.has(a.by)).length;
  return Math.max(0, Math.min(r.required, eligible.size) - counted);
}

export function previewLine(c: Company, r: AccessRequest): Span[] {
  const m = findMember(c, r.requester);
  const who = m ? memberRef(m) : plain(r.requester);
  const span = r.forMs ? `, for ${formatDuration(r.forMs)}` : '';
  return text(who, `: ${r.was} -> `, strong(targetName(r.kind, r.infra)), span);
}

const statusLine = (c: Company, r: AccessRequest): Block => {
  const by = (email: string) => findMember(c, email)?.name ?? email;
  switch (r.status) {
    case 'pending': {
      const waiting = eligibleApprovers(c, r).filter((m) => !r.approvals.some((a) => a.by === m.email));
      const needed = approvalsStillNeeded(c, r);
      // Approvers left since it was filed and those still here all approved: any of them may finish it.
      if (needed === 0)
        return textBlock(
          'It has every approval it can still get; any approver may press Approve to grant it. Expires ',
          timeAt(r.expiresAt),
          '.',
        );
      return {
        kind: 'text',
        text: text(
          `Waiting for ${count(needed, 'more approval')}`,
          ...(waiting.length
            ? [needed < waiting.length ? ' from any of ' : ' from ', ...peopleList(waiting)]
            : []),
          '; expires ',
          timeAt(r.expiresAt),
          '.',
        ),
      };
    }
    case 'approved':
      return textBlock(
        '✅ Approved by ',
        strong(r.approvals.map((a) => by(a.by)).join(' and ')),
        ' at ',
        timeAt(r.decision?.at ?? r.expiresAt),
        r.decision?.reason ? `: ${r.decision.reason}` : '.',
      );
    case 'denied':
      return textBlock(
        '⛔ Denied by ',
        strong(by(r.decision?.by ?? '')),
        ' at ',
        timeAt(r.decision?.at ?? r.expiresAt),
        r.decision?.reason ? `: ${r.decision.reason}` : '.',
      );
    case 'expired':
      return textBlock('⌛ Expired at ', timeAt(r.expiresAt), ' without a decision; nothing changed.');
    case 'cancelled':
      // Withdrawn by someone else: the requester was removed from the team (workflow/removal.ts).
      return r.decision && r.decision.by !== r.requester
        ? textBlock(
            'Withdrawn: the requester was removed from the team by ',
            strong(by(r.decision.by)),
            '; nothing changed.',
          )
        : textBlock('Cancelled by the requester; nothing changed.');
  }
};

const peopleList = (list: Member[]): Span[] =>
  list.flatMap((m, i) => (i ? [plain(', '), memberRef(m)] : [memberRef(m)]));

/**
 * The request card, rendered from current state each time it is sent or updated. For one viewer (a
 * card in their DM, or their Review), it offers exactly the decisions authorizeDecision would accept
 * from them. A card many people see (a channel post, or any copy updated in place) offers Review (the
 * `decide` command), which any member may press and which answers them alone with their own choices.
 */
export function requestCard(c: Company, r: AccessRequest, viewer?: Caller): View {
  const approvers = eligibleApprovers(c, r);
  const blocks: Block[] = [
    { kind: 'text', text: previewLine(c, r) },
    {
      kind: 'fields',
      fields: [
        ['Reason', text(r.reason)],
        [
          'Approvals',
          text(
            r.status === 'pending'
              ? `${r.approvals.length} of ${r.approvals.length + approvalsStillNeeded(c, r)}`
              : // Approved with as many as were needed then: fewer than configured when the quorum shrank.
                r.status === 'approved'
                ? `${r.approvals.length} of ${r.approvals.length}`
                : `${r.approvals.length} of ${r.required}`,
          ),
        ],
        ['Who can decide', approvers.length ? peopleList(approvers) : text('nobody yet')],
      ],
    },
    statusLine(c, r),
  ];
  if (r.status === 'pending') {
    const actions: Action[] = [];
    if (!viewer) actions.push({ label: 'Review', command: { name: 'decide', args: { id: r.id } } });
    else {
      if (authorizeDecision(c, viewer, r, 'approve').allowed)
        actions.push({
          label: 'Approve',
          command: { name: 'approve', args: { id: r.id } },
          style: 'primary',
        });
      if (authorizeDecision(c, viewer, r, 'deny').allowed)
        actions.push({
          label: 'Deny',
          command: { name: 'deny', args: { id: r.id } },
          style: 'danger',
          confirm: `Deny ${r.id}?`,
        });
    }
    if (actions.length) blocks.push({ kind: 'actions', actions });
  }
  return view(blocks, { title: `Access request ${r.id}`, audience: viewer ? 'caller' : 'conversation' });
}

/** Where the card goes: the infrastructure's approvals channel, else the company's, per chat; else DMs to approvers. */
export function postTargets(data: Readonly<StoreData>, c: Company, r: AccessRequest): NewOutboxItem[] {
  // Per chat: the infrastructure's channel on that chat, else the company's (a channel switched off is absent).
  const own = r.infra ? c.settings.infraApprovalsChannels[r.infra] : undefined;
  const channels = {
    slack: own?.slack ?? c.settings.approvalsChannel.slack,
    teams: own?.teams ?? c.settings.approvalsChannel.teams,
  };
  const items: NewOutboxItem[] = [];
  const content = { kind: 'request', requestId: r.id } as const;
  const reason = r.infra ? `approvals for ${r.infra}` : 'Company Admin approvals';
  if (channels.slack)
    items.push({
      key: `request:${r.id}:post:slack`,
      to: { kind: 'channel', target: { platform: 'slack', channel: channels.slack } },
      content,
      reason,
    });
  const teams =
    channels.teams &&
    data.conversations.find((x) => x.companyId === c.id && x.ref.conversationId === channels.teams);
  if (teams)
    items.push({
      key: `request:${r.id}:post:teams`,
      to: { kind: 'channel', target: { platform: 'teams', conversation: { ...teams.ref } } },
      content,
      reason,
    });
  if (items.length) return items;
  return eligibleApprovers(c, r).map((m) => ({
    key: `request:${r.id}:dm:${m.email}`,
    to: { kind: 'member', email: m.email },
    content,
    reason: `you can approve ${targetName(r.kind, r.infra)}`,
  }));
}

/** After any change of state: every posted copy is updated, the decision goes in its thread, the requester is told. */
export function afterStateChange(c: Company, r: AccessRequest, salt?: string): NewOutboxItem[] {
  // `salt` tells apart changes that end in a state seen before (an approval dropped, then given again).
  const stamp = `${r.status}:${r.approvals.length}${salt ? `:${salt}` : ''}`;
  const content = { kind: 'request', requestId: r.id } as const;
  const items: NewOutboxItem[] = r.messages.map((ref, i) => ({
    key: `request:${r.id}:update:${i}:${stamp}`,
    to: { kind: 'message', ref },
    op: 'update',
    content,
    reason: 'the request changed',
  }));
  if (r.status === 'pending') return items;
  const outcome = view([statusLine(c, r)]);
  for (const [i, ref] of r.messages.entries())
    items.push({
      key: `request:${r.id}:thread:${i}:${r.status}`,
      to: { kind: 'message', ref },
      op: 'reply',
      content: { kind: 'view', view: outcome },
      reason: 'the request was decided',
    });
  items.push({
    key: `request:${r.id}:requester:${r.status}`,
    to: { kind: 'member', email: r.requester },
    content: {
      kind: 'view',
      view: view([
        textBlock(`Your request ${r.id}: `),
        { kind: 'text', text: previewLine(c, r) },
        statusLine(c, r),
      ]),
    },
    reason: 'you asked for this',
  });
  return items;
}

// Conversation references for proactive messages: remembered per member (personal chat) and per channel.

import { findMember } from '../domain/company.ts';
import type { ConversationRef, StoreData } from '../domain/schemas.ts';
import { commit, rollback, type Store } from '../store/store.ts';
import { dueNow } from '../workflow/outbox.ts';
import type { DirectTarget } from './chat-port.ts';
import { type Identity, resolveIn } from './identity.ts';

/**
 * Upserts the reference; writes only when something changed, so every incoming message does not cost a write.
 * A personal chat is kept for a known member only; a channel for the company its tenant maps to.
 */
export async function rememberConversation(
  store: Store,
  who: Identity | null,
  ref: ConversationRef,
  now: Date,
) {
  return store.transaction((draft) => {
    const company = draft.companies.find((c) => c.teamsTenantIds.includes(ref.tenantId));
    if (!company) return rollback(false);
    let memberEmail: string | undefined;
    if (ref.scope === 'personal') {
      if (!who) return rollback(false);
      const caller = resolveIn(draft, who).caller;
      if (caller.kind !== 'member' && caller.kind !== 'pending') return rollback(false);
      memberEmail = caller.email;
    }
    const same = (x: StoreData['conversations'][number]) =>
      x.companyId === company.id &&
      (memberEmail
        ? x.memberEmail === memberEmail
        : !x.memberEmail && x.ref.conversationId === ref.conversationId);
    const existing = draft.conversations.find(same);
    if (existing && JSON.stringify(existing.ref) === JSON.stringify(ref)) return rollback(false);
    // Messages waiting for this member to become reachable go out now.
    if (memberEmail) dueNow(draft, company.id, memberEmail, now);
    // Updated where it stands, so the change is this one reference, not the whole list.
    if (existing) {
      existing.ref = ref;
      existing.updatedAt = now.toISOString();
    } else
      draft.conversations.push({
        companyId: company.id,
        ...(memberEmail ? { memberEmail } : {}),
        ref,
        updatedAt: now.toISOString(),
      });
    return commit(true);
  });
}

/** How each chat can reach a member: bound identities and a remembered personal conversation. */
export function directTarget(
  data: Readonly<StoreData>,
  companyId: string,
  email: string,
): DirectTarget | undefined {
  const company = data.companies.find((c) => c.id === companyId);
  const m = company && findMember(company, email);
  if (!company || !m) return undefined;
  const slack = m.identities.find((i) => i.platform === 'slack');
  const conv = data.conversations.find((x) => x.companyId === companyId && x.memberEmail === m.email);
  return {
    companyId,
    email: m.email,
    slackTeamIds: [...company.slackTeamIds],
    ...(slack?.platform === 'slack' ? { slack: { teamId: slack.teamId, userId: slack.userId } } : {}),
    ...(conv ? { teams: { conversation: { ...conv.ref } } } : {}),
  };
}

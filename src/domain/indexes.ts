// The key of every stored entity, and the indexes look-ups use: members by email, chat identity and role.
import { CollectionIndex } from './collection-index.ts';
import type {
  AccessRequest,
  AccessReview,
  ChatIdentity,
  Company,
  Member,
  OutboxItem,
  ReviewItem,
  StoredConversation,
  Subscription,
  SupportCase,
  SupportContact,
  TimedGrant,
} from './schemas.ts';

export const identityKey = (i: ChatIdentity): string =>
  i.platform === 'slack' ? `slack:${i.teamId}:${i.userId}` : `teams:${i.tenantId}:${i.aadObjectId}`;

/** Secondary keys of a member: `id:<identity>`, `role:<infra>:<admin|member>`, `company-admin`, `security`. */
export const memberKeys = (m: Member): string[] => [
  ...m.identities.map((i) => `id:${identityKey(i)}`),
  ...Object.entries(m.roles).map(([infra, role]) => `role:${infra}:${role}`),
  ...(m.companyAdmin ? ['company-admin'] : []),
  ...(m.security ? ['security'] : []),
];

/** Whether a member has one secondary key, without listing them all. */
function memberHas(m: Member, k: string): boolean {
  if (k === 'company-admin') return m.companyAdmin;
  if (k === 'security') return m.security !== undefined;
  if (k.startsWith('role:')) {
    const cut = k.lastIndexOf(':');
    return m.roles[k.slice(5, cut)] === k.slice(cut + 1);
  }
  return m.identities.some((i) => `id:${identityKey(i)}` === k);
}

export const memberIndex = new CollectionIndex<Member>({
  key: (m) => m.email.toLowerCase(),
  secondary: memberKeys,
  hasSecondary: memberHas,
});
export const contactIndex = new CollectionIndex<SupportContact>({ key: (k) => k.email.toLowerCase() });
export const caseIndex = new CollectionIndex<SupportCase>({ key: (k) => k.id });
export const requestIndex = new CollectionIndex<AccessRequest>({ key: (r) => r.id });
export const reviewIndex = new CollectionIndex<AccessReview>({ key: (r) => r.id });
/** Review items by `RV-1001#3`, and by their review (`review:RV-1001`). */
export const reviewItemIndex = new CollectionIndex<ReviewItem>({
  key: (i) => `${i.review}#${i.n}`,
  secondary: (i) => [`review:${i.review}`],
});
export const subscriptionIndex = new CollectionIndex<Subscription>({ key: (s) => s.id });
/** A member holds at most one time-bound grant per kind and infrastructure. */
export const grantIndex = new CollectionIndex<TimedGrant>({
  key: (g) => JSON.stringify([g.email, g.kind, g.infra ?? null]),
});
export const companyIndex = new CollectionIndex<Company>({ key: (c) => c.id });

/** Outbox items by id, and by (company, notice key): each notice reaches each recipient once. */
export const outboxNoticeKey = (companyId: string, key: string) => `${companyId}\n${key}`;
export const outboxIndex = new CollectionIndex<OutboxItem>({
  key: (x) => x.id,
  secondary: (x) => [outboxNoticeKey(x.companyId, x.key)],
});

/** A member's personal chat, or a channel: one reference each per company. */
export const conversationIndex = new CollectionIndex<StoredConversation>({
  key: (x) =>
    JSON.stringify(
      x.memberEmail ? [x.companyId, 'member', x.memberEmail] : [x.companyId, 'channel', x.ref.conversationId],
    ),
});

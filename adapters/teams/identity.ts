// Who a Teams user is: the connector's member record (email or UPN, Entra object id, role); guests need a link.
import { z } from 'zod';
import type { Identity } from '../../src/app/identity.ts';

/** getMember's answer; the REST API says `objectId`, some clients `aadObjectId`: both are read. */
const MemberSchema = z.looseObject({
  id: z.string().optional(),
  objectId: z.string().min(1).optional(),
  aadObjectId: z.string().min(1).optional(),
  email: z.string().nullish(),
  userPrincipalName: z.string().nullish(),
  tenantId: z.string().nullish(),
  userRole: z.string().nullish(),
});

const EMAILISH = /^[^\s@]+@[^\s@]+$/;

/**
 * The identity a member record vouches for. `tenantId` and `aadObjectId` come from the (authenticated)
 * activity; the connector's own object id wins over the activity's and must agree with it. The display
 * name is never read.
 */
export function identityOf(
  tenantId: string,
  activityAadObjectId: string | undefined,
  member: unknown,
): Identity {
  const parsed = MemberSchema.safeParse(member);
  const m = parsed.success ? parsed.data : {};
  const objectId = m.objectId ?? m.aadObjectId;
  const aadObjectId = objectId ?? activityAadObjectId ?? '';
  const rawEmail = (m.email || m.userPrincipalName || '').trim().toLowerCase();
  const refused = !parsed.success
    ? 'Teams did not say who you are'
    : !aadObjectId
      ? 'your Teams account has no Microsoft Entra ID'
      : objectId && activityAadObjectId && objectId !== activityAadObjectId
        ? 'Teams gave two different accounts for you'
        : m.tenantId && m.tenantId !== tenantId
          ? 'your account belongs to another Microsoft Teams organisation'
          : m.userRole === 'anonymous'
            ? 'anonymous users cannot use this'
            : undefined;
  return {
    chat: 'teams',
    tenantId,
    aadObjectId: aadObjectId || 'unknown',
    email: EMAILISH.test(rawEmail) ? rawEmail : null,
    ...(refused ? { refused } : {}),
    // Guests are strangers unless a Company Admin linked them; the core decides with its links.
    ...(m.userRole === 'guest' ? { guest: true } : {}),
  };
}

/** Short enough that a member turned guest or removed stops acting within a minute. */
export const IDENTITY_TTL_MS = 60_000;

/** Remembers identities for a minute, per tenant and Teams user id, so a burst of presses asks Teams once. */
export function identityCache(now: () => number = Date.now) {
  const cache = new Map<string, { identity: Identity; until: number }>();
  return {
    async get(key: string, lookup: () => Promise<Identity>, fresh = false): Promise<Identity> {
      const hit = cache.get(key);
      if (hit && hit.until > now() && !fresh) return hit.identity;
      const identity = await lookup();
      cache.set(key, { identity, until: now() + IDENTITY_TTL_MS });
      if (cache.size > 10_000) cache.delete(cache.keys().next().value as string);
      return identity;
    },
  };
}

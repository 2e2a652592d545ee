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

/** A change may share a getMember call for the same account only if that call started this recently. */
export const SHARE_CALL_MS = 1000;

/**
 * Remembers identities for a minute, per tenant and Teams user id, so a burst of presses asks Teams once;
 * and lets one person's concurrent commands share a getMember call already under way.
 */
export function identityCache(now: () => number = Date.now) {
  const cache = new Map<string, { identity: Identity; until: number }>();
  const asking = new Map<string, { answer: Promise<Identity>; since: number }>();
  return {
    async get(key: string, lookup: () => Promise<Identity>, fresh = false): Promise<Identity> {
      const hit = cache.get(key);
      if (hit && hit.until > now() && !fresh) return hit.identity;
      // For a change (`fresh`) a shared call is still a fresh answer, never a remembered one: Teams wrote
      // it after the call was sent, at most SHARE_CALL_MS before this change arrived (see the Slack
      // adapter's identity.ts). Older calls are not joined; a read, which may use a minute-old answer, joins any.
      const under = asking.get(key);
      if (under && (!fresh || now() - under.since <= SHARE_CALL_MS)) return under.answer;
      const answer = lookup().then((identity) => {
        cache.set(key, { identity, until: now() + IDENTITY_TTL_MS });
        if (cache.size > 10_000) cache.delete(cache.keys().next().value as string);
        return identity;
      });
      const entry = { answer, since: now() };
      asking.set(key, entry);
      const done = () => {
        if (asking.get(key) === entry) asking.delete(key);
      };
      answer.then(done, done);
      return answer;
    },
  };
}

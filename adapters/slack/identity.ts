// Who a Slack user is: users.info's profile email, trusted only when Slack confirmed it; guests and strangers are refused.
import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { Identity } from '../../src/app/identity.ts';

const UserSchema = z.object({
  id: z.string(),
  team_id: z.string().optional(),
  deleted: z.boolean().optional(),
  is_bot: z.boolean().optional(),
  is_restricted: z.boolean().optional(),
  is_ultra_restricted: z.boolean().optional(),
  is_stranger: z.boolean().optional(),
  is_email_confirmed: z.boolean().optional(),
  profile: z.object({ email: z.string().optional() }).optional(),
});
const UsersInfoSchema = z.object({ ok: z.literal(true), user: UserSchema });

/** Short enough that a deactivated or demoted account stops acting within a minute. */
export const IDENTITY_TTL_MS = 60_000;

/** `fresh` skips the cache: a decision is made on what Slack says about the account at that moment. */
export type IdentityLookup = (teamId: string, userId: string, fresh?: boolean) => Promise<Identity>;

/** A change may share a users.info call for the same account only if that call started this recently. */
export const SHARE_CALL_MS = 1000;

export function slackIdentities(client: App['client'], now: () => number = Date.now): IdentityLookup {
  const cache = new Map<string, { identity: Identity; until: number }>();
  const asking = new Map<string, { answer: Promise<Identity>; since: number }>();

  async function ask(key: string, teamId: string, userId: string): Promise<Identity> {
    const info = UsersInfoSchema.parse(await client.users.info({ user: userId }));
    const u = info.user;
    const refused = u.deleted
      ? 'your Slack account is deactivated'
      : u.is_bot
        ? 'bots cannot use this'
        : u.is_stranger || (u.team_id !== undefined && u.team_id !== teamId)
          ? 'your account belongs to another Slack workspace'
          : undefined;
    const email = u.is_email_confirmed === true && u.profile?.email ? u.profile.email.toLowerCase() : null;
    // Guests are strangers unless a Company Admin linked them; the core decides with its links.
    const guest = u.is_restricted === true || u.is_ultra_restricted === true;
    const identity: Identity = {
      chat: 'slack',
      teamId,
      userId,
      email,
      ...(refused ? { refused } : {}),
      ...(guest ? { guest } : {}),
    };
    cache.set(key, { identity, until: now() + IDENTITY_TTL_MS });
    if (cache.size > 10_000) cache.delete(cache.keys().next().value as string);
    return identity;
  }

  return async (teamId, userId, fresh = false) => {
    const key = `${teamId}:${userId}`;
    const hit = cache.get(key);
    if (hit && hit.until > now() && !fresh) return hit.identity;
    // One person's concurrent commands share a users.info call that is already under way. For a change
    // (`fresh`) this is still a fresh answer, never a remembered one: Slack writes it after the call was
    // sent, so it describes the account as of a moment after the call started, which is at most
    // SHARE_CALL_MS before this change arrived (a call of its own would describe it a moment after). A
    // deactivation Slack took before answering is seen either way. Older calls are not joined; a read,
    // which may use a minute-old answer, joins any.
    const under = asking.get(key);
    if (under && (!fresh || now() - under.since <= SHARE_CALL_MS)) return under.answer;
    const answer = ask(key, teamId, userId);
    const entry = { answer, since: now() };
    asking.set(key, entry);
    const done = () => {
      if (asking.get(key) === entry) asking.delete(key);
    };
    answer.then(done, done);
    return answer;
  };
}

// From a chat identity to a caller: bound platform ids first, then the platform-verified email, bound on first match.

import { findMember, memberByIdentity, sameEmail } from '../domain/company.ts';
import type { ChatIdentity, Company, Member, StoreData } from '../domain/schemas.ts';
import type { Caller } from '../policy/caller.ts';
import { commit, rollback, type Store } from '../store/store.ts';
import { dueNow } from '../workflow/outbox.ts';

export type Identity =
  /** The local console: whoever runs it on the machine that owns the store says who they are. */
  | { chat: 'console'; email: string; companyId?: string }
  /**
   * `email` only when the platform vouches for it (Slack is_email_confirmed; Teams email or UPN); else null.
   * `refused` says why the platform account may not act at all (deactivated, a stranger), whatever it is bound to.
   * `guest`: the platform calls it a guest; it acts only through a link a Company Admin made (`link-guest`).
   */
  | { chat: 'slack'; teamId: string; userId: string; email: string | null; refused?: string; guest?: boolean }
  | {
      chat: 'teams';
      tenantId: string;
      aadObjectId: string;
      email: string | null;
      refused?: string;
      guest?: boolean;
      /**
       * Teams local mode: no token was checked, so nobody vouched for this account. It may act (on this
       * machine only) by its email, but is never bound: a forged id must not stay attached to a member.
       */
      unverified?: true;
    };

const asChatIdentity = (id: Identity): ChatIdentity | undefined =>
  id.chat === 'slack'
    ? { platform: 'slack', teamId: id.teamId, userId: id.userId }
    : id.chat === 'teams'
      ? { platform: 'teams', tenantId: id.tenantId, aadObjectId: id.aadObjectId }
      : undefined;

const sameIdentity = (a: ChatIdentity, b: ChatIdentity) =>
  a.platform === 'slack' && b.platform === 'slack'
    ? a.teamId === b.teamId && a.userId === b.userId
    : a.platform === 'teams' && b.platform === 'teams'
      ? a.tenantId === b.tenantId && a.aadObjectId === b.aadObjectId
      : false;

/** Same workspace (Slack team) or tenant: a member may hold one identity there. */
const sameWorkspace = (a: ChatIdentity, b: ChatIdentity) =>
  a.platform === 'slack' && b.platform === 'slack'
    ? a.teamId === b.teamId
    : a.platform === 'teams' && b.platform === 'teams'
      ? a.tenantId === b.tenantId
      : false;

const fromMember = (company: Company, m: Member, chat: Caller['chat']): Caller => ({
  kind: m.status === 'active' ? 'member' : 'pending',
  chat,
  companyId: company.id,
  email: m.email,
});

type Resolution = { caller: Caller; bind?: { companyId: string; email: string; identity: ChatIdentity } };

export function resolveIn(data: Readonly<StoreData>, id: Identity): Resolution {
  if (id.chat === 'console') {
    const matches = data.companies.filter(
      (c) =>
        (!id.companyId || c.id === id.companyId) &&
        (findMember(c, id.email) || c.contacts.some((k) => sameEmail(k.email, id.email))),
    );
    const company = matches[0];
    if (!company)
      return { caller: { kind: 'unknown', chat: 'console', reason: `${id.email} is not on any team here` } };
    if (matches.length > 1)
      return {
        caller: {
          kind: 'unknown',
          chat: 'console',
          reason: `${id.email} is in several companies (${matches.map((c) => c.id).join(', ')}); choose one with --company`,
        },
      };
    const m = findMember(company, id.email);
    return {
      caller: m
        ? fromMember(company, m, 'console')
        : { kind: 'contact', chat: 'console', companyId: company.id, email: id.email.toLowerCase() },
    };
  }
  const chatId = asChatIdentity(id) as ChatIdentity;
  const company = data.companies.find((c) =>
    id.chat === 'slack' ? c.slackTeamIds.includes(id.teamId) : c.teamsTenantIds.includes(id.tenantId),
  );
  const where = id.chat === 'slack' ? 'this Slack workspace' : 'this Microsoft Teams tenant';
  if (!company)
    return { caller: { kind: 'unknown', chat: id.chat, reason: `${where} is not connected to a company` } };
  const unknown = (reason: string): Resolution => ({
    caller: { kind: 'unknown', chat: id.chat, companyId: company.id, reason },
  });
  // A guest or deactivated account acts for nobody, even one bound to a member before.
  if (id.refused) return unknown(id.refused);
  const bound = memberByIdentity(company, chatId);
  if (id.guest) {
    const linked = bound?.identities.some((x) => sameIdentity(x, chatId) && x.linkedBy);
    return bound && linked
      ? { caller: fromMember(company, bound, id.chat) }
      : unknown('guest accounts act only once a Company Admin links them (link-guest EMAIL slack|teams ID)');
  }
  if (bound) return { caller: fromMember(company, bound, id.chat) };
  if (!id.email) return unknown(`your chat account has no verified email address that ${company.name} knows`);
  const m = findMember(company, id.email);
  if (m) {
    if (m.identities.some((x) => sameWorkspace(x, chatId)))
      return unknown(`${m.email} is already linked to another account in ${where}`);
    const caller = fromMember(company, m, id.chat);
    if (id.chat === 'teams' && id.unverified) return { caller };
    return { caller, bind: { companyId: company.id, email: m.email, identity: chatId } };
  }
  if (company.contacts.some((k) => sameEmail(k.email, id.email ?? '')))
    return {
      caller: {
        kind: 'contact',
        chat: id.chat,
        companyId: company.id,
        email: (id.email ?? '').toLowerCase(),
      },
    };
  return unknown(`${id.email} is not on the ${company.name} team`);
}

/** Resolves, and on a first match binds the platform id to the member (audited), re-checked inside the write. */
export async function resolveCaller(store: Store, id: Identity, now: Date): Promise<Caller> {
  const first = await store.read((data) => resolveIn(data, id));
  if (!first.bind) return first.caller;
  return store.transaction((draft, tx) => {
    const again = resolveIn(draft, id);
    const bind = again.bind;
    if (!bind) return rollback(again.caller);
    const company = draft.companies.find((c) => c.id === bind.companyId);
    const m = company && findMember(company, bind.email);
    if (!m) return rollback(again.caller);
    m.identities.push(bind.identity);
    // Their first message: an invitation (or notice) waiting for a chat to reach them goes out now.
    dueNow(draft, bind.companyId, m.email, now);
    tx.audit({
      companyId: bind.companyId,
      at: now.toISOString(),
      actor: m.email,
      chat: id.chat,
      action: 'identity.link',
      target: m.email,
      before: null,
      after: bind.identity,
    });
    return commit(again.caller);
  });
}

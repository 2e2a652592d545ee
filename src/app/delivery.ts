// The outbox worker: claims due messages, delivers each through the chats that can reach the recipient, records the outcome.
import { recipientAsCaller, takeableOnly, viewerContext } from '../commands/offers.ts';
import { outboxIndex } from '../domain/indexes.ts';
import type { Company, OutboxItem, StoreData } from '../domain/schemas.ts';
import { commit, exclusively, rollback, type Store } from '../store/store.ts';
import { textBlock, type View, view } from '../views/view.ts';
import { fallBackToDirectMessages } from '../workflow/channel-fallback.ts';
import { enqueue } from '../workflow/outbox.ts';
import { requestCard } from '../workflow/requests.ts';
import { reviewCard } from '../workflow/review-card.ts';
import { cardContent, findReview } from '../workflow/review-items.ts';
import { tick } from '../workflow/scheduler.ts';
import type { ChatPort, Delivery, DirectTarget, MessageRef } from './chat-port.ts';
import type { Clock } from './clock.ts';
import { directTarget } from './conversations.ts';
import { type EmailJob, emailJob, SETTLED, tellInviter } from './email-delivery.ts';
import { forOnePass, type Mailer } from './mailer.ts';
import type { SignedLinks } from './signed-links.ts';

export type DeliveryDeps = {
  store: Store;
  clock: Clock;
  ports: readonly ChatPort[];
  log: (event: string, detail?: Record<string, unknown>) => void;
  /** Email, when SMTP_URL is set: invitations, and notices for members no chat reaches. */
  mailer?: Mailer | undefined;
  /** Signed links for invitation emails, when LINK_SECRET is set. */
  links?: SignedLinks | null | undefined;
};

export const MAX_ATTEMPTS = 8;
/** A claimed item not finished by then (the process died mid-delivery) is claimed again. */
export const CLAIM_TIMEOUT_MS = 2 * 60_000;
export const UNREACHABLE = 'no chat reaches this member yet (not linked in Slack or Teams)';
/** How often, and for how long, a message waits for its recipient to become reachable on some chat. */
export const UNREACHABLE_RETRY_MS = 10 * 60_000;
export const UNREACHABLE_GIVE_UP_MS = 3 * 24 * 60 * 60_000;
export const backoffMs = (attempt: number) => Math.min(5_000 * 2 ** Math.max(0, attempt - 1), 60 * 60_000);

type Job = {
  item: OutboxItem;
  view: View;
  /** The request's state when its card was rendered, to notice a decision made while it was being sent. */
  stamp?: string;
  direct?: DirectTarget;
  /** An item addressed to an email: what to write. */
  email?: EmailJob;
  /** A member's notice: the email to send when no chat reaches them (only with a mailer). */
  fallback?: EmailJob;
};
/** Email has no message to update later, so a delivery by email carries no ref. */
type Sent = { ok: true; ref?: MessageRef } | Extract<Delivery, { ok: false }>;
type Result = { id: string; delivery: Sent; via?: 'slack' | 'teams' | 'email'; stamp?: string };

const stampOf = (c: Company, requestId: string) => {
  const r = c.requests.find((x) => x.id === requestId);
  return r ? `${r.status}:${r.approvals.length}` : 'gone';
};

const reviewStamp = (c: Company, reviewId: string) => {
  const r = findReview(c, reviewId);
  return r ? `review:${r.version}` : 'gone';
};

function render(data: StoreData, item: OutboxItem, now: Date): { view: View; stamp?: string } {
  if (item.content.kind === 'view') {
    // A message to one person offers only what that person may take when it reaches them.
    const c = data.companies.find((x) => x.id === item.companyId);
    if (item.to.kind !== 'member' || !c) return { view: item.content.view };
    const ctx = viewerContext(data, c, recipientAsCaller(c, item.to.email), now);
    return { view: takeableOnly(ctx, item.content.view) };
  }
  if (item.content.kind === 'review') {
    const { reviewId, reviewer, page } = item.content;
    const c = data.companies.find((x) => x.id === item.companyId);
    const r = findReview(c, reviewId);
    if (!c || !r) return { view: view([textBlock(`Access review ${reviewId} no longer exists.`)]) };
    return { view: reviewCard(c, r, reviewer, page), stamp: reviewStamp(c, reviewId) };
  }
  // Written as an email at claim time (emailJob); chats never get this kind.
  if (item.content.kind === 'invitation') return { view: view([]) };
  const { requestId } = item.content;
  const c = data.companies.find((x) => x.id === item.companyId);
  const r = c?.requests.find((x) => x.id === requestId);
  if (!c || !r) return { view: view([textBlock(`Request ${requestId} no longer exists.`)]) };
  // A card in one member's DM offers what that member may decide; a shared or updated copy offers Review.
  const viewer =
    item.to.kind === 'member'
      ? ({ kind: 'member', chat: 'system', companyId: c.id, email: item.to.email } as const)
      : undefined;
  return { view: requestCard(c, r, viewer), stamp: stampOf(c, requestId) };
}

/** Step 1: claim what is due, in one write, so two workers (or a restart) never send the same claim twice. */
async function claim(deps: DeliveryDeps, limit: number): Promise<Job[]> {
  const now = deps.clock.now();
  const at = now.toISOString();
  return deps.store.transaction((draft) => {
    const due = draft.outbox
      .filter((x) => (x.status === 'pending' || x.status === 'sending') && x.nextAttemptAt <= at)
      .slice(0, limit);
    if (!due.length) return rollback([]);
    const jobs: Job[] = due.map((item) => {
      item.status = 'sending';
      item.attempts += 1;
      item.nextAttemptAt = new Date(now.getTime() + CLAIM_TIMEOUT_MS).toISOString();
      const rendered = render(draft, item, now);
      const direct =
        item.to.kind === 'member' ? directTarget(draft, item.companyId, item.to.email) : undefined;
      const mail = emailJob(draft, item, deps.links ?? null, now);
      return {
        item,
        ...rendered,
        ...(direct ? { direct } : {}),
        ...(mail.job ? { email: mail.job } : {}),
        ...(deps.mailer && mail.fallback ? { fallback: mail.fallback } : {}),
      };
    });
    // Plain copies: nothing of the transaction's draft may outlive it.
    return commit(JSON.parse(JSON.stringify(jobs)) as Job[]);
  });
}

/** Step 2: talk to the chats, outside any transaction. A member is reached on the first chat that can. */
async function send(deps: DeliveryDeps, job: Job): Promise<Result> {
  const { item } = job;
  const byEmail = async (mail: EmailJob): Promise<Result> => {
    if ('settled' in mail) return done({ ok: false, retryable: false, error: mail.settled });
    if (!deps.mailer)
      return done({ ok: false, retryable: false, error: 'email is not configured (SMTP_URL)' });
    return done(await deps.mailer.send({ to: mail.to, ...mail.content }), 'email');
  };
  const port = (p: 'slack' | 'teams') => deps.ports.find((x) => x.platform === p);
  const attempt = async (fn: () => Promise<Delivery>): Promise<Delivery> => {
    try {
      return await fn();
    } catch (e) {
      return { ok: false, retryable: true, error: String((e as Error)?.message ?? e).slice(0, 200) };
    }
  };
  function done(delivery: Sent, via?: Result['via']): Result {
    return {
      id: item.id,
      delivery,
      ...(via ? { via } : {}),
      ...(job.stamp ? { stamp: job.stamp } : {}),
    };
  }
  const to = item.to;
  if (to.kind === 'email') return byEmail(job.email ?? { settled: 'nothing to email' });
  if (to.kind === 'member') {
    const d = job.direct;
    if (!d) return done({ ok: false, retryable: false, error: 'the recipient is no longer on the team' });
    // Chats the member is known on come first; the others may still find them by email.
    const order = [...deps.ports].sort((a, b) => Number(known(d, b.platform)) - Number(known(d, a.platform)));
    // Nobody reachable yet is not a failure yet: the member may open a chat with the bot later.
    let last: Delivery = {
      ok: false,
      retryable: true,
      error: UNREACHABLE,
      retryAfterMs: UNREACHABLE_RETRY_MS,
    };
    let retry: Delivery | undefined;
    for (const p of order) {
      const r = await attempt(() => p.sendDirect(d, job.view));
      if (r.ok) return done(r, p.platform);
      if (r.retryable) retry ??= r;
      else if (r.error !== 'unreachable') last = r;
    }
    // No chat reaches them yet: email says it now, rather than waiting for them to write to the bot.
    if (!retry && last.error === UNREACHABLE && job.fallback) return byEmail(job.fallback);
    return done(retry ?? last);
  }
  const platform = to.kind === 'channel' ? to.target.platform : to.ref.platform;
  const p = port(platform);
  if (!p) return done({ ok: false, retryable: false, error: `${platform} is not configured` });
  if (to.kind === 'channel') return done(await attempt(() => p.sendChannel(to.target, job.view)), platform);
  if (item.op === 'update') return done(await attempt(() => p.update(to.ref, job.view)), platform);
  const reply = p.reply?.bind(p);
  if (!reply) return done({ ok: false, retryable: false, error: `${platform} cannot reply in a thread` });
  return done(await attempt(() => reply(to.ref, job.view)), platform);
}

const known = (d: DirectTarget, platform: 'slack' | 'teams') =>
  platform === 'slack' ? d.slack !== undefined : d.teams !== undefined;

/** Step 3: record outcomes; delivered request cards are remembered so later decisions update them. */
async function record(deps: DeliveryDeps, results: Result[]) {
  const now = deps.clock.now();
  await deps.store.transaction((draft) => {
    for (const res of results) {
      const item = outboxIndex.get(draft.outbox, res.id);
      if (item?.status !== 'sending') continue;
      const d = res.delivery;
      if (d.ok) {
        item.status = 'delivered';
        item.deliveredAt = now.toISOString();
        if (res.via) item.deliveredVia = res.via;
        delete item.lastError;
        if (item.content.kind === 'request' && item.op === 'send' && d.ref)
          rememberCard(draft, item, item.content.requestId, d.ref, res.stamp, now);
        if (item.content.kind === 'review' && item.op === 'send' && d.ref)
          rememberReviewCard(draft, item, item.content, d.ref, res.stamp, now);
      } else if (
        d.retryable &&
        (d.error === UNREACHABLE
          ? now.getTime() <
            (item.giveUpAt ? Date.parse(item.giveUpAt) : Date.parse(item.createdAt) + UNREACHABLE_GIVE_UP_MS)
          : item.attempts < MAX_ATTEMPTS)
      ) {
        item.status = 'pending';
        item.lastError = d.error.slice(0, 300);
        item.nextAttemptAt = new Date(
          now.getTime() + (d.retryAfterMs ?? backoffMs(item.attempts)),
        ).toISOString();
      } else {
        item.status = 'failed';
        item.lastError = d.error.slice(0, 300);
        deps.log('notice-failed', { id: item.id, error: item.lastError });
        // A request card the approvals channel cannot take: its approvers get it by DM instead.
        if (d.notInChannel) fallBackToDirectMessages(draft, item, d.error, now);
        if (item.to.kind === 'email' && d.error !== SETTLED) tellInviter(draft, item, item.lastError, now);
      }
    }
    return commit(null);
  });
}

function rememberCard(
  draft: StoreData,
  item: OutboxItem,
  requestId: string,
  ref: MessageRef,
  stamp: string | undefined,
  now: Date,
) {
  const c = draft.companies.find((x) => x.id === item.companyId);
  const r = c?.requests.find((x) => x.id === requestId);
  if (!c || !r) return;
  // Reminders are fresh DMs, not copies to keep in step; only posted cards are tracked.
  if (item.key.includes(':remind:')) return;
  r.messages.push(ref);
  // Decided while this copy was on its way: bring it up to date at once.
  if (stamp && stamp !== stampOf(c, requestId))
    enqueue(
      draft,
      c.id,
      {
        key: `request:${r.id}:late:${r.messages.length - 1}:${stampOf(c, requestId)}`,
        to: { kind: 'message', ref },
        op: 'update',
        content: { kind: 'request', requestId },
        reason: 'the request changed while it was posted',
      },
      now,
    );
}

/** A delivered review card is kept, so decisions update it; one decided while on its way is updated at once. */
function rememberReviewCard(
  draft: StoreData,
  item: OutboxItem,
  content: { reviewId: string; reviewer: string; page: number },
  ref: MessageRef,
  stamp: string | undefined,
  now: Date,
) {
  const c = draft.companies.find((x) => x.id === item.companyId);
  const r = findReview(c, content.reviewId);
  if (!c || !r) return;
  r.cards.push({ reviewer: content.reviewer, page: content.page, ref });
  if (stamp && stamp !== reviewStamp(c, r.id))
    enqueue(
      draft,
      c.id,
      {
        key: `review:${r.id}:late:${r.cards.length - 1}:${r.version}`,
        to: { kind: 'message', ref },
        op: 'update',
        content: cardContent(r, content.reviewer, content.page),
        reason: 'the review changed while its card was on its way',
      },
      now,
    );
}

/** One pass: run the scheduler, then deliver what is due. Returns how many items were attempted. */
export async function runOnce(deps: DeliveryDeps, limit = 50): Promise<number> {
  const now = deps.clock.now();
  // Once across replicas: another replica ticking now does the same work (its effects are serialized anyway).
  await exclusively(deps.store, 'scheduler', () =>
    deps.store.transaction((draft, tx) => (tick(draft, tx, now) > 0 ? commit(null) : rollback(null))),
  );
  // One replica claims at a time (a replica finding another claiming leaves it the work); a claim is also a
  // transaction, so two claims of one item could never both succeed.
  const claimed = await exclusively(deps.store, 'outbox', () => claim(deps, limit));
  const jobs = claimed.ran ? claimed.value : [];
  if (!jobs.length) return 0;
  const results: Result[] = [];
  const pass = deps.mailer ? { ...deps, mailer: forOnePass(deps.mailer) } : deps;
  for (const job of jobs) results.push(await send(pass, job));
  await record(deps, results);
  return jobs.length;
}

/** The background loop; `kick()` runs a pass soon (after a command queued something). */
export function startDelivery(deps: DeliveryDeps, intervalMs = 5_000) {
  let running = false;
  let stopped = false;
  const pass = async () => {
    if (running || stopped) return;
    running = true;
    try {
      while ((await runOnce(deps)) > 0 && !stopped);
    } catch (e) {
      deps.log('delivery-pass-failed', { error: String((e as Error)?.message ?? e).slice(0, 200) });
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void pass(), intervalMs);
  timer.unref();
  return {
    kick: () => void setTimeout(() => void pass(), 10),
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      while (running) await new Promise((r) => setTimeout(r, 10));
    },
  };
}

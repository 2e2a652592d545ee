// Queuing messages in the store's outbox, in the same transaction as the change that caused them.
import { createHash, randomUUID } from 'node:crypto';
import { outboxIndex, outboxNoticeKey } from '../domain/indexes.ts';
import type { OutboxItem, StoreData } from '../domain/schemas.ts';

export type NewOutboxItem = Pick<OutboxItem, 'key' | 'to' | 'content' | 'reason' | 'giveUpAt'> & {
  op?: OutboxItem['op'];
  /** Not before this moment (a reminder); now by default. */
  notBefore?: string;
};

/** What the outbox can reach besides the chats, so answers say what will really happen to a message. */
export type Reach = { email: boolean; links: boolean };
export const CHATS_ONLY: Reach = { email: false, links: false };

/** The longest key stored as it is; the notice and request keys of long emails stay under the schema's 300. */
export const MAX_KEY = 200;

/**
 * A key that fits: a longer one keeps its start and ends with a hash of the whole, so two different long
 * keys never become the same one (cutting them short could make one look like the other).
 */
export function boundedKey(key: string): string {
  if (key.length <= MAX_KEY) return key;
  return `${key.slice(0, MAX_KEY - 65)}#${createHash('sha256').update(key).digest('hex')}`;
}

/** Adds an item unless one with the same key exists: each notice reaches each recipient once. */
export function enqueue(draft: StoreData, companyId: string, item: NewOutboxItem, now: Date): boolean {
  const key = boundedKey(item.key);
  if (outboxIndex.all(draft.outbox, [outboxNoticeKey(companyId, key)]).length) return false;
  const at = now.toISOString();
  draft.outbox.push({
    id: randomUUID(),
    companyId,
    key,
    to: item.to,
    op: item.op ?? 'send',
    content: item.content,
    reason: item.reason.slice(0, 300),
    status: 'pending',
    attempts: 0,
    nextAttemptAt: item.notBefore ?? at,
    createdAt: at,
    ...(item.giveUpAt ? { giveUpAt: item.giveUpAt } : {}),
  });
  return true;
}

/** A member just became reachable (wrote to the bot): what waits for them goes out on the next pass. */
export function dueNow(draft: StoreData, companyId: string, email: string, now: Date) {
  for (const x of draft.outbox)
    if (x.companyId === companyId && x.status === 'pending' && x.to.kind === 'member' && x.to.email === email)
      x.nextAttemptAt = now.toISOString();
}

/** Delivered items are kept a while for `notifications`, then forgotten so the file does not grow for ever. */
export const KEEP_DELIVERED_MS = 14 * 24 * 60 * 60 * 1000;

export function pruneOutbox(draft: StoreData, now: Date) {
  const cutoff = new Date(now.getTime() - KEEP_DELIVERED_MS).toISOString();
  const old = (x: OutboxItem) => x.status === 'delivered' && (x.deliveredAt ?? x.createdAt) < cutoff;
  if (draft.outbox.some(old)) draft.outbox = draft.outbox.filter((x) => !old(x));
}

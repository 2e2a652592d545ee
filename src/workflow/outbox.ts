// Queuing messages in the store's outbox, in the same transaction as the change that caused them.
import { randomUUID } from 'node:crypto';
import type { OutboxItem, StoreData } from '../domain/schemas.ts';

export type NewOutboxItem = Pick<OutboxItem, 'key' | 'to' | 'content' | 'reason'> & {
  op?: OutboxItem['op'];
  /** Not before this moment (a reminder); now by default. */
  notBefore?: string;
};

/** Adds an item unless one with the same key exists: each notice reaches each recipient once. */
export function enqueue(draft: StoreData, companyId: string, item: NewOutboxItem, now: Date): boolean {
  if (draft.outbox.some((x) => x.companyId === companyId && x.key === item.key)) return false;
  const at = now.toISOString();
  draft.outbox.push({
    id: randomUUID(),
    companyId,
    key: item.key,
    to: item.to,
    op: item.op ?? 'send',
    content: item.content,
    reason: item.reason.slice(0, 300),
    status: 'pending',
    attempts: 0,
    nextAttemptAt: item.notBefore ?? at,
    createdAt: at,
  });
  return true;
}

/** Delivered items are kept a while for `notifications`, then forgotten so the file does not grow for ever. */
export const KEEP_DELIVERED_MS = 14 * 24 * 60 * 60 * 1000;

export function pruneOutbox(draft: StoreData, now: Date) {
  const cutoff = new Date(now.getTime() - KEEP_DELIVERED_MS).toISOString();
  draft.outbox = draft.outbox.filter(
    (x) => x.status !== 'delivered' || (x.deliveredAt ?? x.createdAt) >= cutoff,
  );
}

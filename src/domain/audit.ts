// The hash-chained audit trail: appending an event and verifying that no event was changed or removed.
import { createHash } from 'node:crypto';
import type { AuditEvent, Chat, StoreData } from './schemas.ts';

export type AuditEntry = {
  companyId: string;
  at: string;
  actor: string;
  chat: Chat;
  action: string;
  target: string;
  infra?: string;
  before: unknown;
  after: unknown;
};

/** JSON with sorted keys, so the hash does not depend on how a store orders object keys. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function hashEvent(e: Omit<AuditEvent, 'hash'>): string {
  const { seq, companyId, at, actor, chat, action, target, infra, before, after, prevHash } = e;
  const body = canonicalJson({ seq, companyId, at, actor, chat, action, target, infra, before, after });
  return createHash('sha256').update(`${prevHash}\n${body}`).digest('hex');
}

/** Appends to the draft inside the same transaction as the change it records. */
export function appendAudit(draft: StoreData, entry: AuditEntry): AuditEvent {
  let prevHash = '';
  for (let i = draft.audit.length - 1; i >= 0; i--) {
    const e = draft.audit[i];
    if (e && e.companyId === entry.companyId) {
      prevHash = e.hash;
      break;
    }
  }
  const last = draft.audit[draft.audit.length - 1];
  const seq = (last?.seq ?? 0) + 1;
  // Round-trip through JSON so what is hashed is exactly what the file will hold.
  const before = entry.before === undefined ? null : JSON.parse(JSON.stringify(entry.before));
  const after = entry.after === undefined ? null : JSON.parse(JSON.stringify(entry.after));
  const partial = { ...entry, before, after, seq, prevHash };
  const event: AuditEvent = { ...partial, hash: hashEvent(partial) };
  draft.audit.push(event);
  return event;
}

export type ChainCheck =
  | { ok: true; events: number }
  | { ok: false; events: number; brokenAt: number; reason: 'hash-mismatch' | 'broken-link' };

/** Recomputes a company's chain; the first event whose hash or link does not hold is reported. */
export function verifyChain(audit: readonly AuditEvent[], companyId: string): ChainCheck {
  let prev = '';
  let count = 0;
  for (const e of audit) {
    if (e.companyId !== companyId) continue;
    count++;
    if (e.prevHash !== prev) return { ok: false, events: count, brokenAt: e.seq, reason: 'broken-link' };
    if (hashEvent(e) !== e.hash)
      return { ok: false, events: count, brokenAt: e.seq, reason: 'hash-mismatch' };
    prev = e.hash;
  }
  return { ok: true, events: count };
}

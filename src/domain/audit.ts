// The hash-chained audit trail: the next event from a company's chain head, and checking a chain as it streams by.
import { createHash } from 'node:crypto';
import type { AuditEvent, AuditHead, Chat } from './schemas.ts';

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

/** sha256 of the previous event's hash and this event's content: changing or removing any event breaks every later link. */
export function hashEvent(e: Omit<AuditEvent, 'hash'>): string {
  const { seq, companyId, at, actor, chat, action, target, infra, before, after } = e;
  const body = canonicalJson({ seq, companyId, at, actor, chat, action, target, infra, before, after });
  return createHash('sha256').update(`${e.prevHash}\n${body}`).digest('hex');
}

/** The event that follows `head` in the company's chain, and the head after it. */
export function chainAudit(head: AuditHead, entry: AuditEntry): { event: AuditEvent; head: AuditHead } {
  // Round-trip through JSON so what is hashed is exactly what the log will hold.
  const before = entry.before === undefined ? null : JSON.parse(JSON.stringify(entry.before));
  const after = entry.after === undefined ? null : JSON.parse(JSON.stringify(entry.after));
  const { infra, ...rest } = entry;
  const partial = { ...rest, ...(infra === undefined ? {} : { infra }), before, after };
  const linked = { ...partial, seq: head.seq + 1, prevHash: head.hash };
  const event: AuditEvent = { ...linked, hash: hashEvent(linked) };
  return { event, head: { seq: event.seq, hash: event.hash, count: head.count + 1 } };
}

export type ChainCheck =
  | { ok: true; events: number }
  | {
      ok: false;
      events: number;
      brokenAt: number;
      reason: 'hash-mismatch' | 'broken-link' | 'missing-events' | 'extra-events';
    };

/** Checks one company's events in order, one at a time, so a trail of any length verifies in constant memory. */
export class ChainVerifier {
  private prev = '';
  private count = 0;
  private lastSeq = 0;
  private broken: ChainCheck | null = null;

  /** Takes the next event; false once the chain is broken (the rest need not be read). */
  push(e: AuditEvent): boolean {
    if (this.broken) return false;
    this.count++;
    if (e.prevHash !== this.prev || e.seq <= this.lastSeq)
      this.broken = { ok: false, events: this.count, brokenAt: e.seq, reason: 'broken-link' };
    else if (hashEvent(e) !== e.hash)
      this.broken = { ok: false, events: this.count, brokenAt: e.seq, reason: 'hash-mismatch' };
    this.prev = e.hash;
    this.lastSeq = e.seq;
    return this.broken === null;
  }

  /** The verdict once every event was pushed; the chain must end where the company's head says. */
  result(head: AuditHead): ChainCheck {
    if (this.broken) return this.broken;
    if (this.count > head.count)
      return { ok: false, events: this.count, brokenAt: head.seq + 1, reason: 'extra-events' };
    if (this.count < head.count || this.prev !== head.hash)
      return { ok: false, events: this.count, brokenAt: this.lastSeq + 1, reason: 'missing-events' };
    return { ok: true, events: this.count };
  }
}

/** Checks a whole chain held in memory (tests, small exports). */
export function verifyChain(events: Iterable<AuditEvent>, head: AuditHead): ChainCheck {
  const v = new ChainVerifier();
  for (const e of events) if (!v.push(e)) break;
  return v.result(head);
}

// The audit log's reads (list, verify, all) over any source that can stream one company's events.
import { ChainVerifier } from '../domain/audit.ts';
import type { AuditEvent, AuditHead } from '../domain/schemas.ts';
import type { AuditLog, AuditQuery } from './store.ts';

/** Streams a company's events; null stands for an entry that could not be read (a damaged line). */
export interface AuditSource {
  scan(companyId: string, order: 'oldest-first' | 'newest-first'): AsyncIterable<AuditEvent | null>;
}

export const matchesQuery = (e: AuditEvent, q: Omit<AuditQuery, 'limit' | 'offset'>) =>
  (!q.infra || e.infra === q.infra) &&
  (!q.member || e.target === q.member || e.actor === q.member) &&
  (!q.since || e.at >= q.since);

/** `head` gives a company's chain head in the committed state (undefined: no such company). */
export function auditLogOver(
  source: AuditSource,
  head: (companyId: string) => AuditHead | undefined,
): AuditLog {
  return {
    async list(companyId, q) {
      const events: AuditEvent[] = [];
      const filtered = Boolean(q.member || q.infra || q.since);
      let total = 0;
      for await (const e of source.scan(companyId, 'newest-first')) {
        if (!e || !matchesQuery(e, q)) continue;
        if (total >= q.offset && events.length < q.limit) events.push(e);
        total++;
        // Unfiltered, the head already says how many there are: stop once the page is full.
        if (!filtered && events.length >= q.limit) break;
      }
      if (!filtered) total = Math.max(total, head(companyId)?.count ?? 0);
      return { events, total };
    },
    async verify(companyId) {
      const v = new ChainVerifier();
      let lastSeq = 0;
      let read = 0;
      for await (const e of source.scan(companyId, 'oldest-first')) {
        read++;
        if (!e) return { ok: false, events: read, brokenAt: lastSeq + 1, reason: 'hash-mismatch' };
        lastSeq = e.seq;
        if (!v.push(e)) break;
      }
      return v.result(head(companyId) ?? { seq: 0, hash: '', count: 0 });
    },
    async *all(companyId) {
      for await (const e of source.scan(companyId, 'oldest-first')) if (e) yield e;
    },
  };
}

/** The in-memory source: each company's events in an array (the memory store's log). */
export class MemoryAuditSource implements AuditSource {
  private readonly byCompany = new Map<string, AuditEvent[]>();

  append(events: readonly AuditEvent[]) {
    for (const e of events) {
      const list = this.byCompany.get(e.companyId) ?? [];
      list.push(e);
      this.byCompany.set(e.companyId, list);
    }
  }

  async *scan(companyId: string, order: 'oldest-first' | 'newest-first'): AsyncIterable<AuditEvent> {
    const list = [...(this.byCompany.get(companyId) ?? [])];
    if (order === 'newest-first') list.reverse();
    yield* list;
  }
}

// The audit log's reads as SQL over audit_events: filtered pages through its indexes, and the chain checked
// against the company's head in one snapshot, a batch at a time (constant memory).
import type pg from 'pg';
import { ChainVerifier } from '../../domain/audit.ts';
import {
  type AuditEvent,
  AuditEventSchema,
  type AuditHead,
  AuditHeadSchema,
  emptyAuditHead,
} from '../../domain/schemas.ts';
import type { AuditLog, AuditQuery } from '../store.ts';
import { inSnapshot } from './commit-fate.ts';
import { reasonOf } from './connect.ts';

const BATCH = 2_000;

/** Reading the log failed (the database is unreachable): nothing was changed, and a retry may work. */
export class AuditReadError extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`The audit log could not be read (${reason}). Nothing was changed; try again.`, options);
    this.name = 'AuditReadError';
  }
}

function filters(companyId: string, q: Omit<AuditQuery, 'limit' | 'offset'>) {
  const params: unknown[] = [companyId];
  const where = ['company_id = $1'];
  if (q.member) {
    params.push(q.member);
    where.push(`(target = $${params.length} OR actor = $${params.length})`);
  }
  if (q.infra) {
    params.push(q.infra);
    where.push(`infra = $${params.length}`);
  }
  if (q.since) {
    params.push(q.since);
    where.push(`at >= $${params.length}`);
  }
  return { where: where.join(' AND '), params };
}

async function reading<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new AuditReadError(reasonOf(error), { cause: error });
  }
}

/** Pages of a company's events from `after` (a seq), oldest first, on one client (one snapshot if it is in one). */
async function* pages(
  client: pg.ClientBase,
  companyId: string,
): AsyncIterable<Array<{ seq: number; doc: unknown }>> {
  let after = 0;
  for (;;) {
    const { rows } = await client.query<{ seq: number; doc: unknown }>(
      'SELECT seq, doc FROM audit_events WHERE company_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
      [companyId, after, BATCH],
    );
    if (!rows.length) return;
    yield rows;
    after = rows.at(-1)?.seq ?? after;
    if (rows.length < BATCH) return;
  }
}

/** A row's event; an event that no longer reads (changed outside the store) breaks the chain where it is. */
const eventOf = (doc: unknown): AuditEvent | null => {
  const parsed = AuditEventSchema.safeParse(doc);
  return parsed.success ? parsed.data : null;
};

export function pgAuditLog(pool: pg.Pool, open: () => void): AuditLog {
  return {
    list: (companyId, q) =>
      reading(async () => {
        open();
        const { where, params } = filters(companyId, q);
        const n = params.length;
        return inSnapshot(pool, async (client) => {
          const page = await client.query<{ doc: unknown }>(
            `SELECT doc FROM audit_events WHERE ${where} ORDER BY seq DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
            [...params, q.limit, q.offset],
          );
          const count = await client.query<{ total: number }>(
            `SELECT count(*)::integer AS total FROM audit_events WHERE ${where}`,
            params,
          );
          const events = page.rows.flatMap((r) => eventOf(r.doc) ?? []);
          return { events, total: count.rows[0]?.total ?? 0 };
        });
      }),
    verify: (companyId) =>
      reading(async () => {
        open();
        return inSnapshot(pool, async (client) => {
          const { rows } = await client.query<{ head: unknown }>(
            `SELECT doc->'auditHead' AS head FROM companies WHERE id = $1`,
            [companyId],
          );
          const parsedHead = AuditHeadSchema.safeParse(rows[0]?.head ?? emptyAuditHead());
          const head: AuditHead = parsedHead.success ? parsedHead.data : emptyAuditHead();
          const v = new ChainVerifier();
          let read = 0;
          for await (const page of pages(client, companyId))
            for (const row of page) {
              read++;
              const e = eventOf(row.doc);
              if (!e || e.seq !== row.seq || e.companyId !== companyId)
                return {
                  ok: false as const,
                  events: read,
                  brokenAt: row.seq,
                  reason: 'hash-mismatch' as const,
                };
              if (!v.push(e)) return v.result(head);
            }
          return v.result(head);
        });
      }),
    async *all(companyId) {
      open();
      const client = await reading(() => pool.connect());
      let failed: unknown;
      try {
        for await (const page of pages(client, companyId))
          for (const row of page) {
            const e = eventOf(row.doc);
            if (e) yield e;
          }
      } catch (error) {
        failed = error;
        throw new AuditReadError(reasonOf(error), { cause: error });
      } finally {
        client.release(failed instanceof Error ? failed : undefined);
      }
    },
  };
}

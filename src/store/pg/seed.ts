// Writing a whole state into an empty database: the seed of a new store, or a JSON store moved in.
import type pg from 'pg';
import { type AuditEvent, type StoreData, StoreDataSchema } from '../../domain/schemas.ts';
import { seenEntries } from '../../domain/seen.ts';
import type { ChangeSet } from '../changes.ts';
import { checkChanges } from '../check-changes.ts';
import { InvalidChangeError } from '../errors.ts';
import { upsertKeys, writeChanges } from './write-rows.ts';

/** The key of store_meta that says the store was created (seeded or imported), with when and how. */
export const CREATED = 'created';

/** Held while a replica looks at an empty store, so two starting together seed it once. */
export const SEED_LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtext('portal-store:create'))";

const AUDIT_BATCH = 5_000;

/** The whole state as a change set that puts everything. */
export const everything = (data: StoreData): ChangeSet => ({
  companies: { put: data.companies, patch: [], del: [] },
  outbox: { put: data.outbox, del: [] },
  conversations: { put: data.conversations, del: [] },
});

export async function isCreated(client: pg.ClientBase): Promise<boolean> {
  const { rows } = await client.query('SELECT 1 FROM store_meta WHERE key = $1', [CREATED]);
  return rows.length > 0;
}

/** Whether the store holds nothing at all: no company, message, conversation, request key or audit event. */
export async function isEmpty(client: pg.ClientBase): Promise<boolean> {
  const { rows } = await client.query<{ any: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM companies) OR EXISTS (SELECT 1 FROM outbox)
         OR EXISTS (SELECT 1 FROM conversations) OR EXISTS (SELECT 1 FROM request_keys)
         OR EXISTS (SELECT 1 FROM audit_events) AS any`,
  );
  return !rows[0]?.any;
}

/**
 * Writes `data` and its audit events (already chained) into the current transaction, checked first by the
 * schemas that read them back, and records how the store was created. The tables must be empty.
 */
export async function writeWhole(
  client: pg.ClientBase,
  data: StoreData,
  events: AsyncIterable<AuditEvent> | Iterable<AuditEvent>,
  how: Record<string, unknown>,
): Promise<{ events: number }> {
  const parsed = StoreDataSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidChangeError(
      issue?.path.map(String).join('.') || '(root)',
      issue?.message ?? 'is not valid',
    );
  }
  const changes = everything(parsed.data);
  const problem = checkChanges(changes, []);
  if (problem) throw new InvalidChangeError(problem.field, problem.problem);
  await writeChanges(client, changes, [], new Map(parsed.data.companies.map((c) => [c.id, 1])));
  await upsertKeys(client, Object.fromEntries(seenEntries(parsed.data.seen)), true);
  let batch: AuditEvent[] = [];
  let count = 0;
  const flush = async () => {
    const problem = checkChanges({}, batch);
    if (problem) throw new InvalidChangeError(problem.field, problem.problem);
    await writeChanges(client, {}, batch, new Map());
    count += batch.length;
    batch = [];
  };
  for await (const e of events) {
    batch.push(e);
    if (batch.length >= AUDIT_BATCH) await flush();
  }
  await flush();
  await client.query('INSERT INTO store_meta (key, value) VALUES ($1, $2)', [
    CREATED,
    JSON.stringify({ at: new Date().toISOString(), ...how }),
  ]);
  return { events: count };
}

// Reading the store's rows back into StoreData, every value checked by the schema that reads the JSON store.
import type pg from 'pg';
import type { z } from 'zod';
import {
  type Company,
  CompanySchema,
  emptyStoreData,
  IsoDateTime,
  type OutboxItem,
  OutboxItemSchema,
  type StoreData,
  type StoredConversation,
  StoredConversationSchema,
} from '../../domain/schemas.ts';
import { markSeen } from '../../domain/seen.ts';
import { COMPANY_COLLECTIONS, type CompanyCollection, companyCollectionIndex } from '../changes.ts';
import { freezeState } from '../freeze.ts';

/** Each company's version, as this replica last read or wrote it. */
export type Versions = Map<string, number>;

/** A row that does not read back. The store refuses it rather than guess, and changes nothing. */
export class PgDataError extends Error {
  constructor(
    readonly where: string,
    readonly problem: string,
  ) {
    super(
      `The PostgreSQL store holds a value that does not read back, at ${where}: ${problem}. Nothing was changed; correct that row, or restore the database from a backup.`,
    );
    this.name = 'PgDataError';
  }
}

type CompanyRow = { id: string; version: string; doc: Record<string, unknown> };
type EntityRow = { company_id: string; kind: CompanyCollection; pos: string; doc: unknown };
type DocRow = { doc: unknown };

function parse<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.length ? `.${issue.path.map(String).join('.')}` : '';
  throw new PgDataError(`${where}${path}`, issue?.message ?? 'is not valid');
}

/**
 * A company from its row and its entity rows; a problem is named by entity key, as an operator finds it.
 * `trusted` rows (checked-rows.ts) are taken as they are: the schemas checked them before they were written.
 */
function assemble(row: CompanyRow, entities: readonly EntityRow[], trusted = false): Company {
  if (row.doc?.id !== row.id)
    throw new PgDataError(
      `companies[${row.id}].doc.id`,
      `holds ${JSON.stringify(row.doc?.id)}, not the row's id`,
    );
  const company: Record<string, unknown> = { ...row.doc };
  for (const coll of COMPANY_COLLECTIONS) company[coll] = [];
  for (const e of entities) (company[e.kind] as unknown[]).push(e.doc);
  if (trusted) return company as Company;
  const parsed = CompanySchema.safeParse(company);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const [coll, index, ...rest] = issue?.path ?? [];
  let where = `companies[${row.id}]`;
  if (typeof coll === 'string' && (COMPANY_COLLECTIONS as readonly string[]).includes(coll)) {
    const item = (company[coll] as unknown[])[Number(index)];
    let key: string = String(index);
    try {
      key = (companyCollectionIndex[coll as CompanyCollection].spec.key as (x: unknown) => string)(item);
    } catch {
      // A row too broken to have a key is named by its position.
    }
    where += `.${coll}[${key}]${rest.length ? `.${rest.map(String).join('.')}` : ''}`;
  } else if (issue?.path.length) where += `.${issue.path.map(String).join('.')}`;
  throw new PgDataError(where, issue?.message ?? 'is not valid');
}

function companiesFrom(rows: readonly CompanyRow[], entities: readonly EntityRow[], trusted = false) {
  const byCompany = new Map<string, EntityRow[]>();
  for (const e of entities) {
    const list = byCompany.get(e.company_id) ?? [];
    list.push(e);
    byCompany.set(e.company_id, list);
  }
  return rows.map((r) => assemble(r, byCompany.get(r.id) ?? [], trusted));
}

/**
 * Entity rows in collection order. Each collection's order is `pos` (one sequence for all), so sorting by
 * it alone is enough; that is done here rather than by the server, whose sort of wide rows was a tenth of
 * a cold start at 10,000 members (the numbers fit a double: the sequence is far below 2^53).
 */
async function entitiesInOrder(client: pg.ClientBase, where = '', params: unknown[] = []) {
  const { rows } = await client.query<EntityRow>(
    `SELECT company_id, kind, pos, doc FROM entities ${where}`,
    params,
  );
  return rows.sort((a, b) => Number(a.pos) - Number(b.pos));
}

/**
 * The whole state and every company's version. Run it inside one REPEATABLE READ transaction. Each value
 * is checked by the schemas unless the rows are `trusted` (checked-rows.ts).
 */
export async function loadAll(
  client: pg.ClientBase,
  opts: { trusted?: boolean } = {},
): Promise<{ data: StoreData; versions: Versions }> {
  const trusted = opts.trusted === true;
  const companies = await client.query<CompanyRow>('SELECT id, version, doc FROM companies ORDER BY pos');
  const entities = await entitiesInOrder(client);
  const outbox = await client.query<DocRow & { id: string }>('SELECT id, doc FROM outbox ORDER BY pos');
  const conversations = await client.query<DocRow & { key: string }>(
    'SELECT key, doc FROM conversations ORDER BY pos',
  );
  const keys = await client.query<{ key: string; until: string }>('SELECT key, until FROM request_keys');
  const data = emptyStoreData();
  data.companies = companiesFrom(companies.rows, entities, trusted);
  data.outbox = outbox.rows.map((r) =>
    trusted ? (r.doc as OutboxItem) : parse(OutboxItemSchema, r.doc, `outbox[${r.id}]`),
  );
  data.conversations = conversations.rows.map((r) =>
    trusted
      ? (r.doc as StoredConversation)
      : parse(StoredConversationSchema, r.doc, `conversations[${r.key}]`),
  );
  for (const r of keys.rows)
    markSeen(
      data.seen,
      r.key,
      trusted ? r.until : parse(IsoDateTime, r.until, `request_keys[${r.key}].until`),
    );
  const versions: Versions = new Map(companies.rows.map((r) => [r.id, Number(r.version)]));
  // Immutable as every committed state is (look-up indexes are kept for committed arrays only).
  return { data: freezeState(data), versions };
}

/** What the database holds for one company: null when it has no such company (any more). */
export type LoadedCompany = {
  id: string;
  version: number | null;
  company: Company | null;
  outbox: OutboxItem[];
  conversations: StoredConversation[];
};

/**
 * Some companies as the database holds them, with their outbox items and conversations. Consistent when
 * their rows are locked by this transaction, or when it is REPEATABLE READ.
 */
export async function loadCompanies(client: pg.ClientBase, ids: readonly string[]): Promise<LoadedCompany[]> {
  const companies = await client.query<CompanyRow>(
    'SELECT id, version, doc FROM companies WHERE id = ANY($1) ORDER BY pos',
    [ids],
  );
  const entities = await entitiesInOrder(client, 'WHERE company_id = ANY($1)', [ids]);
  const outbox = await client.query<DocRow & { id: string; company_id: string }>(
    'SELECT id, company_id, doc FROM outbox WHERE company_id = ANY($1) ORDER BY pos',
    [ids],
  );
  const conversations = await client.query<DocRow & { key: string; company_id: string }>(
    'SELECT key, company_id, doc FROM conversations WHERE company_id = ANY($1) ORDER BY pos',
    [ids],
  );
  const built = new Map(companiesFrom(companies.rows, entities).map((c) => [c.id, c]));
  const version = new Map(companies.rows.map((r) => [r.id, Number(r.version)]));
  return ids.map((id) => ({
    id,
    version: version.get(id) ?? null,
    company: built.get(id) ?? null,
    outbox: outbox.rows
      .filter((r) => r.company_id === id)
      .map((r) => parse(OutboxItemSchema, r.doc, `outbox[${r.id}]`)),
    conversations: conversations.rows
      .filter((r) => r.company_id === id)
      .map((r) => parse(StoredConversationSchema, r.doc, `conversations[${r.key}]`)),
  }));
}

/** The request keys among `keys` that the database holds, with their expiry as written. */
export async function loadKeys(
  client: pg.ClientBase,
  keys: readonly string[],
): Promise<Record<string, string>> {
  const { rows } = await client.query<{ key: string; until: string }>(
    'SELECT key, until FROM request_keys WHERE key = ANY($1)',
    [keys],
  );
  return Object.fromEntries(
    rows.map((r) => [r.key, parse(IsoDateTime, r.until, `request_keys[${r.key}].until`)]),
  );
}

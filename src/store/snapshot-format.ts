// The JSON store's snapshot file: the state plus where the journal and the audit log stood when it was written,
// and a checksum that lets a start skip validating a snapshot this store wrote and nobody touched since.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  type AuditEvent,
  type AuditHead,
  emptyAuditHead,
  SCHEMA_VERSION,
  type StoreData,
  StoreDataSchema,
  type StoreDataV1,
} from '../domain/schemas.ts';
import { seenFrom } from '../domain/seen.ts';

export const JournalMarkSchema = z.object({
  /** The last journal line this snapshot includes. */
  seq: z.number().int().min(0),
  /** How long the audit log was (and durably so) when the snapshot was written. */
  auditBytes: z.number().int().min(0),
  /** sha256 of the schema's fingerprint and the state's text, as written (see `snapshotText`). */
  sha256: z.string().optional(),
});
export type JournalMark = z.infer<typeof JournalMarkSchema>;

export const SnapshotSchema = StoreDataSchema.extend({ journal: JournalMarkSchema });
export type SnapshotDoc = StoreData & { journal: JournalMark };

export const snapshotOf = (data: StoreData, journal: JournalMark): SnapshotDoc => ({ ...data, journal });

/**
 * What the checksum vouches for besides the bytes: the shape the snapshot was checked against. A version of
 * the bot whose schemas differ (a new field, a default, a pattern) computes another one, so it validates.
 */
export const computeSchemaFingerprint = () =>
  createHash('sha256')
    .update(JSON.stringify(z.toJSONSchema(SnapshotSchema, { unrepresentable: 'any', io: 'input' })))
    .digest('hex');

/** Set by the bundle (scripts/bundle.mjs) to what `computeSchemaFingerprint` gives for the same code: a start saves computing it. */
declare const BUNDLED_SCHEMA_FINGERPRINT: string | undefined;
let fingerprint: string | undefined;
export const schemaFingerprint = (): string =>
  (fingerprint ??=
    typeof BUNDLED_SCHEMA_FINGERPRINT === 'string' ? BUNDLED_SCHEMA_FINGERPRINT : computeSchemaFingerprint());

/** Over the state's text given in parts, so that a start hashes the file's text without first copying it. */
const checksum = (...stateText: string[]) => {
  const hash = createHash('sha256').update(schemaFingerprint()).update('\n');
  for (const part of stateText) hash.update(part);
  return hash.digest('hex');
};

/**
 * The file's text: compact JSON, the journal mark first and with it the checksum of the rest. Only the
 * store writes snapshots, from a state that was validated (at open, then change by change), so a file
 * whose checksum still matches needs no second validation.
 */
export function snapshotText(doc: SnapshotDoc): string {
  const { journal, ...data } = doc;
  const state = JSON.stringify(data);
  const mark = JSON.stringify({ seq: journal.seq, auditBytes: journal.auditBytes, sha256: checksum(state) });
  return `{"journal":${mark},${state.slice(1)}`;
}

const CHECKED_HEAD = /^\{"journal":(\{"seq":\d+,"auditBytes":\d+,"sha256":"[0-9a-f]{64}"\}),/;

/**
 * The snapshot, when the text is exactly what `snapshotText` wrote for this schema (checksum and all);
 * null otherwise (an older file, a hand edit, a torn or damaged one): then it must be validated.
 */
export function checkedSnapshot(text: string): SnapshotDoc | null {
  const head = CHECKED_HEAD.exec(text);
  if (!head?.[1]) return null;
  const mark = JSON.parse(head[1]) as JournalMark;
  if (checksum('{', text.slice(head[0].length)) !== mark.sha256) return null;
  let doc: SnapshotDoc;
  try {
    doc = JSON.parse(text) as SnapshotDoc;
  } catch {
    return null;
  }
  return doc.schemaVersion === SCHEMA_VERSION ? doc : null;
}

export const dataOf = (doc: SnapshotDoc): StoreData => {
  const { journal: _, ...data } = doc;
  return data;
};

/** Schema 1 kept the whole trail in the file: it moves to the audit log, and each company keeps its head. */
export function fromV1(v1: StoreDataV1): { doc: SnapshotDoc; legacyAudit: AuditEvent[] } {
  const heads = new Map<string, AuditHead>();
  for (const e of v1.audit) {
    const h = heads.get(e.companyId) ?? emptyAuditHead();
    heads.set(e.companyId, { seq: e.seq, hash: e.hash, count: h.count + 1 });
  }
  const { audit, schemaVersion: _, ...rest } = v1;
  const doc: SnapshotDoc = {
    ...rest,
    seen: seenFrom(rest.seen),
    schemaVersion: SCHEMA_VERSION,
    companies: rest.companies.map((c) => ({ ...c, auditHead: heads.get(c.id) ?? emptyAuditHead() })),
    journal: { seq: 0, auditBytes: 0 },
  };
  return { doc, legacyAudit: audit };
}

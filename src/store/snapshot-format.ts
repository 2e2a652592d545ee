// The JSON store's snapshot file: the state plus where the journal and the audit log stood when it was written.
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
});
export type JournalMark = z.infer<typeof JournalMarkSchema>;

export const SnapshotSchema = StoreDataSchema.extend({ journal: JournalMarkSchema });
export type SnapshotDoc = StoreData & { journal: JournalMark };

export const snapshotOf = (data: StoreData, journal: JournalMark): SnapshotDoc => ({ ...data, journal });

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

// Reads a JSON store's files as the next start would, without opening (or locking) the store:
// for tests that check what is durable, and for tools that copy a store elsewhere.
import { readFile } from 'node:fs/promises';
import type { AuditEvent, StoreData } from '../domain/schemas.ts';
import { readIfExists } from './journal.ts';
import { auditPathOf, journalPathOf, parseStoreText, StoreOpenError } from './load-errors.ts';
import { replayJournal } from './replay.ts';
import { dataOf } from './snapshot-format.ts';

/** The state the snapshot and journal hold, and every audit event, in the order they were written. */
export async function readJsonStore(file: string): Promise<{ data: StoreData; audit: AuditEvent[] }> {
  const parsed = parseStoreText(await readFile(file, 'utf8'));
  if (!parsed.ok)
    throw new StoreOpenError({ kind: 'invalid', file, field: parsed.field, message: parsed.problem });
  const { doc } = parsed;
  const replayed = replayJournal(
    file,
    dataOf(doc),
    doc.journal.seq,
    (await readIfExists(journalPathOf(file))) ?? Buffer.alloc(0),
  );
  const log = parsed.legacyAudit
    ? parsed.legacyAudit
    : ((await readIfExists(auditPathOf(file)))?.subarray(0, doc.journal.auditBytes).toString('utf8') ?? '')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as AuditEvent);
  return { data: replayed.state, audit: [...log, ...replayed.events] };
}

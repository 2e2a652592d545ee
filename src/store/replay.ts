// Opening the JSON store: the journal lines after the snapshot, checked and applied in order.
import type { AuditEvent, StoreData } from '../domain/schemas.ts';
import { applyChanges, Positions } from './changes.ts';
import { parseJournalLine } from './check-changes.ts';
import { reasonOf } from './errors.ts';
import { invalidJournalFailure, ROOT_FIELD, StoreOpenError } from './load-errors.ts';

export type Replayed = {
  state: StoreData;
  /** The last line applied (the snapshot's own when none was). */
  seq: number;
  /** Where the first line after the snapshot starts: what a compaction keeps from. */
  keepFrom: number;
  /** The journal up to its last whole line; a torn line after it was never acknowledged. */
  validBytes: number;
  /** The audit events of the applied lines, to write to the audit log again. */
  events: AuditEvent[];
};

const NEWLINE = 0x0a;
/** Lines are written by JSON.stringify with seq first, so lines the snapshot holds are skipped unparsed. */
const SEQ = /^\{"seq":(\d+),/;

/** Applies, to `state` (mutable, from the snapshot at `snapshotSeq`), the lines of `journal` after it. */
export function replayJournal(
  file: string,
  state: StoreData,
  snapshotSeq: number,
  journal: Buffer,
): Replayed {
  const refuse = (line: number, field: string, problem: string) =>
    new StoreOpenError(invalidJournalFailure(file, line, field, problem));
  const at = new Positions();
  const events: AuditEvent[] = [];
  let seq = snapshotSeq;
  let keepFrom = -1;
  let offset = 0;
  for (let line = 1; offset < journal.length; line++) {
    const nl = journal.indexOf(NEWLINE, offset);
    if (nl < 0) break;
    const start = offset;
    offset = nl + 1;
    // Lines the snapshot holds are skipped by their first bytes, never decoded whole (an import is megabytes).
    const known = SEQ.exec(journal.subarray(start, Math.min(nl, start + 32)).toString('latin1'));
    if (known && Number(known[1]) <= snapshotSeq) continue;
    const text = journal.subarray(start, nl).toString('utf8');
    if (keepFrom < 0) keepFrom = start;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw refuse(line, ROOT_FIELD, 'the line is not valid JSON');
    }
    const parsed = parseJournalLine(raw);
    if (!parsed.ok) throw refuse(line, parsed.field, parsed.problem);
    if (parsed.seq <= snapshotSeq) continue;
    if (parsed.seq !== seq + 1)
      throw refuse(
        line,
        'seq',
        `it is change ${parsed.seq}, but change ${seq + 1} comes next: changes are missing`,
      );
    try {
      applyChanges(state, parsed.changes, at);
    } catch (error) {
      throw refuse(line, ROOT_FIELD, reasonOf(error));
    }
    seq = parsed.seq;
    for (const e of parsed.audit) events.push(e);
  }
  return { state, seq, keepFrom: keepFrom < 0 ? offset : keepFrom, validBytes: offset, events };
}

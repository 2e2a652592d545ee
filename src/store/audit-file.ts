// The JSON store's audit log: one event per line, appended, never rewritten; read forwards or backwards in chunks.
import type { AuditEvent } from '../domain/schemas.ts';
import type { AuditSource } from './audit-log.ts';
import type { AppendFile } from './journal.ts';

const CHUNK = 256 * 1024;
const NEWLINE = 0x0a;

/** A line of the log as an event, or null when it is not one (damaged). */
function parseLine(line: string): AuditEvent | null {
  try {
    const e: unknown = JSON.parse(line);
    if (
      typeof e === 'object' &&
      e !== null &&
      'seq' in e &&
      typeof e.seq === 'number' &&
      'companyId' in e &&
      typeof e.companyId === 'string' &&
      'hash' in e &&
      typeof e.hash === 'string'
    )
      return e as AuditEvent;
  } catch {
    // Not JSON: reported as a damaged entry.
  }
  return null;
}

/** Lines of `file` within its first `limit` bytes, first to last. */
async function* forward(file: AppendFile, limit: number): AsyncIterable<string> {
  let carry = Buffer.alloc(0);
  for (let at = 0; at < limit; ) {
    const chunk = await file.read(at, Math.min(CHUNK, limit - at));
    if (!chunk.length) break;
    at += chunk.length;
    let buf = Buffer.concat([carry, chunk]);
    for (let nl = buf.indexOf(NEWLINE); nl >= 0; nl = buf.indexOf(NEWLINE)) {
      yield buf.subarray(0, nl).toString('utf8');
      buf = buf.subarray(nl + 1);
    }
    carry = Buffer.from(buf);
  }
  if (carry.length) yield carry.toString('utf8');
}

/** Lines of `file` within its first `limit` bytes, last to first. */
async function* backward(file: AppendFile, limit: number): AsyncIterable<string> {
  let carry = Buffer.alloc(0);
  for (let end = limit; end > 0; ) {
    const start = Math.max(0, end - CHUNK);
    const chunk = await file.read(start, end - start);
    end = start;
    let buf = Buffer.concat([chunk, carry]);
    // The byte before a line's own newline; a negative offset would count from the end, so stop at 0.
    for (let from = buf.length - 2; from >= 0; ) {
      const nl = buf.lastIndexOf(NEWLINE, from);
      if (nl < 0) break;
      yield trimNewline(buf.subarray(nl + 1));
      buf = buf.subarray(0, nl + 1);
      from = nl - 1;
    }
    carry = Buffer.from(buf);
  }
  if (carry.length) yield trimNewline(carry);
}

const trimNewline = (b: Buffer) => (b.at(-1) === NEWLINE ? b.subarray(0, -1) : b).toString('utf8');

export class AuditFile implements AuditSource {
  constructor(private readonly file: AppendFile) {}

  get size(): number {
    return this.file.size;
  }

  /** Appends events (no fsync: the journal holds them until a snapshot says this file does). */
  append(events: readonly AuditEvent[]): Promise<void> {
    return this.file.append(events.map((e) => `${JSON.stringify(e)}\n`).join(''), false);
  }

  sync(): Promise<void> {
    return this.file.sync();
  }

  async *scan(companyId: string, order: 'oldest-first' | 'newest-first'): AsyncIterable<AuditEvent | null> {
    // Only what was written when the read began: appends after it belong to later reads.
    const limit = this.file.size;
    // A cheap filter before parsing: events are written by JSON.stringify, so the field reads exactly so.
    const needle = `"companyId":${JSON.stringify(companyId)}`;
    const lines = order === 'oldest-first' ? forward(this.file, limit) : backward(this.file, limit);
    for await (const line of lines) {
      if (!line.includes(needle)) continue;
      const e = parseLine(line);
      // A damaged line of this company's is reported rather than skipped silently.
      if (e === null) yield null;
      else if (e.companyId === companyId) yield e;
    }
  }

  close(): Promise<void> {
    return this.file.close();
  }
}

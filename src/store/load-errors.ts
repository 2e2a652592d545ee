// Why a store file could not be opened, as a typed error whose message tells the operator what to do.
import { readFile } from 'node:fs/promises';
import { type AuditEvent, SCHEMA_VERSION, StoreDataV1Schema } from '../domain/schemas.ts';
import { jsonErrorOffset, lineAndColumn } from './json-position.ts';
import { checkedSnapshot, fromV1, type SnapshotDoc, SnapshotSchema } from './snapshot-format.ts';

export type StoreOpenFailure =
  | { kind: 'in-use'; file: string; pid: number; message: string }
  | { kind: 'invalid'; file: string; field: string; message: string }
  | { kind: 'io'; file: string; message: string };

export class StoreOpenError extends Error {
  constructor(readonly failure: StoreOpenFailure) {
    super(failure.message);
    this.name = 'StoreOpenError';
  }
}

/** The field name used when the whole document is wrong rather than one field in it. */
export const ROOT_FIELD = '(root)';

export type ParsedStore =
  | { ok: true; doc: SnapshotDoc; legacyAudit: AuditEvent[] | null }
  | { ok: false; field: string; problem: string };

/**
 * Parses and validates a store file's text; a failure names the first bad field and what is wrong.
 * A schema-1 file comes back converted, with the audit trail it held as `legacyAudit`.
 */
export function parseStoreText(text: string): ParsedStore {
  if (text.trim() === '') return { ok: false, field: ROOT_FIELD, problem: 'the file is empty' };
  const checked = checkedSnapshot(text);
  if (checked) return { ok: true, doc: checked, legacyAudit: null };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, field: ROOT_FIELD, problem: describeSyntaxError(text) };
  }
  const version = versionOf(raw);
  if (version === 1) {
    const v1 = StoreDataV1Schema.safeParse(raw);
    if (v1.success) return { ok: true, ...fromV1(v1.data) };
    return { ok: false, ...firstProblem(v1.error.issues) };
  }
  if (typeof version === 'number' && version !== SCHEMA_VERSION) {
    const newer = version > SCHEMA_VERSION ? ' (it was written by a newer version of the bot)' : '';
    const problem = `schemaVersion is ${version} but this version of the bot reads schemaVersion ${SCHEMA_VERSION}${newer}`;
    return { ok: false, field: 'schemaVersion', problem };
  }
  const result = SnapshotSchema.safeParse(raw);
  if (result.success) return { ok: true, doc: result.data, legacyAudit: null };
  return { ok: false, ...firstProblem(result.error.issues) };
}

function firstProblem(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>) {
  const issue = issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : ROOT_FIELD;
  return { field, problem: issue?.message ?? 'the data does not have the shape of a store' };
}

function versionOf(raw: unknown): unknown {
  return typeof raw === 'object' && raw !== null && 'schemaVersion' in raw ? raw.schemaVersion : undefined;
}

function describeSyntaxError(text: string): string {
  const offset = jsonErrorOffset(text);
  if (offset < 0) return 'the file is not valid JSON';
  const { line, column } = lineAndColumn(text, offset);
  const where = `line ${line}, column ${column} (character ${offset})`;
  return offset >= text.length
    ? `the file is not valid JSON: it ends early at ${where}, so it looks truncated`
    : `the file is not valid JSON: unexpected character at ${where}`;
}

/** Quotes a path for a copy-paste shell command only when it needs it. */
const shellWord = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`);

async function backupState(backup: string): Promise<'good' | 'bad' | 'missing'> {
  let text: string;
  try {
    text = await readFile(backup, 'utf8');
  } catch {
    return 'missing';
  }
  return parseStoreText(text).ok ? 'good' : 'bad';
}

/** The 'invalid' failure for `file`, with a recovery hint that depends on the copy kept beside it. */
export async function invalidStoreFailure(
  file: string,
  field: string,
  problem: string,
): Promise<StoreOpenFailure> {
  const backup = `${file}.bak`;
  const where = field === ROOT_FIELD ? '' : ` at field ${field}`;
  const moveAway = `move it away with its journal and audit log (for example: ${moveAllAway(file)}); the next start then creates a new, empty store`;
  const recovery = {
    good: `The last good copy is kept beside it as ${backup}; to go back to it, stop the bot and run: cp ${shellWord(backup)} ${shellWord(file)}`,
    bad: `No good copy exists: ${backup} is not a valid store either. Fix the file by hand, or ${moveAway}.`,
    missing: `No good copy exists yet (there is no ${backup}). Fix the file by hand, or ${moveAway}.`,
  }[await backupState(backup)];
  const message = `The store ${file} cannot be opened: it is not a valid store file${where}: ${problem}. The file was left untouched. ${recovery}`;
  return { kind: 'invalid', file, field, message };
}

export const journalPathOf = (file: string) => `${file}.journal`;
export const auditPathOf = (file: string) => `${file}.audit.jsonl`;

/** A shell line that moves the store's files into a folder beside them. */
function moveAllAway(file: string): string {
  const folder = shellWord(`${file}.broken`);
  const files = [file, journalPathOf(file), auditPathOf(file)].map(shellWord).join(' ');
  return `mkdir ${folder} && mv ${files} ${folder}/`;
}

/** A journal line that cannot be applied: the snapshot is good, the line after it is not. */
export function invalidJournalFailure(
  file: string,
  line: number,
  field: string,
  problem: string,
): StoreOpenFailure {
  const journal = journalPathOf(file);
  const where = field === ROOT_FIELD ? '' : ` at field ${field}`;
  const message = `The store ${file} cannot be opened: line ${line} of its journal ${journal} is not valid${where}: ${problem}. Every file was left untouched. The snapshot ${file} holds the changes made before that journal; to start from it and lose the changes after it, stop the bot and run: mv ${shellWord(journal)} ${shellWord(`${journal}.broken`)}`;
  return { kind: 'invalid', file: journal, field, message };
}

/** A journal or audit log without the snapshot they belong to: a new store must not inherit them. */
export function orphanFailure(file: string, orphans: string[]): StoreOpenFailure {
  const list = orphans.map(shellWord).join(' ');
  const message = `The store ${file} does not exist, but ${orphans.join(' and ')} ${orphans.length > 1 ? 'do' : 'does'}: they belong to a store whose snapshot was moved away. Put ${file} back, or move them away too (for example: mkdir ${shellWord(`${file}.old`)} && mv ${list} ${shellWord(`${file}.old`)}/) to start a new, empty store.`;
  return { kind: 'invalid', file, field: ROOT_FIELD, message };
}

export function ioFailure(file: string, doing: string, error: unknown): StoreOpenFailure {
  const reason = error instanceof Error ? error.message : String(error);
  return { kind: 'io', file, message: `The store ${file} could not be opened: ${doing} failed: ${reason}` };
}

export function inUseFailure(file: string, pid: number, host?: string): StoreOpenFailure {
  const self =
    pid === process.pid && !host ? ' (that is this very process: the store is already open in it)' : '';
  const where = host !== undefined ? ` on ${host ? `host ${host}` : 'another host'}` : '';
  const leftOver =
    host !== undefined
      ? `If nothing there runs the bot any more, the lock is left over: it is taken over once it has not been refreshed for ${LOCK_STALE_AFTER_MS / 1000} seconds, or remove ${file}.lock.`
      : `If process ${pid} is not the bot at all, the lock is left over: remove ${file}.lock.`;
  const message = `The store ${file} is in use by process ${pid}${where}${self}. Stop that process (for example the running "npm start") or point DATA_FILE at another file. The JSON store allows one replica only; for several, use PostgreSQL (DATABASE_URL). ${leftOver}`;
  return { kind: 'in-use', file, pid, message };
}

/** How long without a refresh makes a lock from another host or boot stale (file-lock.ts refreshes it). */
export const LOCK_STALE_AFTER_MS = 30_000;

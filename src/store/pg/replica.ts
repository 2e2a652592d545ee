// One replica's view of the PostgreSQL store: the state in memory, transactions run on it in groups, and
// each group written in one database transaction that locks the companies it touches and checks that no
// other replica moved them meanwhile (if one did, those companies are reloaded under the lock and the
// group runs again). Other replicas' commits arrive by NOTIFY and are caught up with between groups.
import type pg from 'pg';
import type { AuditEvent, StoreData } from '../../domain/schemas.ts';
import { seenUntil } from '../../domain/seen.ts';
import type { ChangeSet } from '../changes.ts';
import { OutcomeUnknownError, StoreWriteError } from '../errors.ts';
import type { TxFn } from '../store.ts';
import { runTransaction } from '../transaction.ts';
import { beginChecked } from './checked-rows.ts';
import { fateOf, inSnapshot } from './commit-fate.ts';
import { partsOf } from './company-parts.ts';
import { isConflict, isConnectionFailure, reasonOf } from './connect.ts';
import { PgDataError, type Versions } from './read-rows.ts';
import { touchedCompanies } from './refresh.ts';
import { ReplicaState } from './replica-state.ts';
import { squash } from './squash.ts';
import { batched, upsertKeys, writeChanges, writeParts } from './write-rows.ts';

type Waiting = { fn: TxFn<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };
type Run = { head: StoreData; outcomes: Outcome[]; changes: ChangeSet[]; events: AuditEvent[] };

/** Rounds within one database transaction (each reloads what another replica changed), then new transactions. */
const MAX_ROUNDS = 8;
const MAX_ATTEMPTS = 4;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Other replicas changed the same companies on every try. */
class TooBusyError extends Error {
  readonly code = '40001';
}

export type ReplicaOptions = {
  pool: pg.Pool;
  /** NOTIFY channel of this store (one per database schema). */
  channel: string;
  /** Names this process in its notifications, so it skips its own. */
  id: string;
  data: StoreData;
  versions: Versions;
  log: (event: string, detail: Record<string, unknown>) => void;
  /** How long to keep asking whether a COMMIT whose connection broke took effect. */
  fateWaitMs?: number;
};

/** Runs every transaction function of a group, one after another, from `base`. */
function runAll(batch: readonly Waiting[], base: StoreData): Run {
  let head = base;
  const outcomes: Outcome[] = [];
  const changes: ChangeSet[] = [];
  const events: AuditEvent[] = [];
  for (const w of batch) {
    try {
      const ran = runTransaction(head, w.fn);
      if (ran.next) {
        head = ran.next;
        changes.push(ran.changes);
        events.push(...ran.events);
      }
      outcomes.push({ ok: true, value: ran.value });
    } catch (error) {
      outcomes.push({ ok: false, error });
    }
  }
  return { head, outcomes, changes, events };
}

/** Notifications name companies and their new versions; payloads stay under PostgreSQL's 8000 bytes. */
function notifications(id: string, versions: ReadonlyMap<string, number | null>): string[] {
  const out: string[] = [];
  let chunk: Array<[string, number | null]> = [];
  const flush = () => {
    if (chunk.length) out.push(JSON.stringify({ r: id, v: chunk }));
    chunk = [];
  };
  for (const entry of versions) {
    chunk.push(entry);
    if (JSON.stringify(chunk).length > 6_000) flush();
  }
  flush();
  return out;
}

export class Replica {
  private readonly s: ReplicaState;
  private readonly queue: Waiting[] = [];
  private draining: Promise<void> | null = null;
  /** Companies other replicas changed, with the version they announced (null: removed). */
  private readonly stale = new Map<string, number | null>();
  private staleAll = false;

  constructor(private readonly opts: ReplicaOptions) {
    this.s = new ReplicaState(opts.data, opts.versions, opts.log);
  }

  get state(): StoreData {
    return this.s.committed;
  }

  /** Whether work is queued or running (close waits for it). */
  get idle(): Promise<void> {
    return this.draining ?? Promise.resolve();
  }

  submit(w: Waiting) {
    this.queue.push(w);
    this.kick();
  }

  /** A notification from the channel: reload what another replica changed, between groups. */
  notified(payload: string) {
    let parsed: { r?: unknown; v?: unknown };
    try {
      parsed = JSON.parse(payload) as typeof parsed;
    } catch {
      return;
    }
    if (parsed.r === this.opts.id) return;
    // A whole store written at once (a JSON store moved in): nothing here is current any more.
    if ((parsed as { all?: unknown }).all === true) return this.lostTouch();
    if (!Array.isArray(parsed.v)) return;
    for (const entry of parsed.v as unknown[]) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string') continue;
      const version = typeof entry[1] === 'number' ? entry[1] : null;
      const known = this.s.versions.get(entry[0]);
      if (version === null || known === undefined || version > known) this.stale.set(entry[0], version);
    }
    if (this.stale.size) this.kick();
  }

  /** Notifications may have been missed (the listening connection broke): reload everything. */
  lostTouch() {
    this.staleAll = true;
    this.kick();
  }

  private kick() {
    this.draining ??= this.drain();
  }

  private async drain(): Promise<void> {
    // Let every transaction started in this same turn join the first group.
    await Promise.resolve();
    for (;;) {
      await this.refresh();
      if (!this.queue.length) break;
      await this.runBatch(this.queue.splice(0));
    }
    this.draining = null;
  }

  /** Reloads what other replicas changed, in one snapshot. A failure leaves it for the next turn. */
  private async refresh() {
    const ids = [...this.stale.keys()];
    const wanted = new Map(this.stale);
    if (!this.staleAll && !ids.length) return;
    const all = this.staleAll;
    this.staleAll = false;
    this.stale.clear();
    try {
      await inSnapshot(this.opts.pool, async (client) => {
        if (all) await this.s.reloadAll(client);
        else await this.s.catchUp(client, new Map(ids.map((id) => [id, wanted.get(id) ?? null])));
      });
    } catch (error) {
      if (all) this.staleAll = true;
      else for (const id of ids) if (!this.stale.has(id)) this.stale.set(id, null);
      this.opts.log('store-reload-failed', { error: reasonOf(error) });
    }
  }

  private async runBatch(batch: Waiting[]) {
    let last: Run | undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        const run = await this.attempt(batch, (r) => {
          last = r;
        });
        batch.forEach((w, i) => {
          const o = run.outcomes[i];
          if (o?.ok) w.resolve(o.value);
          else w.reject(o?.error);
        });
        return;
      } catch (error) {
        if (isConflict(error) && attempt < MAX_ATTEMPTS) {
          await sleep(5 + Math.random() * 20 * attempt);
          continue;
        }
        const failure =
          error instanceof StoreWriteError || error instanceof PgDataError
            ? error
            : new StoreWriteError(
                error instanceof TooBusyError
                  ? 'other replicas kept changing the same data'
                  : reasonOf(error),
                { cause: error },
              );
        this.opts.log('store-write-failed', { error: failure.message });
        // A function that threw keeps its own error: the database had nothing to do with it.
        batch.forEach((w, i) => {
          const o = last?.outcomes[i];
          w.reject(o && !o.ok ? o.error : failure);
        });
        return;
      }
    }
  }

  /**
   * One database transaction for the group; resolves with the run that was committed (or wrote nothing).
   * Statements go out pipelined, so a group that finds nothing moved costs two round trips: BEGIN, its
   * transaction id, the row locks and the new request keys together; then every write with the COMMIT.
   */
  private async attempt(batch: readonly Waiting[], onRun: (r: Run) => void): Promise<Run> {
    let run = runAll(batch, this.s.committed);
    onRun(run);
    // Nothing to write: the values were computed on committed state, as a read would be.
    if (!run.changes.length) return run;
    const client = await this.opts.pool.connect();
    let broken: Error | undefined;
    try {
      const begin = sent(client.query(beginChecked()));
      const xidAnswer = sent(client.query<{ xid: string }>('SELECT txid_current()::text AS xid'));
      const locked = new Set<string>();
      for (let round = 1; ; round++) {
        if (round > 1) {
          run = runAll(batch, this.s.committed);
          onRun(run);
          if (!run.changes.length) {
            await client.query('ROLLBACK');
            return run;
          }
        }
        if (round > MAX_ROUNDS) throw new TooBusyError('other replicas kept changing the same data');
        const changes = squash(run.changes, run.head);
        const touched = touchedCompanies(this.s.committed, changes);
        const { fresh, known } = this.newKeys(changes);
        // Locks first, then the keys: a key claimed in vain is rolled back to its savepoint, the locks kept.
        const lock = sent(this.lock(client, touched, locked));
        const claim = Object.keys(fresh).length
          ? [sent(client.query('SAVEPOINT request_keys')), sent(upsertKeys(client, fresh, true))]
          : [];
        await begin;
        const moved = await lock;
        let taken = false;
        for (const answer of claim)
          await answer.catch((error: unknown) => {
            if ((error as { code?: string }).code !== '23505') throw error;
            taken = true;
          });
        if (claim.length && (taken || moved.size)) await client.query('ROLLBACK TO SAVEPOINT request_keys');
        // Another replica moved a company, or holds a key: load what it wrote, under the lock, and run again.
        if (moved.size) {
          await this.s.catchUp(client, moved);
          continue;
        }
        if (taken) {
          await this.s.learnKeys(client, Object.keys(fresh));
          continue;
        }
        const after = this.s.versionsAfter(touched, run.head);
        const parts = partsOf(changes, this.s.committed, after.keys());
        // Every write of the group goes out at once, the COMMIT after them; the answers are awaited together.
        const writes = batched(client);
        await upsertKeys(writes.statements, known, false);
        await writeChanges(writes.statements, changes, run.events, after);
        await writeParts(
          writes.statements,
          [...after].flatMap(([id, v]) => (v === null ? [] : [{ id, v, changes: parts.get(id) ?? null }])),
        );
        const notes = notifications(this.opts.id, after);
        for (const note of notes)
          await writes.statements.query('SELECT pg_notify($1, $2)', [this.opts.channel, note]);
        const xid = (await xidAnswer).rows[0]?.xid ?? '';
        // After a failed write the server ends the transaction at this COMMIT without committing it, and
        // `done` rejects with that failure first, so that is never taken for success.
        const commit = sent(client.query('COMMIT'));
        try {
          await writes.done();
          await commit;
        } catch (error) {
          // A lost connection may have lost only the answers: the server may have committed all of it.
          if (!isConnectionFailure(error)) throw error;
          broken = error instanceof Error ? error : new Error(String(error));
          const fate = await fateOf(this.opts.pool, xid, this.opts.fateWaitMs);
          if (fate === 'aborted') throw error;
          if (fate === 'unknown') {
            this.lostTouch();
            throw new OutcomeUnknownError({ cause: error });
          }
        }
        this.s.committedAs(run.head, after);
        return run;
      }
    } catch (error) {
      if (!broken) {
        if (isConnectionFailure(error)) broken = error instanceof Error ? error : new Error(String(error));
        else await client.query('ROLLBACK').catch(() => undefined);
      }
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /**
   * Locks the touched companies not yet locked (in id order, so replicas never deadlock on them) and
   * compares their versions with this replica's. Resolves with those that had moved, and where to.
   */
  private async lock(
    client: pg.ClientBase,
    touched: ReadonlySet<string>,
    locked: Set<string>,
  ): Promise<Map<string, number | null>> {
    const need = [...touched].filter((id) => !locked.has(id)).sort();
    if (!need.length) return new Map();
    for (const id of need) locked.add(id);
    const { rows } = await client.query<{ id: string; version: string }>(
      'SELECT id, version FROM companies WHERE id = ANY($1) ORDER BY id FOR UPDATE',
      [need],
    );
    const inDb = new Map(rows.map((r) => [r.id, Number(r.version)]));
    const moved = need.filter((id) => (inDb.get(id) ?? null) !== (this.s.versions.get(id) ?? null));
    return new Map(moved.map((id) => [id, inDb.get(id) ?? null]));
  }

  /** The request keys of a change this replica has not seen (to insert, once) and those it has (to upsert). */
  private newKeys(changes: ChangeSet): { fresh: Record<string, string>; known: Record<string, string> } {
    const fresh: Record<string, string> = {};
    const known: Record<string, string> = {};
    for (const [k, v] of Object.entries(changes.seen?.put ?? {}))
      (seenUntil(this.s.committed.seen, k) !== undefined ? known : fresh)[k] = v;
    return { fresh, known };
  }
}

/** A statement sent ahead of awaiting it: a failure is still seen where it is awaited, never as unhandled. */
function sent<T>(answer: Promise<T>): Promise<T> {
  answer.catch(() => undefined);
  return answer;
}

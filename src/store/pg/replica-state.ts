// What one replica holds of the store: the committed state, each company's version as it last read or
// wrote it, and how it catches up with what other replicas committed.
import type pg from 'pg';
import type { StoreData } from '../../domain/schemas.ts';
import type { ChangeSet } from '../changes.ts';
import { applyParts, readPart } from './company-parts.ts';
import { type LoadedCompany, loadAll, loadCompanies, loadKeys, type Versions } from './read-rows.ts';
import { mergeKeys, mergeLoaded } from './refresh.ts';

export class ReplicaState {
  constructor(
    /** Frozen; what `read` serves and transactions start from. */
    public committed: StoreData,
    readonly versions: Versions,
    private readonly log: (event: string, detail: Record<string, unknown>) => void,
  ) {}

  /** Companies as the database holds them (a company it no longer holds is removed). */
  apply(loaded: readonly LoadedCompany[]) {
    this.committed = mergeLoaded(this.committed, loaded);
    for (const l of loaded) {
      if (l.version === null) this.versions.delete(l.id);
      else this.versions.set(l.id, l.version);
    }
  }

  /** Everything again, from one snapshot. */
  async reloadAll(client: pg.ClientBase) {
    const loaded = await loadAll(client);
    this.committed = loaded.data;
    this.versions.clear();
    for (const [id, v] of loaded.versions) this.versions.set(id, v);
  }

  /** Request keys another replica handled. */
  async learnKeys(client: pg.ClientBase, keys: readonly string[]) {
    this.committed = mergeKeys(this.committed, await loadKeys(client, keys));
  }

  /** After this replica's own commit: its state, and the companies' new versions (null: removed). */
  committedAs(head: StoreData, after: ReadonlyMap<string, number | null>) {
    this.committed = head;
    for (const [id, v] of after) {
      if (v === null) this.versions.delete(id);
      else this.versions.set(id, v);
    }
  }

  /** Each touched company's version once a group commits; null for a company it removes. */
  versionsAfter(touched: ReadonlySet<string>, head: StoreData): Map<string, number | null> {
    const inHead = new Set(head.companies.map((c) => c.id));
    const after = new Map<string, number | null>();
    for (const id of touched) {
      const before = this.versions.get(id);
      if (inHead.has(id)) after.set(id, (before ?? 0) + 1);
      else if (before !== undefined) after.set(id, null);
    }
    return after;
  }

  /**
   * Brings companies to the versions wanted (null: whatever the database holds, or that it holds none): by
   * applying the parts other replicas recorded for the versions in between, where all of them are there
   * and read back, else by reloading the company whole.
   */
  async catchUp(client: pg.ClientBase, wanted: ReadonlyMap<string, number | null>) {
    const ranges = [...wanted].flatMap(([id, to]) => {
      const from = this.versions.get(id);
      return from !== undefined && to !== null && to > from ? [{ id, from, to }] : [];
    });
    const parts: ChangeSet[] = [];
    const applied = new Map<string, number>();
    if (ranges.length) {
      const { rows } = await client.query<{ company_id: string; version: string; changes: unknown }>(
        `SELECT c.company_id, c.version, c.changes FROM company_changes c
           JOIN json_to_recordset($1::json) AS r(id text, "from" bigint, "to" bigint)
             ON c.company_id = r.id AND c.version > r."from" AND c.version <= r."to"
          ORDER BY c.company_id, c.version`,
        [JSON.stringify(ranges)],
      );
      for (const { id, from, to } of ranges) {
        const mine = rows.filter((r) => r.company_id === id);
        const read = mine.map((r) => (r.changes === null ? null : readPart(r.changes)));
        if (mine.length !== to - from || read.some((p) => p === null)) continue;
        for (const p of read) if (p) parts.push(p);
        applied.set(id, to);
      }
    }
    if (parts.length) {
      this.committed = applyParts(this.committed, parts);
      for (const [id, v] of applied) this.versions.set(id, v);
    }
    const whole = [...wanted.keys()].filter((id) => !applied.has(id));
    if (whole.length) this.apply(await loadCompanies(client, whole));
    this.log('store-caught-up', { applied: [...applied.keys()], reloaded: whole });
  }
}

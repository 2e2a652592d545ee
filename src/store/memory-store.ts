// The Store in memory only: the same transactions, checks and audit log as the JSON store, nothing on disk.
// Tests of the core and the benchmarks use it; `failNextWrite` lets the contract suite fail a write.

import { emptyStoreData, type StoreData, StoreDataSchema } from '../domain/schemas.ts';
import { MemoryAuditSource } from './audit-log.ts';
import { storeEngine } from './engine.ts';
import { StoreWriteError } from './errors.ts';
import { freezeState } from './freeze.ts';
import type { Store } from './store.ts';

export type MemoryStore = Store & {
  /** The next write fails as a full disk would (the whole group it carries fails). */
  failNextWrite(): void;
};

export function createMemoryStore(initial?: StoreData): MemoryStore {
  // Parsed (defaults filled in, as a file would be read) and cloned, so freezing never freezes the caller's fixture.
  const data = freezeState(StoreDataSchema.parse(structuredClone(initial ?? emptyStoreData())));
  const audit = new MemoryAuditSource();
  let failNext = false;
  const store = storeEngine(data, {
    audit,
    async persist(group) {
      if (failNext) {
        failNext = false;
        throw new StoreWriteError('injected write failure');
      }
      for (const c of group) audit.append(c.events);
    },
    async close() {},
  });
  return Object.assign(store, {
    failNextWrite() {
      failNext = true;
    },
  });
}

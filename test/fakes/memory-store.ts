// An in-memory Store with the same semantics as the JSON-file store, for fast tests of the core.
import { freeze } from 'immer';
import { Low, Memory } from 'lowdb';
import { emptyStoreData, type StoreData } from '../../src/domain/schemas.ts';
import { storeOverLow } from '../../src/store/low-store.ts';
import type { Store } from '../../src/store/store.ts';

export function createMemoryStore(initial?: StoreData): Store {
  // Cloned so that freezing the store's state never freezes the caller's fixture.
  const data = freeze(structuredClone(initial ?? emptyStoreData()), true);
  return storeOverLow(new Low(new Memory<StoreData>(), data), async () => undefined);
}

// Runs the Store contract against the JSON-file store in a temp folder.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeStoreFs } from '../../src/store/durable-write.ts';
import { openJsonFileStore } from '../../src/store/json-file-store.ts';
import type { Store } from '../../src/store/store.ts';
import { runStoreContract } from './contract.ts';
import { runStoreContractV2 } from './contract-v2.ts';

const make = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'store-'));
  const file = join(dir, 'db.json');
  let failNext = false;
  // The journal's fsync fails once, as a disk error would.
  const fs = {
    fsync: (h: Parameters<typeof nodeStoreFs.fsync>[0]) => {
      if (!failNext) return nodeStoreFs.fsync(h);
      failNext = false;
      return Promise.reject(new Error('injected fsync failure'));
    },
  };
  let store: Store = await openJsonFileStore({ file, fs });
  return {
    store,
    failNextWrite: () => {
      failNext = true;
    },
    reopen: async () => {
      await store.close();
      store = await openJsonFileStore({ file, fs });
      return store;
    },
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
};

runStoreContract('JSON-file store', make);
runStoreContractV2('JSON-file store', make, { durable: true });

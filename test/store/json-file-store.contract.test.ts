// Runs the Store contract against the JSON-file store in a temp folder.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJsonFileStore } from '../../src/store/json-file-store.ts';
import { runStoreContract } from './contract.ts';

runStoreContract('JSON-file store', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'store-'));
  const store = await openJsonFileStore({ file: join(dir, 'db.json') });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

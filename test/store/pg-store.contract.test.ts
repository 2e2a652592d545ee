// Runs the Store contract against the PostgreSQL store, each test on a database of its own.
import { openPgStore } from '../../src/store/pg/pg-store.ts';
import { runStoreContract } from './contract.ts';
import { createTestDatabase } from './pg/database.ts';

runStoreContract('PostgreSQL store', async () => {
  const db = await createTestDatabase('contract');
  const store = await openPgStore({ url: db.url });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await db.drop();
    },
  };
});

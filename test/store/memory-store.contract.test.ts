// Runs the Store contract against the in-memory fake.
import { createMemoryStore } from '../fakes/memory-store.ts';
import { runStoreContract } from './contract.ts';

runStoreContract('memory store', async () => {
  const store = createMemoryStore();
  return { store, cleanup: () => store.close() };
});

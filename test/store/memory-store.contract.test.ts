// Runs the Store contract against the in-memory store.
import { createMemoryStore } from '../fakes/memory-store.ts';
import { runStoreContract } from './contract.ts';
import { runStoreContractV2 } from './contract-v2.ts';

const make = async () => {
  const store = createMemoryStore();
  return { store, cleanup: () => store.close(), failNextWrite: () => store.failNextWrite() };
};

runStoreContract('memory store', make);
runStoreContractV2('memory store', make, { durable: false });

// The in-memory Store for fast tests of the core: the real engine, with nothing on disk.
export { createMemoryStore, type MemoryStore } from '../../src/store/memory-store.ts';

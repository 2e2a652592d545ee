// kill -9 on both stores, as a raw stream of store transactions in waves: every acknowledged change survives, with its audit event.
import { describe, expect, it } from 'vitest';
import { killStores, missing, writeUntilKilled } from './kill.ts';

describe.each(killStores)('kill -9: $name', ({ kind, make }) => {
  it('every acknowledged change survives, with its audit event, and the chain verifies', async () => {
    const at = await make('kill');
    try {
      const acked = await writeUntilKilled(kind, at.where, 300);
      const store = await at.open();
      try {
        expect(await missing(store, acked)).toEqual([]);
        expect(await store.audit.verify('acme')).toMatchObject({ ok: true });
      } finally {
        await store.close();
      }
    } finally {
      await at.drop();
    }
  });
});

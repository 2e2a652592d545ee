// The long kill -9 run of raw store transactions, on both stores: many kills in a row on one store, each at a different point.
import { describe, expect, it } from 'vitest';
import { killStores, missing, writeUntilKilled } from './kill.ts';

const CYCLES = 12;

describe.each(killStores)('kill -9, again and again: $name', ({ kind, make }) => {
  it(`keeps every acknowledged change across ${CYCLES} kills`, async () => {
    const at = await make('killdeep');
    try {
      const acked: number[] = [];
      for (let cycle = 0; cycle < CYCLES; cycle++) {
        const from = acked.length ? Math.max(...acked) + 100 : 0;
        acked.push(...(await writeUntilKilled(kind, at.where, 50 + ((cycle * 97) % 400), from)));
        const store = await at.open();
        try {
          expect(await missing(store, acked)).toEqual([]);
          expect(await store.audit.verify('acme')).toMatchObject({ ok: true });
        } finally {
          await store.close();
        }
      }
    } finally {
      await at.drop();
    }
  });
});

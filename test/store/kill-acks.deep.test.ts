// The long kill -9 run of raw store transactions, on both stores: many kills in a row on one store, each at a different point.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openJsonFileStore } from '../../src/store/json-file-store.ts';
import { openPgStore } from '../../src/store/pg/pg-store.ts';
import type { Store } from '../../src/store/store.ts';
import { missing, writeUntilKilled } from './kill.ts';
import { createTestDatabase } from './pg/database.ts';

const CYCLES = 12;

type Target = { where: string; open(): Promise<Store>; drop(): Promise<void> };
const stores: Array<{ name: string; kind: 'json' | 'pg'; make(): Promise<Target> }> = [
  {
    name: 'JSON store',
    kind: 'json',
    async make() {
      const dir = await mkdtemp(join(tmpdir(), 'kill-deep-'));
      const file = join(dir, 'db.json');
      return {
        where: file,
        open: () => openJsonFileStore({ file }),
        drop: () => rm(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'PostgreSQL store',
    kind: 'pg',
    async make() {
      const db = await createTestDatabase('killdeep');
      return { where: db.url, open: () => openPgStore({ url: db.url }), drop: () => db.drop() };
    },
  },
];

describe.each(stores)('kill -9, again and again: $name', ({ kind, make }) => {
  it(`keeps every acknowledged change across ${CYCLES} kills`, async () => {
    const at = await make();
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

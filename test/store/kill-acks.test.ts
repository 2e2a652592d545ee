// kill -9 on both stores, as a raw stream of store transactions in waves: every acknowledged change survives, with its audit event.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openJsonFileStore } from '../../src/store/json-file-store.ts';
import { openPgStore } from '../../src/store/pg/pg-store.ts';
import type { Store } from '../../src/store/store.ts';
import { missing, writeUntilKilled } from './kill.ts';
import { createTestDatabase } from './pg/database.ts';

const stores: Array<{
  name: string;
  kind: 'json' | 'pg';
  make(): Promise<{ where: string; open(): Promise<Store>; drop(): Promise<void> }>;
}> = [
  {
    name: 'JSON store',
    kind: 'json',
    async make() {
      const dir = await mkdtemp(join(tmpdir(), 'kill-'));
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
      const db = await createTestDatabase('kill');
      return { where: db.url, open: () => openPgStore({ url: db.url }), drop: () => db.drop() };
    },
  },
];

describe.each(stores)('kill -9: $name', ({ kind, make }) => {
  it('every acknowledged change survives, with its audit event, and the chain verifies', async () => {
    const at = await make();
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

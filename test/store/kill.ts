// kill -9 in the middle of a stream of changes, on either store: every acknowledged change must survive.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seenUntil } from '../../src/domain/seen.ts';
import { openJsonFileStore } from '../../src/store/json-file-store.ts';
import { openPgStore } from '../../src/store/pg/pg-store.ts';
import type { Store } from '../../src/store/store.ts';
import { createTestDatabase } from './pg/database.ts';

/** Starts the writer, waits for `acks` acknowledgements, kills it with SIGKILL; returns what was acknowledged. */
export async function writeUntilKilled(
  kind: 'json' | 'pg',
  where: string,
  acks: number,
  from = 0,
): Promise<number[]> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/store/kill-writer.ts', kind, where, String(from)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const acked: number[] = [];
  let errors = '';
  child.stderr.on('data', (b) => {
    errors += String(b);
  });
  let buffered = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (b) => {
      buffered += String(b);
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('ack ')) acked.push(Number(line.slice(4)));
      if (acked.length >= acks) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.once('exit', () =>
      reject(new Error(`the writer exited before ${acks} acknowledgements: ${errors}`)),
    );
  });
  await exited;
  return acked;
}

/** Acknowledged changes the store does not hold (request key, counter or audit event missing). */
export async function missing(store: Store, acked: readonly number[]): Promise<number[]> {
  const seen = await store.read((d) => d.seen);
  const targets = new Set<string>();
  for await (const e of store.audit.all('acme')) targets.add(e.target);
  return acked.filter((n) => !seenUntil(seen, `k${n}`) || !targets.has(`k${n}`));
}

/** Where a kill -9 run writes: a fresh store of each kind, opened as the bot would open it, and dropped after. */
export type KillTarget = { where: string; open(): Promise<Store>; drop(): Promise<void> };
export const killStores: Array<{
  name: string;
  kind: 'json' | 'pg';
  make(label: string): Promise<KillTarget>;
}> = [
  {
    name: 'JSON store',
    kind: 'json',
    async make(label) {
      const dir = await mkdtemp(join(tmpdir(), `${label}-`));
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
    async make(label) {
      const db = await createTestDatabase(label);
      return { where: db.url, open: () => openPgStore({ url: db.url }), drop: () => db.drop() };
    },
  },
];

// Run by the read-only folder test, as an unprivileged user when the suite runs as root (root ignores
// permission bits): a store whose folder turns read-only while it is open. Prints what happened as JSON.
import { chmod, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoreData } from '../../src/domain/schemas.ts';
import { markSeen, seenKeys } from '../../src/domain/seen.ts';
import { openJsonFileStore } from '../../src/store/json-file-store.ts';
import { commit } from '../../src/store/store.ts';

const AT = '2025-01-01T00:00:00.000Z';
const dir = await mkdtemp(join(tmpdir(), 'readonly-'));
const file = join(dir, 'db.json');
const warnings: string[] = [];
process.on('warning', (w) => warnings.push(w.message));
const add = (key: string) => (d: StoreData) => {
  markSeen(d.seen, key, AT);
  return commit(key);
};
try {
  const store = await openJsonFileStore({ file });
  await store.transaction(add('kept'));
  await chmod(dir, 0o500);
  // The journal is open already: a change is still made durable in it.
  const during = await store.transaction(add('during')).then(
    () => 'saved',
    (e: unknown) => `refused: ${(e as Error).message}`,
  );
  // Closing cannot write a new snapshot in a read-only folder: it says so, and the journal keeps everything.
  const closed = await store.close().then(
    () => 'closed',
    (e: unknown) => `refused: ${(e as Error).message}`,
  );
  const reopenedReadOnly = await openJsonFileStore({ file }).then(
    async (s) => {
      await s.close();
      return 'opened';
    },
    (e: unknown) => `refused: ${(e as Error).message}`,
  );
  await chmod(dir, 0o700);
  const again = await openJsonFileStore({ file });
  const keys = await again.read((d) => seenKeys(d.seen));
  await again.close();
  const files = (await readdir(dir)).sort();
  process.stdout.write(
    `${JSON.stringify({ uid: process.getuid?.(), during, closed, reopenedReadOnly, keys, files, warnings })}\n`,
  );
} finally {
  await chmod(dir, 0o700).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
}

// Child process for the read-only-folder test: run by a user the permission bits apply to (never root).
// Writes once, makes its own folder read-only, tries a write, restores the folder, writes again; prints what it saw.
import { chmod, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { StoreData } from '../../src/domain/schemas.ts';
import { openJsonFileStore } from '../../src/store/json-file-store.ts';
import { commit } from '../../src/store/store.ts';

const [file] = process.argv.slice(2);
if (!file) throw new Error('usage: read-only-folder-child.ts FILE');
const dir = dirname(file);
const addSeen = (key: string) => (d: StoreData) => {
  d.seen[key] = '2026-01-01T00:00:00.000Z';
  return commit(key);
};

const store = await openJsonFileStore({ file });
await store.transaction(addSeen('kept'));
const before = await readFile(file, 'utf8');
await chmod(dir, 0o500);
let refused = '';
try {
  await store.transaction(addSeen('lost'));
} catch (e) {
  refused = (e as NodeJS.ErrnoException).code ?? 'error';
}
const seenAfterRefusal = await store.read((d) => Object.keys(d.seen));
const fileUnchanged = (await readFile(file, 'utf8')) === before;
await chmod(dir, 0o700);
await store.transaction(addSeen('next'));
const seenAtEnd = await store.read((d) => Object.keys(d.seen));
await store.close();
console.log(JSON.stringify({ uid: process.getuid?.(), refused, seenAfterRefusal, fileUnchanged, seenAtEnd }));

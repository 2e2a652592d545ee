// writeDurably, step by step: the renames are made durable by an fsync of the folder right after them.
import type { FileHandle } from 'node:fs/promises';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeStoreFs, type StoreFs, writeDurably } from '../../src/store/durable-write.ts';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'portal-durable-'));
  file = join(dir, 'db.json');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** The real filesystem, with every call that matters for durability written down in order. */
function recording() {
  const calls: string[] = [];
  const opened = new Map<FileHandle, string>();
  const name = (p: string) =>
    p === dir ? 'folder' : p === file ? 'db.json' : p.endsWith('.bak') ? 'db.json.bak' : 'temp';
  const fs: StoreFs = {
    ...nodeStoreFs,
    open: async (path, flags, mode) => {
      const h = await nodeStoreFs.open(path, flags, mode);
      opened.set(h, path);
      return h;
    },
    fsync: (h) => {
      calls.push(`fsync ${name(opened.get(h) ?? '')}`);
      return nodeStoreFs.fsync(h);
    },
    rename: (from, to) => {
      calls.push(`rename to ${name(to)}`);
      return nodeStoreFs.rename(from, to);
    },
  };
  return { fs, calls };
}

describe('writeDurably', () => {
  it('a first write: the temp file is fsynced, renamed into place, then the folder is fsynced', async () => {
    const { fs, calls } = recording();
    await writeDurably(file, '{"a":1}', fs);
    expect(calls).toEqual(['fsync temp', 'rename to db.json', 'fsync folder']);
    expect(await readFile(file, 'utf8')).toBe('{"a":1}');
  });

  it('a later write keeps the previous file as .bak; the folder is fsynced after the last rename', async () => {
    await writeDurably(file, '{"a":1}');
    const { fs, calls } = recording();
    await writeDurably(file, '{"a":2}', fs);
    expect(calls).toEqual(['fsync temp', 'rename to db.json.bak', 'rename to db.json', 'fsync folder']);
    expect(await readFile(`${file}.bak`, 'utf8')).toBe('{"a":1}');
    expect(await readFile(file, 'utf8')).toBe('{"a":2}');
  });
});

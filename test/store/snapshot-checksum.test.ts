// A snapshot the store wrote and nobody touched opens without a second validation; anything else is validated.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { seedData } from '../../src/app/app.ts';
import { openJsonFileStore, StoreOpenError } from '../../src/store/json-file-store.ts';
import { checkedSnapshot, SnapshotSchema, snapshotText } from '../../src/store/snapshot-format.ts';
import { commit } from '../../src/store/store.ts';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'store-sum-'));
  file = join(dir, 'db.json');
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

/** A store holding the demo company with one change made, closed: its snapshot is as the store writes it. */
async function writtenByStore(): Promise<string> {
  const store = await openJsonFileStore({
    file,
    seed: () => seedData(true, new Date('2025-01-01T00:00:00Z')),
  });
  await store.transaction((d) => {
    const m = d.companies[0]?.members[0];
    if (m) m.name = 'Renamed Member';
    return commit(undefined);
  });
  await store.close();
  return readFile(file, 'utf8');
}

async function openCountingValidations(): Promise<{ names: string[]; validations: number }> {
  const spy = vi.spyOn(SnapshotSchema, 'safeParse');
  const store = await openJsonFileStore({ file });
  const names = await store.read((d) => d.companies.flatMap((c) => c.members.map((m) => m.name)));
  await store.close();
  const validations = spy.mock.calls.length;
  spy.mockRestore();
  return { names, validations };
}

describe('the snapshot checksum', () => {
  it('lets a snapshot the store wrote open without validating it again, with the same state', async () => {
    await writtenByStore();
    const { names, validations } = await openCountingValidations();
    expect(validations).toBe(0);
    expect(names).toContain('Renamed Member');
  });

  it('gives exactly what validating the file would give', async () => {
    const text = await writtenByStore();
    const checked = checkedSnapshot(text);
    expect(checked).not.toBeNull();
    expect(checked).toEqual(SnapshotSchema.parse(JSON.parse(text)));
  });

  it('does not vouch for a file edited by hand: it is validated, and a bad field refuses the start', async () => {
    const text = await writtenByStore();
    const member = JSON.parse(text).companies[0].members[0].email as string;
    await writeFile(file, text.replace(`"email":"${member}"`, '"email":"not-an-email"'));
    expect(checkedSnapshot(await readFile(file, 'utf8'))).toBeNull();
    const refused = await openJsonFileStore({ file }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(StoreOpenError);
    expect((refused as StoreOpenError).message).toMatch(/companies\.0\.members\.0\.email/);
  });

  it('does not vouch for a valid edit either: the file is validated, then opens', async () => {
    const text = await writtenByStore();
    await writeFile(file, text.replace('"Renamed Member"', '"Edited By Hand"'));
    const { names, validations } = await openCountingValidations();
    expect(validations).toBe(1);
    expect(names).toContain('Edited By Hand');
  });

  it('does not vouch for a checksum made under another schema: the file is validated', async () => {
    const text = await writtenByStore();
    const doc = JSON.parse(text);
    const { journal, ...data } = doc;
    const state = JSON.stringify(data);
    const otherSchema = createHash('sha256').update('another schema\n').update(state).digest('hex');
    const forged = `{"journal":${JSON.stringify({ seq: journal.seq, auditBytes: journal.auditBytes, sha256: otherSchema })},${state.slice(1)}`;
    await writeFile(file, forged);
    expect(checkedSnapshot(forged)).toBeNull();
    const { validations } = await openCountingValidations();
    expect(validations).toBe(1);
  });

  it('is written again with every snapshot, so a file without one (an older version) gets one on close', async () => {
    const text = await writtenByStore();
    const doc = JSON.parse(text);
    delete doc.journal.sha256;
    await writeFile(file, JSON.stringify(doc));
    expect((await openCountingValidations()).validations).toBe(1);
    const store = await openJsonFileStore({ file });
    await store.transaction((d) => {
      const m = d.companies[0]?.members[0];
      if (m) m.name = 'Again';
      return commit(undefined);
    });
    await store.close();
    const after = await readFile(file, 'utf8');
    expect(after).toBe(snapshotText(JSON.parse(after)));
    expect(checkedSnapshot(after)).not.toBeNull();
  });
});

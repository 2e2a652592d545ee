// Exports in the console: the file goes under the data folder (0600, never over an earlier one), and the answer
// says where, or says plainly that nothing was saved.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveExport } from '../../adapters/console/save-file.ts';
import { ConsoleSession } from '../../adapters/console/session.ts';
import { asConsole, memoryApp } from '../fakes/app.ts';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'portal-export-'));
});
afterEach(() => rm(folder, { recursive: true, force: true }));

const file = {
  name: 'team-contoso-2026-11-28.csv',
  mime: 'text/csv' as const,
  content: 'Name\r\nAna\r\n',
  rows: 1,
};

describe('saveExport', () => {
  it('writes under <data>/exports, readable only by its owner', async () => {
    const path = await saveExport(folder, file);
    expect(path).toBe(join(folder, 'exports', file.name));
    expect(await readFile(path, 'utf8')).toBe(file.content);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(folder, 'exports'))).mode & 0o777).toBe(0o700);
  });

  it('never overwrites an earlier export of the same day', async () => {
    const first = await saveExport(folder, file);
    await writeFile(first, 'kept');
    const second = await saveExport(folder, { ...file, content: 'new' });
    expect(second).toBe(join(folder, 'exports', 'team-contoso-2026-11-28-2.csv'));
    expect(await readFile(first, 'utf8')).toBe('kept');
  });
});

describe('the console session', () => {
  it('prints the path of the saved file after the answer', async () => {
    const app = memoryApp();
    const s = new ConsoleSession({
      app,
      identity: asConsole('adelev@example.com'),
      save: (f) => saveExport(folder, f),
    });
    const out = await s.handleLine('team --export csv');
    const path = join(folder, 'exports', 'team-contoso-2026-11-28.csv');
    expect(out).toContain('in *team-contoso-2026-11-28.csv*.');
    expect(out).toContain(`Saved to ${path} (readable only by you).`);
    expect(await readFile(path, 'utf8')).toContain('adelev@example.com');
  });

  it('says the file was not saved when writing fails, and claims nothing', async () => {
    const app = memoryApp();
    const s = new ConsoleSession({
      app,
      identity: asConsole('adelev@example.com'),
      save: () => Promise.reject(new Error('EACCES: permission denied')),
    });
    const out = await s.handleLine('team --export csv');
    expect(out).toContain(
      '✗ team-contoso-2026-11-28.csv was not saved: EACCES: permission denied. Nothing was written',
    );
    expect(out).not.toContain('Saved to');
  });
});

// Shipped files (demo data, migrations) are found from wherever the code runs: sources, compiled files, the bundle's chunks.
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FILE } from '../../src/app/app.ts';
import { MIGRATIONS_DIR } from '../../src/store/pg/migrate.ts';
import { shippedFile } from '../../src/store/shipped-file.ts';
import { ROOT } from '../support/bot-process.ts';

let root = '';
const at = (...p: string[]) => pathToFileURL(join(root, ...p)).href;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'shipped-'));
  for (const dir of ['data', 'dist/data', 'dist/src/app/chunks', 'src/app'])
    mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, 'data/demo.json'), '{}');
  writeFileSync(join(root, 'dist/data/demo.json'), '{}');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('shippedFile', () => {
  it('finds the nearest copy above the code: the sources use the repository’s, the build and its chunks dist’s', () => {
    expect(shippedFile('data/demo.json', at('src/app/app.ts'))).toBe(join(root, 'data/demo.json'));
    expect(shippedFile('data/demo.json', at('dist/src/app/app.js'))).toBe(join(root, 'dist/data/demo.json'));
    expect(shippedFile('data/demo.json', at('dist/src/app/chunks/chunk-X.js'))).toBe(
      join(root, 'dist/data/demo.json'),
    );
  });

  it('names where the file would be when there is none, so the error reading it says a real place', () => {
    expect(shippedFile('data/none.json', at('src/app/app.ts'))).toBe(join(root, 'data/none.json'));
  });

  it('gives the repository’s demo company and migrations to code run from the sources', () => {
    expect(DEMO_FILE).toBe(join(ROOT, 'data/demo.json'));
    expect(MIGRATIONS_DIR).toBe(join(ROOT, 'migrations'));
  });
});

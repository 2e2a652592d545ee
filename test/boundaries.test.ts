// The architecture, tested: the core imports no chat SDK, and adapters never touch the store.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : p.endsWith('.ts') ? [p] : [];
  });

const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map(
    (m) => m[1] ?? '',
  );

describe('module boundaries', () => {
  it('no file under src/ imports Slack, botbuilder or Microsoft packages', () => {
    const offenders = filesUnder('src').flatMap((f) =>
      importsOf(f)
        .filter((i) => /^(@slack\/|botbuilder|@microsoft\/)/.test(i))
        .map((i) => `${f} -> ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('no file under adapters/ imports the store or the domain internals', () => {
    const offenders = filesUnder('adapters').flatMap((f) =>
      importsOf(f)
        .filter((i) => /src\/store\/(?!json-file-store\.ts$)|src\/domain\/audit/.test(i))
        .map((i) => `${f} -> ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('nothing the repository runs reads a path outside it (a fresh clone has no ../shared)', () => {
    const outside = /['"`](?:\.\.\/)+shared\//;
    const offenders = ['src', 'adapters', 'test', 'bench']
      .flatMap((dir) => filesUnder(dir))
      .filter((f) => outside.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
    // The check itself matches what it looks for.
    expect(outside.test(`readFileSync('../${'shared'}/fixtures/x.json')`)).toBe(true);
  });

  it('the boundary check itself sees imports (it would catch an offender)', () => {
    expect(importsOf('src/app/dispatch.ts')).toContain('../store/store.ts');
  });
});

// The reference model is independent: it imports nothing from src/ (above all not src/policy), only its own files.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = 'test/model';
const modelFiles = () => readdirSync(DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

/** Every module a file names: static imports and re-exports, `import type`, dynamic `import()` and `require()`. */
const specifiersOf = (source: string) => [
  ...[...source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? ''),
  ...[...source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? ''),
  ...[...source.matchAll(/\b(?:import|require)\s*\(\s*['"`]([^'"`]+)['"`]/g)].map((m) => m[1] ?? ''),
];

describe('the reference model shares no code with what it checks', () => {
  it('reads every kind of import the model could use', () => {
    const sample = [
      "import { a } from '../../src/policy/capabilities.ts';",
      "import type { B } from './state.ts';",
      "export { c } from '../x.ts';",
      "import './side-effect.ts';",
      "const d = await import('../../src/policy/caller.ts');",
    ].join('\n');
    expect(specifiersOf(sample).sort()).toEqual(
      [
        '../../src/policy/caller.ts',
        '../../src/policy/capabilities.ts',
        '../x.ts',
        './side-effect.ts',
        './state.ts',
      ].sort(),
    );
  });

  it('every file of test/model imports only its sibling model files (nothing from src/, above all src/policy)', () => {
    const files = modelFiles();
    expect(files).toEqual(
      expect.arrayContaining(['model.ts', 'table.ts', 'state.ts', 'effects.ts', 'commands.ts']),
    );
    const offenders = files.flatMap((f) =>
      specifiersOf(readFileSync(join(DIR, f), 'utf8'))
        .filter((s) => !/^\.\/[a-z-]+\.ts$/.test(s))
        .map((s) => `${f} -> ${s}`),
    );
    expect(offenders).toEqual([]);
  });
});

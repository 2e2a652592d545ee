// botbuilder is archived: it is kept to three files of adapters/teams, and our turn logic never sees its types.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory()
      ? f === 'node_modules'
        ? []
        : filesUnder(p)
      : p.endsWith('.ts')
        ? [p]
        : [];
  });

const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map(
    (m) => m[1] ?? '',
  );

const SDK = /^(botbuilder|botframework-|@microsoft\/agents-)/;
const sdkUsers = (dirs: string[]) =>
  dirs.flatMap(filesUnder).filter((f) => importsOf(f).some((i) => SDK.test(i)));

describe('the Bot Framework SDK at arm’s length', () => {
  it('is imported by at most three files, all under adapters/teams (endpoint, outbound)', () => {
    const users = sdkUsers(['src', 'adapters', 'bench']);
    expect(users.length).toBeLessThanOrEqual(3);
    for (const f of users) expect(f.startsWith(join('adapters', 'teams'))).toBe(true);
    expect(users.sort()).toEqual([join('adapters/teams/endpoint.ts'), join('adapters/teams/outbound.ts')]);
  });

  it('the tests work at the HTTP boundary: none imports the SDK', () => {
    expect(sdkUsers(['test'])).toEqual([]);
  });

  it('the check sees imports (it would catch an offender)', () => {
    expect(importsOf('adapters/teams/endpoint.ts')).toContain('botbuilder');
  });
});

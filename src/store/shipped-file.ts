// Files the bot ships beside its code (the demo company, the PostgreSQL migrations), found from wherever the
// code runs: src/ under tsx, dist/ compiled file by file, or the bundle in dist/ (npm run build), whose
// modules no longer sit at their source's depth.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The nearest `relative` (e.g. `data/demo.json`) in the folder of `from` or above it. When there is none,
 * where it would be beside the package root's sources, so that the error reading it names a real place.
 */
export function shippedFile(relative: string, from: string = import.meta.url): string {
  const start = dirname(fileURLToPath(from));
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return join(start, '..', '..', relative);
  }
}

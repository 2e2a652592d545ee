// Where the console puts an exported file: under the data folder, readable by its owner only.
import { mkdir, open } from 'node:fs/promises';
import { join, parse } from 'node:path';
import type { ExportFile } from '../../src/views/view.ts';

/**
 * Writes `file` into `<folder>/exports/` (0700) as a new file (0600), never over an earlier export: a second
 * one the same day gets `-2`, `-3`, … Returns the path written.
 */
export async function saveExport(folder: string, file: ExportFile): Promise<string> {
  const dir = join(folder, 'exports');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const { name, ext } = parse(file.name);
  for (let n = 1; ; n++) {
    const path = join(dir, n === 1 ? file.name : `${name}-${n}${ext}`);
    try {
      const handle = await open(path, 'wx', 0o600);
      try {
        await handle.writeFile(file.content, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      return path;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

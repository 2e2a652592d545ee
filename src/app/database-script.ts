// What the two JSON <-> PostgreSQL scripts check before they touch anything: the configuration, one file, DATABASE_URL.
import { loadConfig } from './config.ts';

/** The file and database a transfer script works on; otherwise says what is wrong and exits 2. */
export function transferTarget(
  positionals: string[],
  purpose: string,
  usage: string,
): { file: string; url: string } {
  const [file, ...extra] = positionals;
  const loaded = loadConfig();
  if (!loaded.ok) {
    process.stderr.write(`Configuration error: ${loaded.problem}\n`);
    process.exit(2);
  }
  const url = loaded.config.databaseUrl;
  if (!file || extra.length || !url) {
    process.stderr.write(
      `${url ? '' : `DATABASE_URL is not set: it names the database ${purpose}.\n`}${usage}\n`,
    );
    process.exit(2);
  }
  return { file, url };
}

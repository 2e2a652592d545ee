// `npm run migrate`: brings the PostgreSQL store's schema (DATABASE_URL) up to date. The server does the
// same at start; this runs it on its own, e.g. before rolling out replicas.
import pg from 'pg';
import { clientConfig, reasonOf } from '../store/pg/connect.ts';
import { migrate } from '../store/pg/migrate.ts';
import { describeDatabase } from '../store/pg/pg-store.ts';
import { loadConfig } from './config.ts';

const loaded = loadConfig();
if (!loaded.ok) {
  process.stderr.write(`Configuration error: ${loaded.problem}\n`);
  process.exit(2);
}
const url = loaded.config.databaseUrl;
if (!url) {
  process.stderr.write('npm run migrate needs DATABASE_URL (the JSON store has no schema to migrate).\n');
  process.exit(2);
}
const client = new pg.Client(clientConfig({ url }));
try {
  await client.connect();
  const ran = await migrate(client);
  process.stdout.write(
    ran.length
      ? `Migrated ${describeDatabase(url)}: ${ran.join(', ')}.\n`
      : `${describeDatabase(url)} is up to date.\n`,
  );
} catch (e) {
  process.stderr.write(`Could not migrate ${describeDatabase(url)}: ${reasonOf(e)}. Nothing was changed.\n`);
  process.exitCode = 1;
} finally {
  await client.end().catch(() => undefined);
}

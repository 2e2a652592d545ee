// `npm run export:json -- FILE.json`: writes the PostgreSQL store (DATABASE_URL) out as a new JSON store,
// state and audit log from one snapshot, then opens it and verifies every company's audit chain.
import { reasonOf } from '../store/pg/connect.ts';
import { describeDatabase } from '../store/pg/pg-store.ts';
import { exportPgToJson, TransferRefused } from '../store/pg/transfer.ts';
import { loadConfig } from './config.ts';
import { reportChains } from './transfer-report.ts';

const USAGE = 'Usage: DATABASE_URL=postgres://... npm run export:json -- FILE.json';

const [file, ...extra] = process.argv.slice(2);
const loaded = loadConfig();
if (!loaded.ok) {
  process.stderr.write(`Configuration error: ${loaded.problem}\n`);
  process.exit(2);
}
const url = loaded.config.databaseUrl;
if (!file || extra.length || !url) {
  process.stderr.write(
    `${url ? '' : 'DATABASE_URL is not set: it names the database to export.\n'}${USAGE}\n`,
  );
  process.exit(2);
}
try {
  const copied = await exportPgToJson(url, file);
  process.stdout.write(
    `Exported ${describeDatabase(url)} to ${file}: ${copied.companies} companies, ${copied.events} audit events.\n`,
  );
  process.exitCode = reportChains(copied.verified);
} catch (e) {
  const message = e instanceof TransferRefused ? e.message : `Could not export to ${file}: ${reasonOf(e)}.`;
  process.stderr.write(`${message}\n`);
  process.exitCode = 1;
}

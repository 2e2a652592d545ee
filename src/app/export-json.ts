// `npm run export:json -- FILE.json`: writes the PostgreSQL store (DATABASE_URL) out as a new JSON store,
// state and audit log from one snapshot, then opens it and verifies every company's audit chain.

import { reasonOf } from '../store/pg/connect.ts';
import { describeDatabase } from '../store/pg/pg-store.ts';
import { exportPgToJson, TransferRefused } from '../store/pg/transfer.ts';
import { transferTarget } from './database-script.ts';
import { reportChains } from './transfer-report.ts';

const USAGE = 'Usage: DATABASE_URL=postgres://... npm run export:json -- FILE.json';

const { file, url } = transferTarget(process.argv.slice(2), 'to export', USAGE);
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

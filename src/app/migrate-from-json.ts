// `npm run migrate:from-json -- data/db.json [--replace]`: copies a JSON store into the PostgreSQL store
// (DATABASE_URL), state and audit log, in one transaction; a database that holds anything is refused
// unless --replace is given.

import { parseArgs } from 'node:util';
import { reasonOf } from '../store/pg/connect.ts';
import { describeDatabase } from '../store/pg/pg-store.ts';
import { copyJsonToPg, TransferRefused } from '../store/pg/transfer.ts';
import { transferTarget } from './database-script.ts';
import { reportChains } from './transfer-report.ts';

const USAGE = 'Usage: DATABASE_URL=postgres://... npm run migrate:from-json -- FILE.json [--replace]';

let args: ReturnType<typeof parse>;
const parse = () =>
  parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { replace: { type: 'boolean' } },
  });
try {
  args = parse();
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
const { file, url } = transferTarget(args.positionals, 'to copy into', USAGE);
try {
  const copied = await copyJsonToPg(file, url, { replace: args.values.replace === true });
  process.stdout.write(
    `Copied ${file} into ${describeDatabase(url)}: ${copied.companies} companies, ${copied.events} audit events.\n`,
  );
  process.exitCode = reportChains(copied.verified);
} catch (e) {
  const message =
    e instanceof TransferRefused ||
    (e as Error)?.name === 'StoreOpenError' ||
    (e as Error)?.name === 'InvalidChangeError'
      ? (e as Error).message
      : `Could not copy ${file}: ${reasonOf(e)}. Nothing was copied.`;
  process.stderr.write(`${message}\n`);
  process.exitCode = 1;
}

// Child process for the one-owner tests: opens the store file given in argv and reports on stdout.
// With `hold`, it keeps the store open until killed; otherwise it closes at once.
import { describeLock, openJsonFileStore, StoreOpenError } from '../../src/store/json-file-store.ts';

const [file, mode] = process.argv.slice(2);
if (!file) throw new Error('usage: open-in-child.ts FILE [hold]');
const lockHolder = describeLock(file);
try {
  const store = await openJsonFileStore({ file });
  console.log(JSON.stringify({ opened: true, pid: process.pid, lockHolder }));
  if (mode === 'hold') setInterval(() => undefined, 60_000);
  else await store.close();
} catch (error) {
  if (!(error instanceof StoreOpenError)) throw error;
  console.log(JSON.stringify({ opened: false, failure: error.failure, lockHolder }));
}

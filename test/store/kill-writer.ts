// Child process for the kill -9 tests: opens the store named in argv and commits changes as fast as it
// can, printing "ack N" once change N is acknowledged, until it is killed.

import { markSeen } from '../../src/domain/seen.ts';
import { openJsonFileStore } from '../../src/store/json-file-store.ts';
import { openPgStore } from '../../src/store/pg/pg-store.ts';
import { commit, type Store } from '../../src/store/store.ts';
import { AT, company, storeWith } from './fixtures.ts';

const [kind, where, from = '0'] = process.argv.slice(2);
if ((kind !== 'json' && kind !== 'pg') || !where)
  throw new Error('usage: kill-writer.ts json|pg FILE|URL [FROM]');
const seed = () => storeWith(company('acme'));
const store: Store =
  kind === 'json' ? await openJsonFileStore({ file: where, seed }) : await openPgStore({ url: where, seed });
process.stdout.write('open\n');

const change = (n: number) =>
  store.transaction((d, tx) => {
    markSeen(d.seen, `k${n}`, AT);
    const c = d.companies[0];
    if (c) c.nextCaseNumber = Math.max(c.nextCaseNumber, n + 1);
    tx.audit({
      companyId: 'acme',
      at: AT,
      actor: 'writer',
      chat: 'system',
      action: 'test.ack',
      target: `k${n}`,
      before: null,
      after: n,
    });
    return commit(n);
  });

// Waves of concurrent changes, so acknowledged ones share groups (and fsyncs) with ones in flight.
for (let n = Number(from); ; ) {
  const wave = Array.from({ length: 16 }, () => n++);
  await Promise.all(wave.map((i) => change(i).then((v) => process.stdout.write(`ack ${v}\n`))));
}

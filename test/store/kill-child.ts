// The server process the kill -9 suite kills: the real pipeline on the store given in argv (a JSON store
// file, compacting often, or a postgres:// URL). At start it reports what the store holds; then it runs every command line it reads at once
// (so changes share fsyncs) and prints each acknowledgement as the chats would answer it.
import { createInterface } from 'node:readline';
import { appOver, seedData } from '../../src/app/app.ts';
import { silentSecurityLog } from '../../src/app/security-log.ts';
import { openJsonFileStore } from '../../src/store/json-file-store.ts';
import { openPgStore } from '../../src/store/pg/pg-store.ts';

const [file] = process.argv.slice(2);
if (!file) throw new Error('usage: kill-child.ts FILE');

const seed = () => seedData(true, new Date());
const store = file.startsWith('postgres')
  ? await openPgStore({ url: file, seed })
  : await openJsonFileStore({ file, compactBytes: 16 * 1024, seed });
const app = appOver(store, { securityLog: silentSecurityLog });
const held = await store.read((d) => {
  const c = d.companies.find((x) => x.id === 'contoso');
  return { members: c?.members.map((m) => m.email) ?? [], cases: c?.cases.map((k) => k.title) ?? [] };
});
const verify = await store.audit.verify('contoso');
process.stdout.write(`${JSON.stringify({ ready: true, ...held, verify })}\n`);

for await (const line of createInterface({ input: process.stdin })) {
  const { id, text } = JSON.parse(line) as { id: number; text: string };
  void app.run({ chat: 'console', email: 'alexw@example.com' }, { kind: 'text', text }).then((o) => {
    process.stdout.write(`${JSON.stringify({ id, ok: o.result.ok })}\n`);
  });
}

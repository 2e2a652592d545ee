// Run as a child with the bot's environment: opens the store the way `npm run import` does, to seed it or check it.
//   seed MEMBERS HISTORY   imports the generated company, then HISTORY audit events through tx.audit
//   check FILE             FILE lists [email, infra] grants that were acknowledged; prints which are missing
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { openApp } from '../src/app/app.ts';
import { loadConfig } from '../src/app/config.ts';
import { commit } from '../src/store/store.ts';
import { benchCompany, COMPANY_ID, historyEntry } from './company.ts';

const GrantsSchema = z.array(z.tuple([z.string(), z.string()]));

/** Events per transaction: large enough to be quick, small enough that no single write is huge. */
const HISTORY_CHUNK = 25_000;

async function open() {
  const loaded = loadConfig();
  if (!loaded.ok) throw new Error(`configuration error: ${loaded.problem}`);
  return openApp({ dataFile: loaded.config.dataFile, databaseUrl: loaded.config.databaseUrl, demo: false });
}

async function seed(members: number, history: number) {
  const app = await open();
  const now = app.clock.now();
  const company = benchCompany(members, now);
  await app.store.transaction((draft, tx) => {
    draft.companies.push(company);
    tx.audit({
      companyId: COMPANY_ID,
      at: new Date(now.getTime() - 366 * 86_400_000).toISOString(),
      actor: 'import',
      chat: 'import',
      action: 'company.import',
      target: COMPANY_ID,
      before: null,
      after: { members },
    });
    return commit(undefined);
  });
  for (let from = 0; from < history; from += HISTORY_CHUNK) {
    await app.store.transaction((_, tx) => {
      for (let n = from; n < Math.min(history, from + HISTORY_CHUNK); n++)
        tx.audit(historyEntry(n, history, members, now));
      return commit(undefined);
    });
  }
  await app.close();
  return { members: company.members.length, events: history + 1 };
}

async function check(file: string) {
  const grants = GrantsSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  const app = await open();
  const missing = await app.store.read((d) => {
    const c = d.companies.find((x) => x.id === COMPANY_ID);
    return grants.filter(
      ([email, infra]) => c?.members.find((m) => m.email === email)?.roles[infra] !== 'member',
    );
  });
  await app.close();
  return { checked: grants.length, missing };
}

const [verb, a, b] = process.argv.slice(2);
const report =
  verb === 'seed'
    ? await seed(Number(a), Number(b ?? 0))
    : verb === 'check' && a
      ? await check(a)
      : (() => {
          throw new Error('usage: store-tool.ts seed MEMBERS HISTORY | check FILE');
        })();
// One JSON line for the parent (stores.ts parses it).
process.stdout.write(`${JSON.stringify(report)}\n`);

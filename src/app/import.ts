// `npm run import -- FILE`: load a company file into the store, or refuse it with the reason and change nothing.
import { readFile } from 'node:fs/promises';
import { type Checked, parseCompanyFile } from '../domain/company-file.ts';
import { commit, rollback } from '../store/store.ts';
import { AppStartError, openApp } from './app.ts';
import { loadConfig } from './config.ts';

const file = process.argv[2];
const loaded = loadConfig();
if (!file || !loaded.ok) {
  process.stderr.write(
    loaded.ok ? 'Usage: npm run import -- FILE.json\n' : `Configuration error: ${loaded.problem}\n`,
  );
  process.exit(2);
}

let json: unknown;
try {
  json = JSON.parse(await readFile(file, 'utf8'));
} catch (e) {
  process.stderr.write(`Cannot read ${file}: ${(e as Error).message}\n`);
  process.exit(1);
}

try {
  const app = await openApp({
    dataFile: loaded.config.dataFile,
    databaseUrl: loaded.config.databaseUrl,
    demo: loaded.config.demo,
  });
  const now = app.clock.now();
  const result = await app.store.transaction<Checked>((draft, tx) => {
    const checked = parseCompanyFile(json, now, draft.companies);
    if (!checked.ok) return rollback(checked);
    draft.companies.push(checked.company);
    tx.audit({
      companyId: checked.company.id,
      at: now.toISOString(),
      actor: 'import',
      chat: 'import',
      action: 'company.import',
      target: checked.company.id,
      before: null,
      after: { members: checked.company.members.length, file },
    });
    return commit(checked);
  });
  await app.close();
  if (!result.ok) {
    process.stderr.write(`Refused ${file}: ${result.problem}. The store was not changed.\n`);
    process.exit(1);
  }
  process.stdout.write(
    `Imported ${result.company.name} (${result.company.id}): ${result.company.members.length} members.\n`,
  );
  for (const w of result.warnings) process.stdout.write(`Note: ${w}\n`);
} catch (e) {
  if (e instanceof AppStartError) {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
  throw e;
}

// The local console: `npm run console -- --as EMAIL [--company ID]`, a REPL over the same app as the chats.
import { createWriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { type App, AppStartError, openApp, storeName } from '../../src/app/app.ts';
import { loadConfig } from '../../src/app/config.ts';
import { securityLog } from '../../src/app/security-log.ts';
import { EmailSchema } from '../../src/domain/schemas.ts';
import { describeLock } from '../../src/store/json-file-store.ts';
import { escapeControls } from '../../src/views/render-text.ts';
import { saveExport } from './save-file.ts';
import { ConsoleSession } from './session.ts';

const USAGE = `Usage: npm run console -- --as EMAIL [--company COMPANY_ID]

  --as EMAIL         who you are, e.g. --as alexw@example.com
  --company ID       which company, when the email belongs to several

Type a command (try: help), a button's number to press it, or quit.`;

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function readArgv(): { email: string; companyId: string | undefined } {
  let values: { as?: string; company?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { as: { type: 'string' }, company: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    fail(`${escapeControls(err instanceof Error ? err.message : String(err))}\n\n${USAGE}`, 2);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if (values.as === undefined) fail(`Missing --as EMAIL.\n\n${USAGE}`, 2);
  const email = EmailSchema.safeParse(values.as);
  if (!email.success) fail(`--as needs an email address, not "${escapeControls(values.as)}".\n\n${USAGE}`, 2);
  return { email: email.data, companyId: values.company };
}

async function main(): Promise<void> {
  const { email, companyId } = readArgv();
  const loaded = loadConfig(process.env);
  if (!loaded.ok) fail(`Configuration error: ${loaded.problem}`, 2);
  const { config } = loaded;

  // Say who holds the store and what to do before opening it; describeLock ignores stale locks of dead pids.
  // The PostgreSQL store is shared by design: the console is one more replica beside the server.
  const lock = config.databaseUrl ? null : describeLock(config.dataFile);
  if (lock !== null) {
    fail(
      [
        `The store ${config.dataFile} is in use by process ${lock.pid}, most likely the server (npm start).`,
        'Only one process may hold it at a time. Either stop that process, or run the console on another file:',
        `  DATA_FILE=data/console.json npm run console -- --as ${email}`,
      ].join('\n'),
      1,
    );
  }

  let app: App;
  try {
    // The terminal is the conversation: refusals are logged to a file beside the store, not between answers.
    const log = createWriteStream(join(dirname(config.dataFile), 'security.log'), {
      flags: 'a',
      mode: 0o600,
    });
    log.on('error', () => undefined);
    app = await openApp({
      dataFile: config.dataFile,
      databaseUrl: config.databaseUrl,
      demo: config.demo,
      securityLog: securityLog(log),
      // The server delivers what the console queues (beside it on PostgreSQL, after it on a JSON file), with
      // the same settings: answers say what its outbox will do.
      reach: { email: config.mail !== undefined, links: config.links !== undefined },
    });
  } catch (err) {
    // AppStartError messages are written for the user; anything else still gets no stack trace here.
    fail(err instanceof AppStartError ? err.message : `Cannot open ${storeName(config)}: ${String(err)}`, 1);
  }

  const tty = process.stdin.isTTY === true;
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: tty,
    prompt: 'portal> ',
  });
  const session = new ConsoleSession({
    app,
    identity: companyId === undefined ? { chat: 'console', email } : { chat: 'console', email, companyId },
    write: (s) => process.stdout.write(s),
    width: process.stdout.columns,
    save: (file) => saveExport(dirname(config.dataFile), file),
  });
  // Ctrl-C ends the loop like end of input, so the app still closes (and flushes) cleanly; a second one forces.
  let interrupted = false;
  const interrupt = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    if (tty) process.stdout.write('\n');
    rl.close();
  };
  rl.on('SIGINT', interrupt);
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  // Nobody reads any more (`npm run console … | head`): stop reading too, and still close the store.
  let readerGone = false;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') fail(`Cannot write to the terminal: ${escapeControls(err.message)}`, 1);
    readerGone = true;
    rl.close();
  });

  if (tty) rl.prompt();
  // The async iterator queues lines, so each is answered in order after the previous one finished.
  for await (const line of rl) {
    if (readerGone) break;
    await session.handleLine(line);
    if (session.ended || readerGone) break;
    if (tty) rl.prompt();
  }
  rl.close();
  await app.close();
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err), 1));

// The application: the store, the clock and the pipeline, opened once and shared by every chat adapter.
import { readFileSync } from 'node:fs';
import { type Logger, pino } from 'pino';
import type { Failure } from '../commands/failure.ts';
import { parseCompanyFile } from '../domain/company-file.ts';
import { type ConversationRef, emptyStoreData, type StoreData } from '../domain/schemas.ts';
import { describeStore, OpenStoreError, openStore, storeLocation } from '../store/open-store.ts';
import { shippedFile } from '../store/shipped-file.ts';
import { InvalidChangeError, OutcomeUnknownError, type Store } from '../store/store.ts';
import { failureView } from '../views/failures.ts';
import type { Reply } from '../views/view.ts';
import type { Reach } from '../workflow/outbox.ts';
import { type Clock, systemClock } from './clock.ts';
import { rememberConversation } from './conversations.ts';
import { type Asker, type Deps, dispatch, type Input, type Outcome } from './dispatch.ts';
import type { Identity } from './identity.ts';
import { createLogger, errorText, withRequest } from './logger.ts';
import { type SecurityLog, securityLog } from './security-log.ts';

export type { Asker, AskPlatform, Input, Outcome } from './dispatch.ts';
export type { Identity } from './identity.ts';

export const DEMO_FILE = shippedFile('data/demo.json');

export class AppStartError extends Error {}

export type App = {
  /**
   * Runs one typed line or pressed button for one chat user; never throws. Chats pass a lookup rather than
   * an identity, so a command that changes something is run on a fresh one (see `Asker`).
   */
  handle(who: Asker, input: Input): Promise<Reply>;
  /** The same, with what happened (for adapters that map failures to their own idioms, and tests); never throws. */
  run(who: Asker, input: Input): Promise<Outcome>;
  /** Whether a Slack workspace or Teams tenant is mapped to a company (adapters ignore the others early). */
  knowsWorkspace(chat: 'slack' | 'teams', id: string): Promise<boolean>;
  /** Called after every command that changed something (the outbox worker delivers at once). */
  onChange(listener: () => void): void;
  /** Remembers where the bot can write to a member or channel later (Teams proactive messages). */
  rememberConversation(who: Identity | null, ref: ConversationRef): Promise<boolean>;
  store: Store;
  clock: Clock;
  /** Waits for commands under way (a Slack listener may still run after its HTTP answer), then releases the store. */
  close(): Promise<void>;
};

/** A new store holds the demo company unless told not to, so a first `npm start` shows a real team. */
export function seedData(demo: boolean, now: Date): StoreData {
  const data = emptyStoreData();
  if (!demo) return data;
  const checked = parseCompanyFile(JSON.parse(readFileSync(DEMO_FILE, 'utf8')), now, []);
  if (!checked.ok) throw new AppStartError(`data/demo.json is not a valid company file: ${checked.problem}`);
  data.companies.push(checked.company);
  return data;
}

/** Without a logger given (tests, tools), only warnings and errors, on stderr. */
let quiet: Logger | undefined;
const quietLogger = () =>
  (quiet ??= createLogger({ level: 'warn', destination: pino.destination({ dest: 2, sync: true }) }));

export type AppOptions = {
  clock?: Clock;
  securityLog?: SecurityLog;
  logger?: Logger;
  /** Email and links, when configured, so answers can say a message will be emailed. */
  reach?: Reach;
};

export function appOver(store: Store, opts: AppOptions = {}): App {
  const deps: Deps = {
    store,
    clock: opts.clock ?? systemClock,
    securityLog: opts.securityLog ?? securityLog(process.stderr),
    ...(opts.reach ? { reach: opts.reach } : {}),
  };
  const logger = opts.logger ?? quietLogger();
  const listeners: Array<() => void> = [];
  const inflight = new Set<Promise<Outcome>>();
  const attempt = async (who: Asker, input: Input): Promise<Outcome> => {
    try {
      const outcome = await dispatch(deps, who, input);
      if (outcome.changed) for (const l of listeners) l();
      logger.info({ event: 'command', outcome: outcomeCode(outcome) }, 'command');
      return outcome;
    } catch (e) {
      // Only the message: the error may be a failed write; the user hears nothing changed, operators see why.
      logger.error({ event: 'dispatch-failed', error: errorText(e) }, 'dispatch-failed');
      const failure: Failure =
        e instanceof InvalidChangeError
          ? { kind: 'not-saved', field: e.field, problem: e.problem }
          : e instanceof OutcomeUnknownError
            ? { kind: 'unconfirmed' }
            : { kind: 'internal' };
      return { result: { ok: false, failure }, reply: { view: failureView(failure), notices: [] } };
    }
  };
  const run = (who: Asker, input: Input): Promise<Outcome> =>
    // A lookup function names its chat only once asked; the adapters' own request context already does.
    withRequest(typeof who === 'function' ? {} : { chat: who.chat }, () => {
      const p = attempt(who, input);
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
      return p;
    });
  return {
    run,
    handle: async (who, input) => (await run(who, input)).reply,
    onChange: (l) => void listeners.push(l),
    knowsWorkspace: (chat, id) =>
      store.read((d) =>
        d.companies.some((c) => (chat === 'slack' ? c.slackTeamIds : c.teamsTenantIds).includes(id)),
      ),
    rememberConversation: (who, ref) => rememberConversation(store, who, ref, deps.clock.now()),
    store,
    clock: deps.clock,
    close: async () => {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
      await store.close();
    },
  };
}

/** Where the store is, for messages: the file, or the PostgreSQL server and database (no credentials). */
export const storeName = (opts: { dataFile: string; databaseUrl?: string | undefined }) =>
  describeStore(storeLocation(opts));

/** What a command came to, as a code for the log: never the reply's text. */
const outcomeCode = (o: Outcome): string =>
  o.duplicate ? 'duplicate' : o.result.ok ? (o.changed ? 'changed' : 'ok') : o.result.failure.kind;

export async function openApp(
  opts: {
    dataFile: string;
    /** Set: the PostgreSQL store there, instead of the JSON store in `dataFile`. */
    databaseUrl?: string | undefined;
    demo?: boolean;
  } & AppOptions,
): Promise<App> {
  const clock = opts.clock ?? systemClock;
  try {
    const store = await openStore(storeLocation(opts), {
      seed: () => seedData(opts.demo ?? true, clock.now()),
    });
    return appOver(store, {
      clock,
      ...(opts.securityLog ? { securityLog: opts.securityLog } : {}),
      ...(opts.logger ? { logger: opts.logger } : {}),
      ...(opts.reach ? { reach: opts.reach } : {}),
    });
  } catch (e) {
    if (e instanceof OpenStoreError) throw new AppStartError(e.message);
    throw e;
  }
}

// Operational logs: one pino logger, the request context on every line, secrets and user text kept out.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { format } from 'node:util';
import { type DestinationStream, type Logger, pino } from 'pino';

/** What a log line says about the request it belongs to; filled in as the request is understood. */
export type RequestContext = {
  requestId: string;
  chat?: string;
  command?: string;
  company?: string;
};

const requests = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` inside a request context (a new request id unless one is given); nested calls share the outer one. */
export function withRequest<T>(seed: Partial<RequestContext>, fn: () => T): T {
  const outer = requests.getStore();
  if (outer) {
    fillRequest(seed);
    return fn();
  }
  return requests.run({ ...seed, requestId: seed.requestId ?? randomUUID() }, fn);
}

/** Adds what has become known (the command, the company) to the current request's context. */
export function fillRequest(more: Partial<Omit<RequestContext, 'requestId'>>): void {
  const ctx = requests.getStore();
  if (!ctx) return;
  for (const [k, v] of Object.entries(more)) if (v !== undefined) (ctx as Record<string, string>)[k] = v;
}

export const currentRequest = (): Readonly<RequestContext> | undefined => requests.getStore();

/**
 * Field names whose values never reach a log: credentials, and what people typed or are (message
 * text, phone numbers). Callers log codes and ids; this is the net under that habit.
 */
const SECRET_KEYS = [
  'token',
  'botToken',
  'appToken',
  'secret',
  'signingSecret',
  'password',
  'appPassword',
  'authorization',
  'cookie',
  'text',
  'body',
  'phone',
];
export const REDACTED = '[redacted]';
const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-slack-signature"]',
];

/** Token shapes that could hide inside a free-text message (an error from a library, say). */
const TOKEN_SHAPES = [
  /xox[abposr]-[A-Za-z0-9-]+/g,
  /xapp-[A-Za-z0-9-]+/g,
  /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi,
  /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g,
];

/**
 * A phone number in free text: `+` and 7 to 15 digits, or 9 to 15 digits in a row (spaces, dashes and
 * brackets allowed between). Dots are not, so addresses like 127.0.0.1:3978 and ISO dates stay readable.
 */
const PHONE = /\+\d(?:[\s().-]*\d){6,14}|\b\d(?:[\s()-]*\d){8,14}\b/g;

/** A free-text message made safe to log: tokens out, phone numbers masked, one line, bounded. */
export function scrub(s: string, max = 500): string {
  let out = s;
  for (const shape of TOKEN_SHAPES) out = out.replace(shape, REDACTED);
  return out
    .replace(PHONE, (m) => m.replace(/\d(?=(?:\D*\d){2})/g, '*'))
    .replace(/\s*\n\s*/g, ' | ')
    .slice(0, max);
}

/** An error as one line: its message (scrubbed), never the stack. */
export const errorText = (e: unknown): string =>
  scrub(e instanceof Error ? e.message : typeof e === 'string' ? e : format('%o', e), 300);

export type LogOptions = {
  level?: string;
  /** Where lines go; stdout by default. */
  destination?: DestinationStream;
};

export function createLogger(opts: LogOptions = {}): Logger {
  return pino(
    {
      level: opts.level ?? 'info',
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: { err: (e: unknown) => errorText(e), error: (e: unknown) => errorText(e) },
      // Every line inside a request carries its id, chat, command and company.
      mixin: () => ({ ...requests.getStore() }),
      hooks: {
        // The message string is free text: scrub it like an error message.
        logMethod(args, method) {
          const [first, ...rest] = args;
          if (typeof first === 'string') return method.apply(this, [scrub(format(first, ...rest))]);
          if (typeof rest[0] === 'string')
            return method.apply(this, [first, scrub(format(rest[0], ...rest.slice(1)))]);
          return method.apply(this, args);
        },
      },
    },
    opts.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/** The shape adapters were written against: an event name and a few codes. */
/** Pretty lines when a person watches a terminal (pino-pretty, a dev dependency); JSON otherwise or when it is absent. */
export async function terminalDestination(): Promise<DestinationStream | undefined> {
  if (!process.stdout.isTTY) return undefined;
  try {
    const { default: pretty } = await import('pino-pretty');
    return pretty({ sync: true, colorize: true, translateTime: 'SYS:HH:MM:ss' });
  } catch {
    return undefined;
  }
}

export type EventLog = (event: string, detail?: Record<string, unknown>) => void;

/** Adapter log calls as pino lines at a level their name implies (failures are warnings). */
export function eventLog(logger: Logger): EventLog {
  return (event, detail = {}) => {
    const level = /failed|refused|error/.test(event) ? 'warn' : 'info';
    logger[level]({ event, ...detail }, event);
  };
}

/**
 * Libraries that write to the console (botbuilder prints errors with console.error) go through the
 * logger instead, scrubbed and on one line, so stdout stays JSON and nothing leaks by that door.
 */
export function routeConsole(logger: Logger): void {
  const to =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) =>
      logger[level](
        { source: 'console' },
        args
          .map((a) => (a instanceof Error ? errorText(a) : typeof a === 'string' ? a : format('%o', a)))
          .join(' '),
      );
  console.log = to('info');
  console.info = to('info');
  console.debug = to('debug');
  console.warn = to('warn');
  console.error = to('error');
}

// Bolt's logger is ours: its lines (and the Socket Mode client's) become pino lines, one line each, scrubbed.
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from 'pino';
import { errorText, scrub } from '../../src/app/logger.ts';

const LEVELS: Record<LogLevel, number> = {
  [LogLevel.DEBUG]: 0,
  [LogLevel.INFO]: 1,
  [LogLevel.WARN]: 2,
  [LogLevel.ERROR]: 3,
};

/** Bolt passes strings, errors and payload objects; only strings and error messages are kept (payloads hold user text). */
const line = (parts: unknown[]) =>
  scrub(
    parts.map((p) => (p instanceof Error ? errorText(p) : typeof p === 'string' ? p : '[object]')).join(' '),
  );

export function boltLogger(logger: Logger, initial: LogLevel = LogLevel.WARN): BoltLogger {
  const child = logger.child({ source: 'bolt' });
  let level = initial;
  let name = 'bolt';
  const at =
    (l: LogLevel, write: (obj: object, msg: string) => void) =>
    (...parts: unknown[]) => {
      if (LEVELS[l] >= LEVELS[level]) write({ component: name }, line(parts));
    };
  return {
    debug: at(LogLevel.DEBUG, (o, m) => child.debug(o, m)),
    info: at(LogLevel.INFO, (o, m) => child.info(o, m)),
    warn: at(LogLevel.WARN, (o, m) => child.warn(o, m)),
    error: at(LogLevel.ERROR, (o, m) => child.error(o, m)),
    // Bolt's debug lines print whole payloads (message text): never below info, whatever Bolt is told.
    setLevel: (l) => {
      level = LEVELS[l] < LEVELS[LogLevel.INFO] ? LogLevel.INFO : l;
    },
    getLevel: () => level,
    setName: (n) => {
      name = n;
    },
  };
}

// Connections to PostgreSQL for the store: one pool, its session settings, and what a failed query means.
import pg from 'pg';

export type PgOptions = {
  /** A PostgreSQL connection string (DATABASE_URL). */
  url: string;
  /** Waiting longer than this for another replica's row lock fails the write ("try again"). */
  lockTimeoutMs?: number;
  /** Connections per process. */
  max?: number;
};

const DEFAULT_LOCK_TIMEOUT_MS = 10_000;

/** The settings every store connection runs with. */
export function clientConfig(opts: PgOptions): pg.ClientConfig {
  return {
    connectionString: opts.url,
    application_name: 'portal-store',
    connectionTimeoutMillis: 5_000,
    lock_timeout: opts.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
    // A replica that stops mid-transaction (paused, partitioned) must not hold company locks for ever.
    idle_in_transaction_session_timeout: 60_000,
    keepAlive: true,
  };
}

/**
 * The pool. A connection that breaks (server restart, terminated backend) is only dropped: the next query
 * opens a new one, so the store reconnects by itself.
 */
export function createPool(opts: PgOptions, onIdleError: (e: Error) => void): pg.Pool {
  // Pipeline mode: statements sent together (a group's writes) share one round trip.
  const pool = new pg.Pool({ ...clientConfig(opts), max: opts.max ?? 8, pipeline: true });
  // A connection that breaks while checked out fails its query, and also emits 'error': heard here, so it
  // is logged rather than taken for an uncaught exception. (The pool reports idle ones the same way.)
  pool.on('connect', (client) => client.on('error', onIdleError));
  pool.on('error', () => undefined);
  return pool;
}

const codeOf = (e: unknown): string | undefined => {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

/** Another transaction got there first (deadlock, serialization, a row inserted concurrently): run it again. */
export function isConflict(e: unknown): boolean {
  const code = codeOf(e);
  return code === '40001' || code === '40P01' || code === '23505';
}

/**
 * The connection failed, rather than the statement: the server is unreachable, restarting, or ended this
 * session. Whether a COMMIT sent on it took effect is then unknown until asked on another connection.
 */
export function isConnectionFailure(e: unknown): boolean {
  const code = codeOf(e);
  if (code?.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03') return true;
  if (code && /^E[A-Z]+$/.test(code)) return true; // ECONNREFUSED, ECONNRESET, ETIMEDOUT, EPIPE...
  const message = e instanceof Error ? e.message : '';
  return /Connection terminated|connection timeout|Client has encountered a connection error|not queryable/i.test(
    message,
  );
}

/** A short reason for messages and logs: the server's words, never a connection string. */
export function reasonOf(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const code = codeOf(e);
  if (code && /^E[A-Z]+$/.test(code)) return `the database is unreachable (${code})`;
  if (isConnectionFailure(e)) return `the database connection was lost (${e.message})`;
  return e.message;
}

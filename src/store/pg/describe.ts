// What the rest of the app needs to name a PostgreSQL store, without loading pg: the store itself is
// imported only when DATABASE_URL selects it, so a JSON-store start never pays for the driver.

/** The store could not be opened; the message names the server (never its password) and the reason. */
export class PgStoreOpenError extends Error {
  constructor(where: string, reason: string, options?: { cause?: unknown }) {
    super(`The PostgreSQL store ${where} cannot be opened: ${reason}`, options);
    this.name = 'PgStoreOpenError';
  }
}

/** host:port/database of a connection string, for messages: no user, no password. */
export function describeDatabase(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname || '/'}`;
  } catch {
    return '(a DATABASE_URL that is not a valid URL)';
  }
}

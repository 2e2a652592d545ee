// Whether a COMMIT took effect when its connection broke before the answer came: asked of the database
// (txid_status) on fresh connections, until it answers or the wait is over.
import type pg from 'pg';

/** How long to keep asking, by default. */
export const FATE_WAIT_MS = 15_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function fateOf(
  pool: pg.Pool,
  xid: string,
  waitMs = FATE_WAIT_MS,
): Promise<'committed' | 'aborted' | 'unknown'> {
  const until = Date.now() + waitMs;
  for (let wait = 50; Date.now() < until; wait = Math.min(wait * 2, 1_000)) {
    try {
      const { rows } = await pool.query<{ status: string | null }>(
        'SELECT txid_status($1::bigint) AS status',
        [xid],
      );
      const status = rows[0]?.status;
      if (status === 'committed') return 'committed';
      if (status !== 'in progress') return 'aborted';
    } catch {
      // Still unreachable: ask again shortly.
    }
    await sleep(wait);
  }
  return 'unknown';
}

/** Runs `run` in one REPEATABLE READ, read-only snapshot on a pool connection. */
export async function inSnapshot<T>(pool: pg.Pool, run: (client: pg.ClientBase) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const value = await run(client);
    await client.query('COMMIT');
    return value;
  } catch (error) {
    broken = error instanceof Error ? error : new Error(String(error));
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release(broken);
  }
}

// Waiting on conditions another process or connection brings about: polled, with a generous deadline that
// only turns a hang into a failure (no assertion here is about speed).
import pg from 'pg';

export async function until(check: () => Promise<boolean>, what: string, deadlineMs = 20_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Store sessions waiting for a lock right now. */
export async function lockWaiters(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND application_name = 'portal-store' AND wait_event_type = 'Lock'`,
  );
  return rows[0]?.n ?? 0;
}

/** Holds company `id`'s row lock from a connection of the test's own, until released. */
export async function holdCompanyLock(url: string, id: string) {
  const holder = new pg.Client({ connectionString: url, application_name: 'test-lock-holder' });
  await holder.connect();
  await holder.query('BEGIN');
  await holder.query('SELECT 1 FROM companies WHERE id = $1 FOR UPDATE', [id]);
  return {
    /** Until `n` store transactions are blocked on it (so each has run its function already). */
    waitForWaiters: (n: number) =>
      until(async () => (await lockWaiters(holder)) >= n, `${n} writers to block`),
    async release() {
      await holder.query('COMMIT');
      await holder.end();
    },
  };
}

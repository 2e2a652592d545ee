// Whether a start may trust the rows it loads without checking each with the schemas again (issue 10: at
// 10,000 members the check is most of a cold start). Every write of the bot's was checked before it was
// written; writes by anything else are counted by the triggers of migration 1764460800020 (checked-rows).
import type pg from 'pg';
import { schemaFingerprint } from '../snapshot-format.ts';

/**
 * How the bot begins a transaction that writes rows: its writes were checked with these schemas, so the
 * triggers do not count them. The fingerprint is hex (64 characters), so it is safe in the statement's text,
 * which lets BEGIN and SET go out in one round trip.
 */
export const beginChecked = (): string => {
  const fp = schemaFingerprint();
  if (!/^[0-9a-f]{64}$/.test(fp)) throw new Error('the schema fingerprint is not hex');
  return `BEGIN; SET LOCAL portal.checked_with = '${fp}'`;
};

/** What a start learns, inside its snapshot: trusted rows, or the count to record once all are checked. */
export type RowsCheck = { trusted: true } | { trusted: false; unchecked: string };

/**
 * Before the snapshot is taken: unless the rows are already trusted with these schemas, the fingerprint is
 * set to ours, so that from here on every write not made with our schemas is counted. Then a write that
 * lands after the snapshot always shows in the count, and `recordChecked` refuses to trust it.
 */
export async function prepareCheck(client: pg.ClientBase): Promise<void> {
  await client.query(
    `UPDATE store_checks SET fingerprint = $1, checked_at = NULL
     WHERE fingerprint IS DISTINCT FROM $1 OR checked_at IS DISTINCT FROM unchecked`,
    [schemaFingerprint()],
  );
}

/** Inside the loading snapshot: whether every row it holds was written with our schemas since the last full check. */
export async function rowsCheck(client: pg.ClientBase): Promise<RowsCheck> {
  const { rows } = await client.query<{
    fingerprint: string | null;
    unchecked: string;
    checked_at: string | null;
  }>('SELECT fingerprint, unchecked::text, checked_at::text FROM store_checks');
  const r = rows[0];
  if (!r) return { trusted: false, unchecked: '-1' };
  return r.fingerprint === schemaFingerprint() && r.checked_at === r.unchecked
    ? { trusted: true }
    : { trusted: false, unchecked: r.unchecked };
}

/**
 * After every row of the snapshot was checked: trusted from now on, unless something wrote without our
 * schemas since the snapshot (then the count moved, and the next start checks again).
 */
export async function recordChecked(client: pg.ClientBase, check: RowsCheck): Promise<void> {
  if (check.trusted) return;
  await client.query(
    'UPDATE store_checks SET checked_at = unchecked WHERE unchecked = $2::bigint AND fingerprint = $1',
    [schemaFingerprint(), check.unchecked],
  );
}

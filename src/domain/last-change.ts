// Each person's last change, kept beside the company for `undo`: written with the change, gone after the window.
import type { AuditEvent, Company, LastChange } from './schemas.ts';

/** How long a change can be undone. */
export const UNDO_WINDOW_MS = 5 * 60_000;

/**
 * Records `events` (one command's audit events, in order) as `actor`'s last change, and forgets everyone's
 * changes older than the window, so the record stays as small as the people who changed something just now.
 */
export function rememberLastChange(
  company: Company,
  actor: string,
  command: string,
  events: readonly AuditEvent[],
  now: Date,
) {
  const last = events.at(-1);
  if (!last) return;
  const oldest = new Date(now.getTime() - UNDO_WINDOW_MS).toISOString();
  for (const [who, change] of Object.entries(company.lastChanges))
    if (change.at < oldest && who !== actor) delete company.lastChanges[who];
  const change: LastChange = {
    seq: last.seq,
    at: last.at,
    command,
    action: last.action,
    target: last.target,
    ...(last.infra ? { infra: last.infra } : {}),
    events: events.length,
    before: last.before,
    after: last.after,
  };
  company.lastChanges[actor] = change;
}

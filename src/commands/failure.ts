// Expected failures as values: what refused, what was wrong, and what would work instead.
import type { Denied } from '../policy/capabilities.ts';
import type { Text } from '../views/view.ts';

export type Failure =
  | ({ kind: 'denied' } & Omit<Denied, 'allowed'>)
  | { kind: 'invalid'; field: string; problem: string; usage?: string }
  | { kind: 'not-found'; what: string; name: string; hint?: string }
  /** The message is a Text when it shows a time (each chat shows it in the reader's zone). */
  | { kind: 'conflict'; message: string | Text; hint?: string }
  | { kind: 'unknown-user'; reason: string; admins: Array<{ name: string; email: string }> }
  | { kind: 'unknown-command'; input: string; suggestion?: { name: string; usage: string } }
  /** The change would have stored something the store cannot read back; it was refused, nothing changed. */
  | { kind: 'not-saved'; field: string; problem: string }
  /** The chat could not say who the caller is just now (its API failed): nothing ran. */
  | { kind: 'identity-unavailable' }
  /** A bug or a failed write on our side: nothing changed, and the user is told so. */
  | { kind: 'internal' }
  /** The database connection broke during the commit and nobody could tell whether it was saved. */
  | { kind: 'unconfirmed' };

export const invalid = (field: string, problem: string, usage?: string) =>
  ({ ok: false, failure: { kind: 'invalid', field, problem, ...(usage ? { usage } : {}) } }) as const;
export const notFound = (what: string, name: string, hint?: string) =>
  ({ ok: false, failure: { kind: 'not-found', what, name, ...(hint ? { hint } : {}) } }) as const;
export const conflict = (message: string | Text, hint?: string) =>
  ({ ok: false, failure: { kind: 'conflict', message, ...(hint ? { hint } : {}) } }) as const;

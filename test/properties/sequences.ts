// Short named sequences, written the way a person would tell them: who typed what, and time passing.
import type { MCommand } from '../model/commands.ts';
import type { Step } from './run.ts';

/** `by('alexw', ...)`: a command typed by alexw@example.com (or a full address). */
export const by = (who: string, cmd: MCommand): Step => ({
  kind: 'cmd',
  actor: { email: who.includes('@') ? who : `${who}@example.com` },
  cmd,
});
export const later = (hours: number): Step => ({ kind: 'clock', hours });
export const email = (who: string) => `${who}@example.com`;

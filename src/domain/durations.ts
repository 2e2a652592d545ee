// Durations people type ("30m", "8h", "2d", "1w") and how they read back ("8 hours").
import { z } from 'zod';
import { count } from '../views/plural.ts';

const units: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const names: Record<string, string> = { m: 'minute', h: 'hour', d: 'day', w: 'week' };

export const DurationSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^\d{1,4}[mhdw]$/, 'expected a duration such as 30m, 8h, 7d or 2w')
  .transform((s) => Number(s.slice(0, -1)) * (units[s.slice(-1)] ?? 0))
  .refine((ms) => ms > 0, 'a duration must be longer than zero');

/** Time-bound access is for a while, not for ever: at most 30 days. */
export const MAX_GRANT_MS = 30 * 86_400_000;
export const GrantDurationSchema = DurationSchema.refine(
  (ms) => ms <= MAX_GRANT_MS,
  'time-bound access lasts at most 30d',
);

export function formatDuration(ms: number): string {
  for (const u of ['w', 'd', 'h', 'm']) {
    const size = units[u] ?? 1;
    if (ms >= size && ms % size === 0) {
      const n = ms / size;
      return count(n, names[u] ?? 'minute');
    }
  }
  const minutes = Math.max(1, Math.round(ms / 60_000));
  return count(minutes, 'minute');
}

/** Whole calendar days from `now` to a YYYY-MM-DD date, in UTC, whatever the server's time zone. */
export function daysUntil(date: string, now: Date): number {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.round((Date.parse(`${date}T00:00:00Z`) - today) / 86_400_000);
}

/** An instant in UTC, "28 Nov 2026 14:00 UTC", for logs and files; views use `timeAt` so each reader sees their own zone. */
export const whenOf = (iso: string) => {
  const d = new Date(iso);
  const day = d.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return `${day} ${d.toISOString().slice(11, 16)} UTC`;
};

// How long an invitation lasts, and whether one has run out at a given moment.
import { addDays } from 'date-fns/addDays';
import { formatISO } from 'date-fns/formatISO';
import { isAfter } from 'date-fns/isAfter';
import { parseISO } from 'date-fns/parseISO';
import type { Invitation } from './schemas.ts';

export const INVITATION_DAYS = 7;

export const invitationExpiry = (now: Date) => formatISO(addDays(now, INVITATION_DAYS));

export const isExpired = (inv: Invitation | undefined, now: Date) =>
  inv !== undefined && isAfter(now, parseISO(inv.expiresAt));

/** A date in UTC, "28 Nov 2026", for logs and files; views use `timeAt(at, 'date')` so each reader sees their own zone. */
export const dayOf = (iso: string) =>
  parseISO(iso).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });

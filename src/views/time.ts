// Times in views: an instant travels as a span, each chat shows it in the reader's zone; these are the fallbacks.

export type TimeShow = 'date' | 'datetime';

const DAY: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };

/** In UTC, for fallbacks, logs and tests: "28 Nov 2026 14:00 UTC", or "28 Nov 2026". */
export function utcText(at: string, show: TimeShow): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return at;
  const day = d.toLocaleDateString('en-GB', { ...DAY, timeZone: 'UTC' });
  return show === 'date' ? day : `${day} ${d.toISOString().slice(11, 16)} UTC`;
}

/**
 * In a given zone (the machine's when none is given), for the console: "28 Nov 2026 15:00 GMT+1".
 * English words, the zone's clock; the zone is named so a reader never guesses. In UTC it reads
 * exactly as utcText.
 */
export function zonedText(at: string, show: TimeShow, timeZone?: string): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return at;
  const zone = timeZone ? { timeZone } : {};
  const day = d.toLocaleDateString('en-GB', { ...DAY, ...zone });
  if (show === 'date') return day;
  const time = d.toLocaleTimeString('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...zone,
  });
  const name =
    new Intl.DateTimeFormat('en-GB', { timeZoneName: 'short', ...zone })
      .formatToParts(d)
      .find((p) => p.type === 'timeZoneName')?.value ?? '';
  return `${day} ${time} ${name === 'GMT' ? 'UTC' : name}`.trimEnd();
}

/** Whole seconds since the epoch (Slack's `<!date^…>` wants them). */
export const epochSeconds = (at: string): number => Math.floor(new Date(at).getTime() / 1000);

/** RFC 3339 without fractions, as Adaptive Cards' DATE() and TIME() require: 2026-11-28T14:00:00Z. */
export const rfc3339 = (at: string): string => `${new Date(at).toISOString().slice(0, 19)}Z`;

// The security log: one JSON line per refused attempt; phone numbers masked, no secrets, never the store.
import type { Writable } from 'node:stream';

export type SecurityLog = { denied(entry: Record<string, string | undefined>): void };

/** Keeps the last two digits of anything that looks like a phone number. */
export const maskPhones = (s: string) =>
  s.replace(/\+?\d[\d\s().-]{5,}\d/g, (m) => `${m.replace(/\d(?=(?:\D*\d){2})/g, '*')}`);

export function securityLog(out: Writable, now: () => Date = () => new Date()): SecurityLog {
  return {
    denied(entry) {
      const clean: Record<string, string> = {};
      for (const [k, v] of Object.entries(entry)) if (v !== undefined) clean[k] = maskPhones(v).slice(0, 500);
      out.write(`${JSON.stringify({ at: now().toISOString(), level: 'warn', event: 'denied', ...clean })}\n`);
    },
  };
}

export const silentSecurityLog: SecurityLog = { denied: () => {} };

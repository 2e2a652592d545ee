// Figures the fault and hostile suites measure, collected for the README's Reliability section (scripts/reliability.ts).
import { appendFileSync } from 'node:fs';

/**
 * Records one figure. With RELIABILITY_OUT set (by `npm run reliability`), it is appended to that file as
 * one JSON line; otherwise nothing is written, and the suites simply assert.
 */
export function record(name: string, data: Record<string, unknown>): void {
  const out = process.env.RELIABILITY_OUT;
  if (!out) return;
  appendFileSync(out, `${JSON.stringify({ name, deep: process.env.DEEP === '1', ...data })}\n`);
}

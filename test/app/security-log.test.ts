// The real security log (not a recording fake): one JSON line per refusal, with phone numbers masked.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { appOver, seedData } from '../../src/app/app.ts';
import { fakeClock } from '../../src/app/clock.ts';
import { securityLog } from '../../src/app/security-log.ts';
import { asConsole, DEMO_DAY } from '../fakes/app.ts';
import { createMemoryStore } from '../fakes/memory-store.ts';

/** The real log writing to a stream we read back, line by line. */
function realLog() {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, string>);
  return { log: securityLog(out, () => new Date(DEMO_DAY)), lines, raw: () => chunks.join('') };
}

describe('the security log masks phone numbers', () => {
  it('keeps only the last two digits of a phone number in any field', () => {
    const { log, lines, raw } = realLog();
    log.denied({ actor: 'adelev@example.com', rule: 'call +44 20 7946 0958 or 020 7946 0999' });
    expect(raw()).not.toContain('7946');
    expect(lines()[0]?.rule).toBe('call +** ** **** **58 or *** **** **99');
    expect(lines()[0]).toMatchObject({ level: 'warn', event: 'denied', actor: 'adelev@example.com' });
  });

  it('a real refusal whose rule names digits a user typed is logged masked, through the app', async () => {
    const { log, lines, raw } = realLog();
    const clock = fakeClock(DEMO_DAY);
    const app = appOver(createMemoryStore(seedData(true, clock.now())), { clock, securityLog: log });
    // A Member asks for the slots of an "infrastructure" named by a phone number: refused, and logged.
    const o = await app.run(asConsole('adelev@example.com'), { kind: 'text', text: 'slots 447946095812' });
    expect(o.result).toMatchObject({ ok: false, failure: { kind: 'denied' } });
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatchObject({ event: 'denied', actor: 'adelev@example.com', command: 'slots' });
    expect(lines()[0]?.rule).toContain('**********12');
    expect(raw()).not.toContain('4479460958');
    await app.close();
  });

  it('an allowed command writes nothing to it', async () => {
    const { log, lines } = realLog();
    const clock = fakeClock(DEMO_DAY);
    const app = appOver(createMemoryStore(seedData(true, clock.now())), { clock, securityLog: log });
    await app.run(asConsole('adelev@example.com'), { kind: 'text', text: 'whoami' });
    expect(lines()).toEqual([]);
    await app.close();
  });
});

// pino for every line: levels, the request context on each line, and nothing secret or personal in any of them.
import { Writable } from 'node:stream';
import { LogLevel } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { boltLogger } from '../../adapters/slack/bolt-logger.ts';
import { appOver, seedData } from '../../src/app/app.ts';
import { createLogger, eventLog, REDACTED, routeConsole, scrub, withRequest } from '../../src/app/logger.ts';
import { silentSecurityLog } from '../../src/app/security-log.ts';
import { createMemoryStore } from '../fakes/memory-store.ts';

/** A logger writing into an array of parsed lines. */
function capture(level = 'debug') {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l));
      done();
    },
  });
  return { logger: createLogger({ level, destination }), lines };
}

describe('log lines', () => {
  it('carry a level name, a time and the message', () => {
    const { logger, lines } = capture();
    logger.warn({ event: 'x' }, 'something');
    expect(lines[0]).toMatchObject({ level: 'warn', event: 'x', msg: 'something' });
    expect(typeof lines[0]?.time).toBe('string');
  });

  it('inside a request carry its id, chat, command and company; nested work shares the id', async () => {
    const { logger, lines } = capture();
    await withRequest({ requestId: 'r-1' }, async () => {
      await withRequest({ chat: 'slack' }, async () => {
        logger.info('one');
      });
    });
    logger.info('outside');
    expect(lines[0]).toMatchObject({ requestId: 'r-1', chat: 'slack', msg: 'one' });
    expect(lines[1]).not.toHaveProperty('requestId');
  });

  it('a command through the app logs its name, the company and the outcome, never the typed text', async () => {
    const { logger, lines } = capture();
    const app = appOver(createMemoryStore(seedData(true, new Date('2026-01-05T10:00:00Z'))), {
      logger,
      securityLog: silentSecurityLog,
    });
    await app.run(
      { chat: 'console', email: 'alexw@example.com' },
      { kind: 'text', text: 'who admins prod-eu' },
    );
    await app.run(
      { chat: 'console', email: 'alexw@example.com' },
      { kind: 'text', text: 'grant nonsense +351 912 345 678 zq-typed-text' },
    );
    const commands = lines.filter((l) => l.event === 'command');
    expect(commands[0]).toMatchObject({
      level: 'info',
      chat: 'console',
      command: 'who admins',
      company: 'contoso',
      outcome: 'ok',
    });
    expect(typeof commands[0]?.requestId).toBe('string');
    expect(commands[1]?.requestId).not.toBe(commands[0]?.requestId);
    const all = JSON.stringify(lines);
    expect(all).not.toContain('prod-eu');
    // The typed text and its phone number stay out (a random request id may hold any digits, so not '912').
    expect(all).not.toContain('zq-typed-text');
    expect(all).not.toContain('912 345');
    expect(all).not.toContain('912345678');
  });

  it('redact tokens, secrets, passwords, message text and phone numbers by field name', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        token: 'xoxb-1',
        headers: { authorization: 'Bearer abc' },
        config: { signingSecret: 's', appPassword: 'p' },
        text: 'grant me everything',
        phone: '+351912345678',
      },
      'configured',
    );
    expect(lines[0]).toMatchObject({
      token: REDACTED,
      headers: { authorization: REDACTED },
      config: { signingSecret: REDACTED, appPassword: REDACTED },
      text: REDACTED,
      phone: REDACTED,
    });
  });

  it('scrub tokens and phone numbers out of free text, keep addresses and dates readable, and stay on one line', () => {
    expect(scrub('auth failed for xoxb-123-456-abc and xapp-1-A-xyz')).toBe(
      `auth failed for ${REDACTED} and ${REDACTED}`,
    );
    expect(scrub('header Bearer eyJhbGciOi.eyJzdWIi.sig')).toBe(`header ${REDACTED}`);
    expect(scrub('call +351 912 345 678 now')).toBe('call +*** *** *** *78 now');
    expect(scrub('listening on http://127.0.0.1:3978 since 2026-11-29')).toBe(
      'listening on http://127.0.0.1:3978 since 2026-11-29',
    );
    expect(scrub('line one\n  line two')).toBe('line one | line two');
  });

  it('the message string itself is scrubbed, and errors are their message without a stack', () => {
    const { logger, lines } = capture();
    logger.error({ err: new Error('boom xoxb-9-9') }, 'failed with xoxp-1-2');
    expect(lines[0]).toMatchObject({ err: `boom ${REDACTED}`, msg: `failed with ${REDACTED}` });
    expect(JSON.stringify(lines[0])).not.toContain('    at ');
  });

  it('adapter events become warn lines when something failed or was refused, info otherwise', () => {
    const { logger, lines } = capture();
    const log = eventLog(logger);
    log('slack-api-failed', { method: 'chat.postMessage', error: 'ratelimited' });
    log('teams-activity-ignored', { reason: 'typing' });
    expect(lines.map((l) => [l.level, l.event])).toEqual([
      ['warn', 'slack-api-failed'],
      ['info', 'teams-activity-ignored'],
    ]);
  });
});

describe("Bolt's logger", () => {
  it('writes pino lines tagged bolt, keeps error messages, drops payload objects, and never goes below info', () => {
    const { logger, lines } = capture();
    const bolt = boltLogger(logger);
    bolt.setLevel(LogLevel.DEBUG);
    expect(bolt.getLevel()).toBe(LogLevel.INFO);
    bolt.debug('{"text":"secret message"}');
    bolt.info('connected');
    bolt.error('An unhandled error', new Error('token xoxb-1-2 invalid'), { event: { text: 'hello there' } });
    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', source: 'bolt', msg: 'connected' }),
      expect.objectContaining({
        level: 'error',
        source: 'bolt',
        msg: `An unhandled error token ${REDACTED} invalid [object]`,
      }),
    ]);
  });
});

describe('the console of libraries (botbuilder prints with console.error)', () => {
  it('is routed into the logger, one scrubbed line per call', () => {
    const { logger, lines } = capture();
    const saved = { ...console };
    try {
      routeConsole(logger);
      console.error(new Error('Unauthorized Bearer abc.def'));
      console.warn('BadRequest: Missing activity or activity type.');
    } finally {
      Object.assign(console, saved);
    }
    expect(lines).toEqual([
      expect.objectContaining({ level: 'error', source: 'console', msg: `Unauthorized ${REDACTED}` }),
      expect.objectContaining({ level: 'warn', msg: 'BadRequest: Missing activity or activity type.' }),
    ]);
  });
});

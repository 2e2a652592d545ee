// The mailer: configured from SMTP_URL and MAIL_FROM, and what it makes of an SMTP server's answers.

import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.ts';
import { forOnePass, type Mailer, mailFailure, smtpMailer, withoutAddresses } from '../../src/app/mailer.ts';

describe('mail configuration', () => {
  it('SMTP_URL and MAIL_FROM together configure email; MAIL_FROM may carry a name', () => {
    for (const from of ['portal-bot@example.com', 'Portal bot <portal-bot@example.com>'])
      expect(loadConfig({ SMTP_URL: 'smtps://u:p@mail.example.com:465', MAIL_FROM: from })).toMatchObject({
        ok: true,
        config: { mail: { smtpUrl: 'smtps://u:p@mail.example.com:465', from } },
      });
  });

  it('without SMTP_URL (or with it empty) there is no email', () => {
    for (const env of [{}, { SMTP_URL: '' }, { MAIL_FROM: 'portal-bot@example.com' }]) {
      const r = loadConfig(env);
      expect(r.ok && 'mail' in r.config).toBe(false);
    }
  });

  it.each([
    [
      { SMTP_URL: 'http://mail.example.com' },
      /^SMTP_URL: SMTP_URL must be an smtp:\/\/ or smtps:\/\/ address/,
    ],
    [{ SMTP_URL: 'smtp://mail.example.com:587' }, /^MAIL_FROM: set the sender/],
    [
      { SMTP_URL: 'smtp://mail.example.com:587', MAIL_FROM: 'portal bot' },
      /^MAIL_FROM: MAIL_FROM must be an address, or Name <address>/,
    ],
  ])('%j stops the start, naming the variable and never the password', (env, problem) => {
    const r = loadConfig(env);
    expect(r).toMatchObject({ ok: false, problem: expect.stringMatching(problem) });
    expect(JSON.stringify(loadConfig({ SMTP_URL: 'smtp://user:hunter2@mail.example.com' }))).not.toContain(
      'hunter2',
    );
  });
});

describe('what a failure means', () => {
  it.each([
    [{ responseCode: 421, response: '421 Service not available' }, true],
    [{ responseCode: 451, response: '451 Try again later' }, true],
    [{ responseCode: 550, response: '550 No such mailbox <ana@example.com>' }, false],
    [{ responseCode: 535, code: 'EAUTH', response: '535 Authentication failed' }, false],
    [{ code: 'ECONNECTION', message: 'Connection closed' }, true],
    [{ code: 'ETIMEDOUT', message: 'Greeting never received' }, true],
    [{ code: 'EENVELOPE', message: 'No recipients defined' }, false],
  ])('%j: retryable %s, and the text keeps no address', (err, retryable) => {
    const said = 'response' in err ? err.response : err.message;
    const f = mailFailure(Object.assign(new Error(said), err));
    expect(f.retryable).toBe(retryable);
    expect(f.error).not.toContain('@');
  });

  it('an address anywhere in a text becomes <address>', () => {
    expect(withoutAddresses('550 5.1.1 <ana.lima+x@mail.example.com>: Recipient rejected')).toBe(
      '550 5.1.1 <<address>>: Recipient rejected',
    );
  });

  it('a server that is not there: a retryable failure, never a throw', async () => {
    // A port that was free a moment ago and is closed now: the connection is refused.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as AddressInfo;
    await new Promise((r) => probe.close(r));
    const mailer = smtpMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'portal-bot@example.com' });
    const r = await mailer.send({ to: 'ana@example.com', subject: 's', text: 't', html: '<p>t</p>' });
    mailer.close();
    expect(r).toMatchObject({ ok: false, retryable: true, unreachable: true });
  });

  it('in one pass, after the server could not be reached, the other emails wait without trying; a 4xx does not stop the pass', async () => {
    const calls: string[] = [];
    const answers = new Map<string, Awaited<ReturnType<Mailer['send']>>>([
      ['a@example.com', { ok: false, retryable: true, error: '451 later' }],
      ['c@example.com', { ok: false, retryable: true, error: 'connect ECONNREFUSED', unreachable: true }],
    ]);
    const fake: Mailer = {
      send: async (m) => {
        calls.push(m.to);
        return answers.get(m.to) ?? { ok: true };
      },
      close: () => {},
    };
    const pass = forOnePass(fake);
    const mail = (to: string) => ({ to, subject: 's', text: 't', html: 't' });
    expect(await pass.send(mail('a@example.com'))).toMatchObject({ ok: false, retryable: true });
    expect(await pass.send(mail('b@example.com'))).toEqual({ ok: true });
    expect(await pass.send(mail('c@example.com'))).toMatchObject({ unreachable: true });
    expect(await pass.send(mail('d@example.com'))).toMatchObject({
      ok: false,
      retryable: true,
      unreachable: true,
    });
    expect(calls).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
    // The next pass tries again.
    expect(await forOnePass(fake).send(mail('d@example.com'))).toEqual({ ok: true });
  });
});

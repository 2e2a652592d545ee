// SMTP_URL, MAIL_FROM, LINK_SECRET and PUBLIC_URL from the environment to a running bot: a notice for someone no
// chat reaches is emailed through a real SMTP server; without SMTP_URL nothing is; the link route is served with
// LINK_SECRET only. Secrets and addresses stay out of the output.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { signHook } from '../../src/app/events-hook.ts';
import type { OutboxItem } from '../../src/domain/schemas.ts';
import { readJsonStore } from '../../src/store/inspect.ts';
import { startSmtp, type TestSmtp } from '../fakes/smtp.ts';
import { type BotProcess, SOURCE_ENTRY, startBot } from '../support/bot-process.ts';

const HOOK_SECRET = 'hook-secret-for-email-tests';
const LINK_SECRET = 'link-secret-never-printed-0123456789abcdef';
const MEGAN = 'meganb@example.com';

const bots: BotProcess[] = [];
const servers: TestSmtp[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const b of bots.splice(0))
    if (b.child.exitCode === null) {
      b.child.kill('SIGTERM');
      await b.exited;
    }
  for (const s of servers.splice(0)) await s.close();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function bot(env: Record<string, string>) {
  const dir = await mkdtemp(join(tmpdir(), 'portal-email-'));
  dirs.push(dir);
  const file = join(dir, 'db.json');
  const b = startBot(SOURCE_ENTRY, {
    HOST: '127.0.0.1',
    PORTAL_TEAMS: '0',
    DATA_FILE: file,
    EVENTS_SIGNING_SECRET: HOOK_SECRET,
    ...env,
  });
  bots.push(b);
  const { port } = await b.listening;
  return { b, port, file };
}

/** A maintenance notice for prod-eu: its Infra Admin, Megan, gets it; no chat is configured, so none reaches her. */
async function notice(port: number) {
  const body = JSON.stringify({
    id: 'evt-email-1',
    company: 'contoso',
    event: { type: 'maintenance', infra: 'prod-eu', text: 'Saturday 02:00 UTC: database upgrade' },
  });
  const ts = Math.floor(Date.now() / 1000);
  const res = await fetch(`http://127.0.0.1:${port}/hooks/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-portal-timestamp': String(ts),
      'x-portal-signature': signHook(HOOK_SECRET, ts, body),
    },
    body,
  });
  expect(res.status).toBe(202);
}

/** Waits for `found` to hold, checking every 100 ms (an event to wait for, not a duration to assert). */
async function until<T>(what: string, found: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const v = await found();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never happened: ${what}`);
}

const megansNotice = async (file: string): Promise<OutboxItem | undefined> => {
  try {
    const { data } = await readJsonStore(file);
    return data.outbox.find(
      (x) => x.to.kind === 'member' && x.to.email === MEGAN && x.reason.startsWith('Maintenance'),
    );
  } catch {
    return undefined; // the store is being written; read again
  }
};

describe('email in the running bot', () => {
  it('SMTP_URL set: the notice is emailed from MAIL_FROM; LINK_SECRET serves the link route; no secret or address printed', async () => {
    const smtp = await startSmtp();
    servers.push(smtp);
    const { b, port } = await bot({
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Portal bot <portal-bot@example.com>',
      LINK_SECRET,
      PUBLIC_URL: 'https://portal-bot.example.com',
    });
    expect(b.lines().find((l) => l.event === 'listening')).toMatchObject({ email: true, links: true });
    await notice(port);
    const [got] = await until('the notice reaches the SMTP server', () => {
      const m = smtp.to(MEGAN).filter((r) => r.mail.text?.includes('database upgrade'));
      return m.length ? m : undefined;
    });
    expect(got?.from).toBe('portal-bot@example.com');
    expect(got?.mail.from?.text).toBe('"Portal bot" <portal-bot@example.com>');

    const page = await fetch(`http://127.0.0.1:${port}/invitations/accept?token=not-a-token`);
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('This link is incomplete');

    expect(b.stdout() + b.stderr()).not.toContain(LINK_SECRET);
    expect(b.stdout() + b.stderr()).not.toContain(MEGAN);
  });

  it('SMTP_URL absent: nothing is emailed (the notice waits for a chat), and no link route is served', async () => {
    const smtp = await startSmtp();
    servers.push(smtp);
    const { b, port, file } = await bot({});
    expect(b.lines().find((l) => l.event === 'listening')).toMatchObject({ email: false, links: false });
    expect(b.stdout()).toContain('email: off (SMTP_URL not set)');
    await notice(port);
    // The delivery pass ran: the notice was tried, found no chat, and waits; the SMTP server heard nothing.
    const item = await until('the notice is attempted', async () => {
      const x = await megansNotice(file);
      return x && x.attempts > 0 && x.status === 'pending' ? x : undefined;
    });
    expect(item.lastError).toContain('no chat reaches this member yet');
    expect(item.deliveredVia).toBeUndefined();
    expect(smtp.attempts()).toBe(0);
    expect((await fetch(`http://127.0.0.1:${port}/invitations/accept?token=x`)).status).toBe(404);
  });
});

// The emailed accept link, end to end over HTTP: from the email a real SMTP server received, to a member who
// joined. Opening the link changes nothing (mail scanners open links); its button accepts. On both stores.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import escapeHtml from 'escape-html';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { acceptRoute } from '../../src/app/accept-link.ts';
import { seedData } from '../../src/app/app.ts';
import { runOnce } from '../../src/app/delivery.ts';
import { type Mailer, smtpMailer } from '../../src/app/mailer.ts';
import { createHttpServer } from '../../src/app/server.ts';
import { signedLinks } from '../../src/app/signed-links.ts';
import { ACCEPT_PATH, invitationEmail } from '../../src/workflow/emails.ts';
import { DEMO_DAY, storeApp, type TestApp } from '../fakes/app.ts';
import { startSmtp, type TestSmtp } from '../fakes/smtp.ts';
import { createTestDatabase, type TestDatabase } from '../store/pg/database.ts';
import { ALEX, DAY } from '../workflow/harness.ts';

const ANA = 'ana@example.com';
const links = signedLinks({ secret: 's'.repeat(40), publicUrl: 'https://portal-bot.example.com' });
if (!links) throw new Error('links are configured');

type Env = {
  app: TestApp & { cleanup(): Promise<void> };
  smtp: TestSmtp;
  mailer: Mailer;
  server: Server;
  base: string;
};

describe.each(['json', 'postgres'] as const)('the accept link (%s store)', (kind) => {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    if (kind === 'postgres') db = await createTestDatabase('accept');
  });
  afterAll(async () => {
    await db?.drop();
  });
  const envs: Env[] = [];
  afterEach(async () => {
    for (const e of envs.splice(0)) {
      await new Promise((r) => e.server.close(r));
      e.mailer.close();
      await e.app.cleanup();
      await e.smtp.close();
    }
  });

  async function setup(): Promise<Env> {
    if (db) {
      await db.drop();
      db = await createTestDatabase('accept');
    }
    const app = await storeApp({
      ...(db ? { databaseUrl: db.url } : {}),
      reach: { email: true, links: true },
    });
    const smtp = await startSmtp();
    const mailer = smtpMailer({ smtpUrl: smtp.url, from: 'portal-bot@example.com' });
    const server = createHttpServer(app, {
      [ACCEPT_PATH]: acceptRoute({
        store: app.store,
        clock: app.clock,
        links: links as NonNullable<typeof links>,
      }),
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const env = { app, smtp, mailer, server, base };
    envs.push(env);
    return env;
  }

  /** Invites Ana, delivers, and returns the link from the email the SMTP server received. */
  async function invitedAna(e: Env, flags = '--member prod-eu'): Promise<string> {
    expect((await e.app.say(ALEX, `invite ${ANA} --name Ana ${flags}`)).ok).toBe(true);
    const deps = {
      store: e.app.store,
      clock: e.app.clock,
      ports: [],
      log: () => {},
      mailer: e.mailer,
      links,
    };
    while ((await runOnce(deps)) > 0);
    const mails = e.smtp.to(ANA);
    const link = mails.at(-1)?.mail.text?.match(/https:\/\/\S+\/invitations\/accept\?token=\S+/)?.[0];
    if (!link) throw new Error('no link in the invitation email');
    return link;
  }

  /** The emailed link, opened against this test's server (PUBLIC_URL would point at it in production). */
  const open = (e: Env, link: string) => {
    const u = new URL(link);
    return fetch(`${e.base}${u.pathname}${u.search}`);
  };
  const press = (e: Env, token: string) =>
    fetch(`${e.base}${ACCEPT_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    });
  const tokenOf = (link: string) => new URL(link).searchParams.get('token') ?? '';
  const ana = async (e: Env) => (await e.app.data()).companies[0]?.members.find((m) => m.email === ANA);

  it('opening the link shows the invitation and changes nothing; its button accepts; opening it again says so', async () => {
    const e = await setup();
    const link = await invitedAna(e);

    const shown = await open(e, link);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(shown.headers.get('referrer-policy')).toBe('no-referrer');
    const page = await shown.text();
    expect(page).toContain(`Accept the invitation for ${ANA}?`);
    expect(page).toContain('Your roles: Member of prod-eu.');
    // The button posts back to the same address (relative to it, for a PUBLIC_URL with a path prefix).
    expect(page).toContain('<form method="post" action="accept">');
    expect(new URL('accept', `${e.base}${ACCEPT_PATH}?token=x`).pathname).toBe(ACCEPT_PATH);
    expect((await ana(e))?.status).toBe('pending');

    const accepted = await press(e, tokenOf(link));
    expect(accepted.status).toBe(200);
    expect(await accepted.text()).toContain('Welcome to Contoso');
    const joined = await ana(e);
    expect(joined?.status).toBe('active');
    expect(joined?.invitation).toBeUndefined();
    const audit = (await e.app.data()).audit.at(-1);
    expect(audit).toMatchObject({ action: 'member.accept', target: ANA, actor: ANA, chat: 'email' });

    const again = await open(e, link);
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('You are already on the team');
    // Ana is a member now: she can use the bot.
    expect((await e.app.say(ANA, 'whoami')).ok).toBe(true);
  });

  it('after the invitation expires, the link and its button are refused with 410, and nothing changes', async () => {
    const e = await setup();
    const link = await invitedAna(e);
    e.app.clock.advance(8 * DAY);
    const shown = await open(e, link);
    expect(shown.status).toBe(410);
    expect(await shown.text()).toContain('This link has expired. Ask the person who sent it for a new one.');
    expect((await press(e, tokenOf(link))).status).toBe(410);
    expect((await ana(e))?.status).toBe('pending');
  });

  it.each([
    ['a tampered token', (t: string) => `${t.slice(0, -3)}abc`, 'This link is not valid'],
    [
      'a token for downloads',
      () => links.token('download', 'x', new Date(Date.parse(DEMO_DAY) + DAY)),
      'not meant for this page',
    ],
    ['a cut-off token', (t: string) => t.split('.')[0] ?? '', 'This link is incomplete'],
  ])('%s is refused with 400, on GET and POST, and nothing changes', async (_, spoil, says) => {
    const e = await setup();
    const link = await invitedAna(e);
    const bad = spoil(tokenOf(link));
    const u = new URL(link);
    u.searchParams.set('token', bad);
    const shown = await open(e, u.toString());
    expect(shown.status).toBe(400);
    expect(await shown.text()).toContain(says);
    expect((await press(e, bad)).status).toBe(400);
    expect((await ana(e))?.status).toBe('pending');
  });

  it('no token: 400 saying to open the whole link; another method: 405', async () => {
    const e = await setup();
    const none = await fetch(`${e.base}${ACCEPT_PATH}`);
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('The link has no token');
    expect((await fetch(`${e.base}${ACCEPT_PATH}`, { method: 'PUT' })).status).toBe(405);
  });

  it('a link from before a resend is refused (its email described another invitation); the new one works', async () => {
    const e = await setup();
    const old = await invitedAna(e);
    e.app.clock.advance(60_000);
    expect((await e.app.say(ALEX, `resend ${ANA}`)).ok).toBe(true);
    const deps = {
      store: e.app.store,
      clock: e.app.clock,
      ports: [],
      log: () => {},
      mailer: e.mailer,
      links,
    };
    while ((await runOnce(deps)) > 0);
    const fresh =
      e.smtp
        .to(ANA)
        .at(-1)
        ?.mail.text?.match(/https:\/\/\S+token=\S+/)?.[0] ?? '';
    expect(fresh).not.toBe(old);
    const refused = await press(e, tokenOf(old));
    expect(refused.status).toBe(410);
    expect(await refused.text()).toContain('This link belongs to an earlier invitation');
    expect((await ana(e))?.status).toBe('pending');
    expect((await press(e, tokenOf(fresh))).status).toBe(200);
    expect((await ana(e))?.status).toBe('active');
  });

  it('a cancelled invitation: the link says so with 410', async () => {
    const e = await setup();
    const link = await invitedAna(e);
    expect((await e.app.say(ALEX, `cancel-invite ${ANA} --confirm`)).ok).toBe(true);
    const r = await press(e, tokenOf(link));
    expect(r.status).toBe(410);
    expect(await r.text()).toContain('This invitation was cancelled');
    expect(await ana(e)).toBeUndefined();
  });
});

describe('the invitation email escapes what people typed', () => {
  it('a company name with markup reaches the HTML part as text', () => {
    const data = seedData(true, new Date(DEMO_DAY));
    const c = data.companies[0];
    const m = c?.members.find((x) => x.status === 'pending');
    if (!c || !m) throw new Error('the demo has a pending member');
    const hostile = '<img src=x onerror=alert(1)> & "Co"';
    const mail = invitationEmail(
      { ...c, name: hostile },
      m,
      'https://bot.example.com/invitations/accept?token=a&b',
    );
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain(escapeHtml(hostile));
    expect(mail.html).toContain('href="https://bot.example.com/invitations/accept?token=a&amp;b"');
    expect(mail.text).toContain(hostile); // the plain part is plain text, shown as it is
  });
});

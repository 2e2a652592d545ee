// Email through the outbox, against a real SMTP server: what an invitation says, retries on 4xx, a visible
// failure on 5xx, honest answers, and no email at all when SMTP_URL is absent. On the JSON store and PostgreSQL.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backoffMs, type DeliveryDeps, runOnce } from '../../src/app/delivery.ts';
import { type Mailer, smtpMailer } from '../../src/app/mailer.ts';
import { signedLinks } from '../../src/app/signed-links.ts';
import type { OutboxItem } from '../../src/domain/schemas.ts';
import { storeApp, type TestApp } from '../fakes/app.ts';
import { type FakePort, fakePort } from '../fakes/chat-port.ts';
import { startSmtp, type TestSmtp } from '../fakes/smtp.ts';
import { createTestDatabase, type TestDatabase } from '../store/pg/database.ts';
import { ALEX, LEE, MEGAN } from '../workflow/harness.ts';

const ANA = 'ana@example.com';
const PUBLIC_URL = 'https://portal-bot.example.com';
const links = signedLinks({ secret: 'x'.repeat(40), publicUrl: PUBLIC_URL });
const FROM = 'Portal bot <portal-bot@example.com>';

type Env = {
  app: TestApp & { cleanup(): Promise<void> };
  smtp: TestSmtp;
  mailer: Mailer | undefined;
  logged: Array<{ event: string; detail?: Record<string, unknown> }>;
  deliver(ports?: FakePort[]): Promise<number>;
  outbox(): Promise<OutboxItem[]>;
};

describe.each(['json', 'postgres'] as const)('email through the outbox (%s store)', (kind) => {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    if (kind === 'postgres') db = await createTestDatabase('email');
  });
  afterAll(async () => {
    await db?.drop();
  });

  const envs: Env[] = [];
  afterEach(async () => {
    for (const e of envs.splice(0)) {
      e.mailer?.close();
      await e.app.cleanup();
      await e.smtp.close();
    }
  });

  async function setup(opts: { email: boolean } = { email: true }): Promise<Env> {
    if (db) {
      // A fresh database per test: the demo company is seeded into an empty store only.
      await db.drop();
      db = await createTestDatabase('email');
    }
    const app = await storeApp({
      ...(db ? { databaseUrl: db.url } : {}),
      reach: { email: opts.email, links: opts.email },
    });
    const smtp = await startSmtp();
    const mailer = opts.email ? smtpMailer({ smtpUrl: smtp.url, from: FROM }) : undefined;
    const logged: Env['logged'] = [];
    const env: Env = {
      app,
      smtp,
      mailer,
      logged,
      deliver: (ports = []) => {
        const deps: DeliveryDeps = {
          store: app.store,
          clock: app.clock,
          ports,
          log: (event, detail) => void logged.push({ event, ...(detail ? { detail } : {}) }),
          mailer,
          links: opts.email ? links : null,
        };
        return runOnce(deps);
      },
      outbox: async () => (await app.data()).outbox,
    };
    envs.push(env);
    return env;
  }

  const emailItem = async (e: Env, to = ANA) => {
    const item = (await e.outbox()).find((x) => x.to.kind === 'email' && x.to.email === to);
    if (!item) throw new Error(`no email item to ${to}`);
    return item;
  };

  it('an invitation is emailed: roles, LifeTime username, how to accept in the chat, and a signed link', async () => {
    const e = await setup();
    const said = await e.app.say(
      ALEX,
      `invite ${ANA} --name "Ana Lima" --infra-admin dev-eu --member prod-eu --lifetime`,
    );
    expect(said.ok).toBe(true);
    // Queued, not sent: nothing has left the bot yet.
    expect(said.text).not.toMatch(/\bsent\b/i);
    expect(said.text).toContain("is queued (with a link to accept); you'll be told if it fails");
    expect(said.text).toContain(
      `The invitation includes a LifeTime developer account; its username is *${ANA}*`,
    );
    expect(e.smtp.to(ANA)).toHaveLength(0);

    expect(await e.deliver()).toBeGreaterThan(0);
    expect(e.smtp.to(ANA)).toHaveLength(1);
    const [got] = e.smtp.to(ANA);
    expect(got?.to).toEqual([ANA]);
    expect(got?.from).toBe('portal-bot@example.com');
    expect(got?.mail.subject).toBe('You are invited to the Contoso team on the Customer Portal');
    const body = got?.mail.text ?? '';
    expect(body).toContain('Alex Wilber (alexw@example.com) invited you to the Contoso team');
    expect(body).toContain('Your roles: Infra Admin of dev-eu; Member of prod-eu.');
    expect(body).toContain(`its username is ${ANA}`);
    expect(body).toContain(
      `write "accept" to the Portal bot in Slack or Microsoft Teams, signed in as ${ANA}`,
    );
    const link = body.match(/https:\/\/portal-bot\.example\.com\/invitations\/accept\?token=\S+/)?.[0];
    expect(link).toBeDefined();
    const token = new URL(link ?? '').searchParams.get('token') ?? '';
    expect(links?.verify(token, 'accept-invitation', e.app.clock.now())).toMatchObject({ ok: true });
    // The HTML part carries the same link, as an escaped attribute.
    expect(got?.mail.html).toContain(`href="${link?.replaceAll('&', '&amp;')}"`);

    expect(await emailItem(e)).toMatchObject({ status: 'delivered', deliveredVia: 'email', attempts: 1 });
    // Delivered once: another pass sends nothing more.
    await e.deliver();
    expect(e.smtp.to(ANA)).toHaveLength(1);
  });

  it('a 451 from the server is tried again after the backoff, then delivered once; no address in what is kept', async () => {
    const e = await setup();
    expect((await e.app.say(ALEX, `invite ${ANA} --name Ana --member prod-eu`)).ok).toBe(true);
    e.smtp.refuseNext(ANA, 451);
    await e.deliver();
    const waiting = await emailItem(e);
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1 });
    expect(waiting.lastError).toContain('Try again later');
    expect(waiting.lastError).not.toContain(ANA);
    expect(e.smtp.to(ANA)).toHaveLength(0);

    e.app.clock.advance(backoffMs(1) - 1);
    await e.deliver();
    expect(e.smtp.attempts(ANA)).toBe(1); // not before its time
    e.app.clock.advance(1);
    await e.deliver();
    expect(e.smtp.to(ANA)).toHaveLength(1);
    expect(await emailItem(e)).toMatchObject({ status: 'delivered', attempts: 2, deliveredVia: 'email' });
  });

  it('a 550 fails visibly: `notifications failed` shows it, and the inviter is told', async () => {
    const e = await setup();
    expect((await e.app.say(LEE, `invite ${ANA} --name Ana --member dev-eu`)).ok).toBe(true);
    e.smtp.refuseNext(ANA, 550);
    await e.deliver();
    const failed = await emailItem(e);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed.lastError).toContain('No such mailbox <<address>>');
    const shown = await e.app.say(ALEX, 'notifications failed');
    expect(shown.text).toContain(`${ANA} (email)`);
    expect(shown.text).toContain('No such mailbox');
    // The promise in the answer is kept: Lee hears of it (by email here, since no chat reaches Lee).
    const told = (await e.outbox()).find((x) => x.reason === 'an invitation email you sent failed');
    expect(told?.to).toEqual({ kind: 'member', email: LEE });
    await e.deliver();
    const [toLee] = e.smtp
      .to(LEE)
      .filter((r) => r.mail.subject?.includes('invitation email you sent failed'));
    expect(toLee?.mail.text).toContain(`The invitation email to Ana <${ANA}> could not be delivered`);
    expect(toLee?.mail.text).toContain(`resend ${ANA}`);
    // Logs name the item and the error, never an address.
    expect(JSON.stringify(e.logged)).not.toContain(ANA);
    expect(e.logged.some((l) => l.event === 'notice-failed')).toBe(true);
  });

  it('resend answers what will happen, and the new email carries a link; the old item is not sent after it', async () => {
    const e = await setup();
    expect((await e.app.say(ALEX, `invite ${ANA} --name Ana --member prod-eu`)).ok).toBe(true);
    e.smtp.refuseNext(ANA, 451);
    await e.deliver(); // the first email waits for its retry
    e.app.clock.advance(60_000);
    const again = await e.app.say(ALEX, `resend ${ANA}`);
    expect(again.ok).toBe(true);
    expect(again.text).toContain('Invitation renewed for Ana');
    expect(again.text).toContain("is queued (with a link to accept); you'll be told if it fails");
    expect(again.text).not.toMatch(/\bsent\b/i);
    e.app.clock.advance(backoffMs(1));
    await e.deliver();
    // One email went out, for the current invitation; the earlier one knows it was overtaken and stays quiet.
    expect(e.smtp.to(ANA)).toHaveLength(1);
    const items = (await e.outbox()).filter((x) => x.to.kind === 'email' && x.to.email === ANA);
    expect(items.map((x) => x.status).sort()).toEqual(['delivered', 'failed']);
    expect(items.find((x) => x.status === 'failed')?.lastError).toContain(
      'sent again before this email went out',
    );
    // Nobody is told about an email that was replaced on purpose.
    expect((await e.outbox()).some((x) => x.reason === 'an invitation email you sent failed')).toBe(false);
  });

  it('a notice for a member no chat reaches is emailed; one a chat reaches is not', async () => {
    const e = await setup();
    const slack = fakePort('slack');
    slack.unreachable.add(MEGAN);
    const said = await e.app.say(ALEX, 'notify maintenance prod-eu "Saturday 02:00 UTC: database upgrade"');
    expect(said.ok).toBe(true);
    expect(said.text).toContain('Queued for 1 person: Megan Bowen.');
    expect(said.text).toContain('Anyone no chat reaches yet gets it by email.');
    while ((await e.deliver([slack])) > 0);
    const toMegan = e.smtp.to(MEGAN).filter((r) => r.mail.text?.includes('database upgrade'));
    expect(toMegan).toHaveLength(1);
    expect(toMegan[0]?.mail.text).toContain('Saturday 02:00 UTC: database upgrade');
    expect(toMegan[0]?.mail.text).toContain('no chat reaches you yet');
    const megans = (await e.outbox()).find((x) => x.to.kind === 'member' && x.to.email === MEGAN);
    expect(megans).toMatchObject({ status: 'delivered', deliveredVia: 'email' });
    // Once Slack reaches Megan, the next notice goes there, and no email.
    slack.unreachable.delete(MEGAN);
    expect((await e.app.say(ALEX, 'notify maintenance prod-eu "Sunday 03:00 UTC: network work"')).ok).toBe(
      true,
    );
    while ((await e.deliver([slack])) > 0);
    expect(slack.textsTo(MEGAN).filter((t) => t.includes('network work'))).toHaveLength(1);
    expect(e.smtp.to(MEGAN).filter((r) => r.mail.text?.includes('network work'))).toEqual([]);
  });

  it('without SMTP_URL: no email item, no email, and the answer says when they will see it', async () => {
    const e = await setup({ email: false });
    const said = await e.app.say(ALEX, `invite ${ANA} --name Ana --member prod-eu`);
    expect(said.ok).toBe(true);
    expect(said.text).toContain('No email is configured, so Ana');
    expect(said.text).toContain('will see the invitation when they first write to the bot');
    expect(said.text).not.toMatch(/\bsent\b|\bemailed\b/i);
    expect((await e.outbox()).filter((x) => x.to.kind === 'email')).toEqual([]);
    await e.deliver();
    expect(e.smtp.attempts()).toBe(0);
    // The chat invitation waits for Ana to become reachable, rather than failing.
    const chat = (await e.outbox()).find((x) => x.to.kind === 'member' && x.to.email === ANA);
    expect(chat).toMatchObject({ status: 'pending' });
    const notice = await e.app.say(ALEX, 'notify maintenance prod-eu "Saturday 02:00 UTC: database upgrade"');
    expect(notice.text).toContain('Anyone no chat reaches yet gets it when they first write to the bot');
    expect(notice.text).not.toMatch(/\bsent\b|\bemail(ed)? to\b/i);
  });
});

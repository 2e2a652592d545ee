// The outbox's email items and an invitation accepted by its link survive the move JSON -> PostgreSQL -> JSON.
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptRoute } from '../../../src/app/accept-link.ts';
import { runOnce } from '../../../src/app/delivery.ts';
import { smtpMailer } from '../../../src/app/mailer.ts';
import { createHttpServer } from '../../../src/app/server.ts';
import { signedLinks } from '../../../src/app/signed-links.ts';
import { readJsonStore } from '../../../src/store/inspect.ts';
import { openPgStore } from '../../../src/store/pg/pg-store.ts';
import { copyJsonToPg, exportPgToJson } from '../../../src/store/pg/transfer.ts';
import { ACCEPT_PATH } from '../../../src/workflow/emails.ts';
import { storeApp } from '../../fakes/app.ts';
import { startSmtp } from '../../fakes/smtp.ts';
import { ALEX } from '../../workflow/harness.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

let db: TestDatabase;
let dir: string;
beforeAll(async () => {
  db = await createTestDatabase('email_transfer');
  dir = await mkdtemp(join(tmpdir(), 'pg-email-transfer-'));
});
afterAll(async () => {
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('email state moves between the stores', () => {
  it('email items (pending, delivered, failed), a long-waiting invitation and a link acceptance round-trip unchanged', async () => {
    const links = signedLinks({ secret: 'k'.repeat(40), publicUrl: 'https://portal-bot.example.com' });
    if (!links) throw new Error('links are configured');
    const app = await storeApp({ reach: { email: true, links: true } });
    const smtp = await startSmtp();
    const mailer = smtpMailer({ smtpUrl: smtp.url, from: 'portal-bot@example.com' });
    const server = createHttpServer(app, {
      [ACCEPT_PATH]: acceptRoute({ store: app.store, clock: app.clock, links }),
    });
    try {
      for (const who of ['ana', 'bo', 'cy'])
        expect((await app.say(ALEX, `invite ${who}@example.com --member prod-eu`)).ok).toBe(true);
      smtp.refuseNext('bo@example.com', 550);
      smtp.refuseNext('cy@example.com', 451);
      const deps = { store: app.store, clock: app.clock, ports: [], log: () => {}, mailer, links };
      await runOnce(deps);
      // Ana accepts by her link.
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const link = smtp.to('ana@example.com')[0]?.mail.text?.match(/https:\S+token=\S+/)?.[0] ?? '';
      const token = new URL(link).searchParams.get('token') ?? '';
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${ACCEPT_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }).toString(),
      });
      expect(res.status).toBe(200);
    } finally {
      await new Promise((r) => server.close(r));
      mailer.close();
      await smtp.close();
      await app.close();
    }

    const original = await readJsonStore(app.file);
    const emails = original.data.outbox.filter((x) => x.to.kind === 'email');
    expect(emails.map((x) => x.status).sort()).toEqual(['delivered', 'failed', 'pending']);
    expect(original.data.outbox.some((x) => x.giveUpAt !== undefined)).toBe(true);
    expect(original.audit.some((e) => e.chat === 'email' && e.action === 'member.accept')).toBe(true);

    await copyJsonToPg(app.file, db.url);
    const pg = await openPgStore({ url: db.url });
    try {
      expect(await pg.read((d) => d)).toEqual(original.data);
    } finally {
      await pg.close();
    }
    const back = join(dir, 'back.json');
    await exportPgToJson(db.url, back);
    const returned = await readJsonStore(back);
    expect(returned.data).toEqual(original.data);
    expect(returned.audit).toEqual(original.audit);
    await app.cleanup();
  });
});

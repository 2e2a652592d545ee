// Access reviews on the PostgreSQL store, with two replicas on one database: a review started on one is
// decided on the other, reminders and closing happen once however many replicas tick, and it reads back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, appOver, seedData } from '../../../src/app/app.ts';
import { fakeClock } from '../../../src/app/clock.ts';
import { runOnce } from '../../../src/app/delivery.ts';
import { openPgStore, type PgStore } from '../../../src/store/pg/pg-store.ts';
import { renderText } from '../../../src/views/render-text.ts';
import { REVIEW_REMIND_MS } from '../../../src/workflow/review-schedule.ts';
import { asConsole, DEMO_DAY, dataWithAudit, recordingLog } from '../../fakes/app.ts';
import { fakePort } from '../../fakes/chat-port.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { until } from './waiting.ts';

const ALEX = 'alexw@example.com';
const MEGAN = 'meganb@example.com';
const DAY = 86_400_000;

let db: TestDatabase;
let a: PgStore;
let b: PgStore;
const clock = fakeClock(DEMO_DAY);
let appA: App;
let appB: App;

beforeAll(async () => {
  db = await createTestDatabase('reviews');
  const seed = () => {
    const d = seedData(true, clock.now());
    for (const s of d.companies[0]?.subscriptions ?? [])
      for (const i of s.infrastructures) i.licenseExpiresOn = '2030-01-01';
    return d;
  };
  a = await openPgStore({ url: db.url, seed });
  b = await openPgStore({ url: db.url, seed });
  appA = appOver(a, { clock, securityLog: recordingLog().log });
  appB = appOver(b, { clock, securityLog: recordingLog().log });
});
afterAll(async () => {
  await a.close();
  await b.close();
  await db.drop();
});

const say = async (app: App, email: string, line: string) =>
  (await app.run(asConsole(email), { kind: 'text', text: line })).result;
const reviewIn = (s: PgStore) => s.read((d) => structuredClone(d.companies[0]?.reviews[0]));

describe('access reviews on PostgreSQL, two replicas', () => {
  it('started on one replica, decided on the other; reminders and the close happen once; all reads back', async () => {
    expect((await say(appA, ALEX, 'review start prod-eu')).ok).toBe(true);
    await until(async () => (await reviewIn(b))?.id === 'RV-1001', 'the second replica sees RV-1001');

    const kept = await say(appB, MEGAN, 'review decide RV-1001 3 keep');
    expect(kept.ok).toBe(true);
    // The same press again on the first replica: it sees the decision under the company lock.
    const again = await appA.run(asConsole(MEGAN), {
      kind: 'command',
      ref: { name: 'review decide', args: { id: 'RV-1001', item: '3', decision: 'keep' } },
    });
    expect(again.result.ok).toBe(true);
    expect(renderText(again.reply.view).text).toContain('nothing changed');

    const port = fakePort('slack');
    const pass = (store: PgStore) => runOnce({ store, clock, ports: [port], log: () => {} });
    clock.advance(REVIEW_REMIND_MS);
    await Promise.all([pass(a), pass(b)]);
    await pass(a);
    expect(port.textsTo(MEGAN).filter((t) => t.startsWith('Reminder'))).toHaveLength(1);

    clock.advance(14 * DAY);
    await Promise.all([pass(a), pass(b)]);
    await pass(b);
    const closed = await reviewIn(b);
    expect(closed?.status).toBe('closed');
    expect(closed?.reminders).toBe(1);
    const trail = (await dataWithAudit(a)).audit.map((e) => e.action);
    expect(trail.filter((x) => x === 'review.close')).toHaveLength(1);
    expect(trail.filter((x) => x === 'review.decide')).toHaveLength(1);

    // A fresh replica loads every row through the schema that reads the JSON store.
    const c = await openPgStore({ url: db.url });
    try {
      expect(await c.read((d) => structuredClone(d.companies[0]?.reviews))).toEqual([closed]);
      expect(await c.audit.verify('contoso')).toMatchObject({ ok: true });
    } finally {
      await c.close();
    }
  });
});

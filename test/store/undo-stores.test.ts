// undo on both stores: the last change is stored with the company, so it survives a restart (JSON store), is seen
// by another replica (PostgreSQL), and moves with the store between them.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, openApp } from '../../src/app/app.ts';
import { fakeClock } from '../../src/app/clock.ts';
import { readJsonStore } from '../../src/store/inspect.ts';
import { exportPgToJson } from '../../src/store/pg/transfer.ts';
import { renderText } from '../../src/views/render-text.ts';
import { asConsole, DEMO_DAY } from '../fakes/app.ts';
import { createTestDatabase, type TestDatabase } from './pg/database.ts';

const ALEX = 'alexw@example.com';
const say = async (app: App, line: string) => {
  const o = await app.run(asConsole(ALEX), { kind: 'text', text: line });
  return { ok: o.result.ok, text: renderText(o.reply.view).text };
};
const gradyOn = (app: App) =>
  app.store.read(
    (d) => d.companies[0]?.members.find((m) => m.email === 'gradya@example.com')?.roles['prod-eu'],
  );

let dir: string;
let db: TestDatabase;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'undo-stores-'));
  db = await createTestDatabase('undo');
});
afterAll(async () => {
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('undo across a restart and across replicas', () => {
  it('JSON store: a change made before a restart is undone after it', async () => {
    const file = join(dir, 'db.json');
    const clock = fakeClock(DEMO_DAY);
    const first = await openApp({ dataFile: file, demo: true, clock });
    expect((await say(first, 'grant access gradya@example.com prod-eu')).ok).toBe(true);
    await first.close();
    const second = await openApp({ dataFile: file, demo: true, clock });
    try {
      const r = await say(second, 'undo');
      expect(r.text).toContain('Undid your `grant access`');
      expect(await gradyOn(second)).toBeUndefined();
    } finally {
      await second.close();
    }
    const { data, audit } = await readJsonStore(file);
    expect(audit.at(-1)?.action).toBe('undo');
    expect(data.companies[0]?.lastChanges[ALEX]?.command).toBe('undo');
  });

  it('PostgreSQL: a change made through one replica is undone through another, and exports with the store', async () => {
    const clock = fakeClock(DEMO_DAY);
    const a = await openApp({ dataFile: join(dir, 'unused.json'), databaseUrl: db.url, demo: true, clock });
    const b = await openApp({ dataFile: join(dir, 'unused.json'), databaseUrl: db.url, demo: true, clock });
    try {
      expect((await say(a, 'grant access gradya@example.com prod-eu')).ok).toBe(true);
      const exported = join(dir, 'exported', 'db.json');
      await exportPgToJson(db.url, exported);
      expect((await readJsonStore(exported)).data.companies[0]?.lastChanges[ALEX]).toMatchObject({
        command: 'grant access',
        target: 'gradya@example.com',
        infra: 'prod-eu',
      });
      const r = await say(b, 'undo');
      expect(r.text).toContain('Undid your `grant access`');
      expect(await gradyOn(b)).toBeUndefined();
      // The first replica learns of it too, and a second undo there is refused.
      expect((await say(a, 'undo')).text).toContain('Your last change was an undo');
    } finally {
      await a.close();
      await b.close();
    }
  });
});

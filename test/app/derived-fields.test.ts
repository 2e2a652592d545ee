// Fields derived from user input are sized from their inputs (issue 9): both answer ✓ and the store still opens.
import { describe, expect, it } from 'vitest';
import { openApp } from '../../src/app/app.ts';
import { fakeClock } from '../../src/app/clock.ts';
import { GRANT_SOURCE_MAX, WAS_MAX } from '../../src/domain/schemas.ts';
import { commit } from '../../src/store/store.ts';
import { DEMO_DAY, fileApp } from '../fakes/app.ts';

/** 254 characters, the longest address there is. */
const LONG = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`;

async function reopen(file: string) {
  const app = await openApp({ dataFile: file, demo: true, clock: fakeClock(DEMO_DAY) });
  const data = await app.store.read((d) => structuredClone(d));
  await app.close();
  return data;
}

describe('derived fields', () => {
  it('a time-bound grant by an admin with a 254-character email: ✓, and the next start opens the store', async () => {
    const app = await fileApp();
    try {
      await app.store.transaction((d) => {
        d.companies[0]?.members.push({
          email: LONG,
          name: 'Long Address',
          status: 'active',
          companyAdmin: true,
          roles: {},
          identities: [],
        });
        return commit(null);
      });
      const r = await app.say(LONG, 'grant infra-admin adelev@example.com prod-eu --for 8h');
      expect(r.ok, r.text).toBe(true);
      await app.close();
      const grant = (await reopen(app.file)).companies[0]?.grants.find(
        (g) => g.email === 'adelev@example.com',
      );
      expect(grant?.source).toBe(`granted by ${LONG}`);
      expect(grant?.source.length).toBeLessThanOrEqual(GRANT_SOURCE_MAX);
    } finally {
      await app.cleanup();
    }
  });

  it('a request from a member with roles on 8 long-named infrastructures: ✓, and the next start opens the store', async () => {
    const app = await fileApp();
    const ids = Array.from({ length: 8 }, (_, i) => `${i}${'long-infrastructure-name'.padEnd(39, 'x')}`);
    try {
      await app.store.transaction((d) => {
        const c = d.companies[0];
        const sub = c?.subscriptions[0];
        const adele = c?.members.find((m) => m.email === 'adelev@example.com');
        if (!sub || !adele) throw new Error('no demo company');
        for (const id of ids) {
          sub.infrastructures.push({
            id,
            name: 'Long',
            hosting: 'cloud',
            slotLimit: 1,
            slots: [],
            licenseExpiresOn: '2030-01-01',
          });
          adele.roles[id] = 'member';
        }
        return commit(null);
      });
      const r = await app.say('adelev@example.com', 'request company-admin --reason "quarter close"');
      expect(r.ok, r.text).toBe(true);
      await app.close();
      const request = (await reopen(app.file)).companies[0]?.requests.at(-1);
      expect(request?.requester).toBe('adelev@example.com');
      expect(request?.was.length).toBeLessThanOrEqual(WAS_MAX);
      expect(request?.was).toMatch(/^Member of .* and \d+ more$/);
    } finally {
      await app.cleanup();
    }
  });
});

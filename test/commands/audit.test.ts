// `audit` reads the trail from the store's audit log (a load step after authorization): newest first, filtered,
// paged; a refused change answers "not saved".
import { describe, expect, it } from 'vitest';
import { renderBlocks } from '../../adapters/slack/render/blocks.ts';
import { renderCard } from '../../adapters/teams/render/card.ts';
import { appOver } from '../../src/app/app.ts';
import { fakeClock } from '../../src/app/clock.ts';
import type { Store } from '../../src/store/store.ts';
import { InvalidChangeError } from '../../src/store/store.ts';
import { renderText } from '../../src/views/render-text.ts';
import { asConsole, DEMO_DAY, memoryApp } from '../fakes/app.ts';

const ALEX = 'alexw@example.com';

describe('audit', () => {
  it('pages the trail newest first, 15 a page, and a page past the end shows the last one', async () => {
    const app = memoryApp();
    for (let i = 1; i <= 17; i++) expect((await app.say(ALEX, `invite p${i}@example.com`)).ok).toBe(true);
    const first = await app.say(ALEX, 'audit');
    expect(first.text).toMatch(/Page 1 of 2/i);
    expect(first.text).toContain('p17@example.com');
    expect(first.text).not.toContain('p2@example.com');
    expect(first.text.indexOf('p17@example.com')).toBeLessThan(first.text.indexOf('p16@example.com'));
    const last = await app.say(ALEX, 'audit --page 9');
    expect(last.text).toMatch(/Page 2 of 2/i);
    expect(last.text).toContain('p1@example.com');
    expect(last.text).toContain('p2@example.com');
    expect(last.text).not.toContain('p3@example.com');
  });

  it('filters by infrastructure for its Infra Admin, and refuses the whole trail to them before reading it', async () => {
    const app = memoryApp();
    await app.say(ALEX, 'grant access adelev@example.com dev-eu');
    await app.say(ALEX, 'security-contact clear diegos@example.com');
    const megan = 'meganb@example.com';
    const own = await app.say(megan, 'audit --infra prod-eu');
    expect(own.ok).toBe(true);
    expect(own.text).toContain('No audit events match.');
    const lee = await app.say('leeg@example.com', 'audit --infra dev-eu');
    expect(lee.text).toContain('role.change');
    expect(lee.text).not.toContain('security-contact.clear');
    let listed = 0;
    const store = app.store;
    const watched: Store = {
      ...store,
      read: store.read.bind(store),
      transaction: store.transaction.bind(store),
      close: store.close.bind(store),
      audit: {
        ...store.audit,
        list: (id, q) => {
          listed++;
          return store.audit.list(id, q);
        },
      },
    };
    const watchedApp = appOver(watched, { clock: fakeClock(DEMO_DAY) });
    const denied = await watchedApp.run(asConsole(megan), { kind: 'text', text: 'audit' });
    expect(denied.result.ok ? 'ok' : denied.result.failure.kind).toBe('denied');
    expect(listed).toBe(0);
  });
});

describe('a change the store refuses', () => {
  it('is answered "not saved", naming the field, not "something went wrong"', async () => {
    const app = memoryApp();
    const refusing: Store = {
      ...app.store,
      read: app.store.read.bind(app.store),
      audit: app.store.audit,
      close: app.store.close.bind(app.store),
      transaction: () =>
        Promise.reject(
          new InvalidChangeError('companies[contoso].members[x].name', 'a name is at most 100 characters'),
        ),
    };
    const r = await appOver(refusing, { clock: fakeClock(DEMO_DAY) }).run(asConsole(ALEX), {
      kind: 'text',
      text: 'grant access adelev@example.com dev-eu',
    });
    expect(r.result.ok ? 'ok' : r.result.failure.kind).toBe('not-saved');
    const text = renderText(r.reply.view).text;
    expect(text).toContain('That change was not saved');
    expect(text).toContain('a name is at most 100 characters');
    expect(text).toContain('Nothing was changed');
  });
});

describe('audit detail', () => {
  const HOSTILE = '<!channel> [click](https://evil.example) <at>Boss</at>';

  it('each row shows before → after, in the console, in Slack and in Teams, with user text inert', async () => {
    const app = memoryApp();
    expect((await app.say(ALEX, 'grant infra-admin adelev@example.com prod-eu')).ok).toBe(true);
    expect((await app.say(ALEX, 'grant company-admin meganb@example.com')).ok).toBe(true);
    const asked = await app.say('adelev@example.com', 'request access dev-eu --reason "QA work"');
    expect(asked.ok).toBe(true);
    const id = asked.text.match(/AR-\d+/)?.[0] ?? '';
    expect((await app.say('leeg@example.com', `deny ${id} --reason "${HOSTILE}"`)).ok).toBe(true);

    const trail = await app.say(ALEX, 'audit');
    expect(trail.text).toContain('prod-eu: member → admin');
    expect(trail.text).toContain('Company Admin: no → yes');
    expect(trail.text).toContain(`status: pending → denied; reason: none → ${HOSTILE}`);

    const slack = JSON.stringify(renderBlocks(trail.outcome.reply.view).blocks);
    expect(slack).toContain('prod-eu: member → admin');
    expect(slack).not.toContain('<!channel>');
    expect(slack).toContain('&lt;!channel&gt;');

    const card = JSON.stringify(renderCard(trail.outcome.reply.view));
    expect(card).toContain('prod-eu: member → admin');
    expect(card).not.toContain('<at>');
    expect(card).not.toContain('[click](');
  });
});

// The usual Teams touches: every card message carries a summary (previews never read "Sent a card"), typed messages get a typing indicator.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_SUMMARY, summaryOf } from '../../adapters/teams/cards.ts';
import { directTarget } from '../../src/app/conversations.ts';
import { memberRef, textBlock, timeAt, view } from '../../src/views/view.ts';
import { memoryApp, type TestApp } from '../fakes/app.ts';
import { FOREIGN_TENANT, type Harness, PERSONAL_CHAT, startTeams } from './harness.ts';

let app: TestApp;
let teams: Harness;
beforeEach(async () => {
  app = memoryApp();
  teams = await startTeams(app);
});
afterEach(async () => {
  await teams.close();
});

describe('the summary of a card', () => {
  it('is the title and the first line, as plain text', () => {
    expect(
      summaryOf(
        view(
          [
            textBlock(
              'Request ',
              { kind: 'strong', text: 'AR-1' },
              ' by ',
              memberRef({ name: 'Ana', email: 'a@x.example' }),
            ),
          ],
          {
            title: 'Access request',
          },
        ),
      ),
    ).toBe('Access request: Request AR-1 by Ana (a@x.example)');
    expect(summaryOf(view([textBlock('Ends ', timeAt('2026-11-28T14:00:00Z'))]))).toBe(
      'Ends 28 Nov 2026 14:00 UTC',
    );
  });

  it('has no control characters or line breaks, is at most 150 characters, and is never empty', () => {
    const s = summaryOf(view([textBlock(`a\u202Eb\nc${'x'.repeat(300)}`)]));
    expect(Array.from(s).some((ch) => (ch.codePointAt(0) ?? 0) < 0x20 || ch === '\u202E')).toBe(false);
    expect(Array.from(s).length).toBe(MAX_SUMMARY);
    expect(s.endsWith('…')).toBe(true);
    expect(summaryOf(view([{ kind: 'actions', actions: [] }]))).toBe('Portal bot');
  });
});

describe('messages the bot sends', () => {
  it('a proactive card (a notice) carries its summary, on send and on update', async () => {
    await teams.say('MEGAN', 'whoami');
    await teams.waitForSent(1);
    const target = directTarget(await app.data(), 'contoso', 'meganb@example.com');
    const notice = view([textBlock('Your access to prod-eu was approved.')], { title: 'Access request' });
    const delivery = await teams.adapter.port.sendDirect(target as NonNullable<typeof target>, notice);
    expect(teams.sent[1]?.body).toMatchObject({
      type: 'message',
      summary: 'Access request: Your access to prod-eu was approved.',
    });
    if (!delivery.ok) throw new Error('expected a delivery');
    await teams.adapter.port.update(delivery.ref, view([textBlock('Approved, and now used.')]));
    expect(teams.sent[2]).toMatchObject({ method: 'PUT', body: { summary: 'Approved, and now used.' } });
  });

  it('a reply to a typed message carries a summary too', async () => {
    await teams.say('MEGAN', 'whoami');
    const [reply] = await teams.waitForSent(1);
    expect(reply?.body).toMatchObject({ type: 'message', summary: expect.stringMatching(/^Who you are/) });
  });

  it('a typed message gets a typing indicator before the answer', async () => {
    await teams.say('MEGAN', 'team');
    await teams.waitForSent(1);
    expect(teams.typing).toEqual([PERSONAL_CHAT]);
  });

  it('a tenant no company is mapped to gets no typing indicator (and no answer)', async () => {
    await teams.say('MEGAN', 'team', { tenant: FOREIGN_TENANT });
    expect(teams.typing).toEqual([]);
    expect(teams.sent).toEqual([]);
  });
});

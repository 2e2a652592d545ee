// Times travel as spans and each chat shows them in the reader's zone: Slack date tokens, Adaptive Card DATE/TIME, the console's zone.
import { describe, expect, it } from 'vitest';
import { renderBlocks } from '../../adapters/slack/render/blocks.ts';
import { slackDate } from '../../adapters/slack/render/mrkdwn.ts';
import { renderCard } from '../../adapters/teams/render/card.ts';
import { cardTime } from '../../adapters/teams/render/escape.ts';
import { licenseStatus } from '../../src/commands/license.ts';
import { count, noun } from '../../src/views/plural.ts';
import { renderText } from '../../src/views/render-text.ts';
import { utcText, zonedText } from '../../src/views/time.ts';
import { memberRef, plainOf, type Span, textBlock, timeAt, view } from '../../src/views/view.ts';
import { memoryApp } from '../fakes/app.ts';

const AT = '2026-11-28T14:05:00.000Z';

describe('a time span', () => {
  it('reads in UTC, saying so, wherever no zone is known (fallbacks, logs)', () => {
    expect(utcText(AT, 'datetime')).toBe('28 Nov 2026 14:05 UTC');
    expect(utcText(AT, 'date')).toBe('28 Nov 2026');
    expect(plainOf([timeAt(AT)])).toBe('28 Nov 2026 14:05 UTC');
  });

  it.each([
    ['UTC', 'datetime', '28 Nov 2026 14:05 UTC'],
    ['Europe/Berlin', 'datetime', '28 Nov 2026 15:05 CET'],
    ['America/New_York', 'datetime', '28 Nov 2026 09:05 GMT-5'],
    ['Asia/Tokyo', 'datetime', '28 Nov 2026 23:05 GMT+9'],
    ['Pacific/Kiritimati', 'date', '29 Nov 2026'],
  ] as const)('on the console in %s reads %s as "%s"', (zone, show, expected) => {
    expect(zonedText(AT, show, zone)).toBe(expected);
    expect(renderText(view([textBlock('Ends ', timeAt(AT, show))]), { timeZone: zone }).text).toBe(
      `Ends ${expected}`,
    );
  });

  it('on Slack is a date token Slack shows in the reader zone, with a UTC fallback', () => {
    expect(slackDate(AT, 'datetime')).toBe(
      '<!date^1795874700^{date_short_pretty} {time}|28 Nov 2026 14:05 UTC>',
    );
    expect(slackDate(AT, 'date')).toBe('<!date^1795874700^{date_short_pretty}|28 Nov 2026>');
    const { blocks, text } = renderBlocks(view([textBlock('Expires ', timeAt(AT), '.')]));
    expect(blocks).toEqual([
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: 'Expires <!date^1795874700^{date_short_pretty} {time}|28 Nov 2026 14:05 UTC>.',
          verbatim: true,
        },
      },
    ]);
    // The notification text cannot hold tokens: it says UTC.
    expect(text).toBe('Expires 28 Nov 2026 14:05 UTC.');
  });

  it('on Teams is DATE() and TIME(), which the client formats in the reader zone and language', () => {
    expect(cardTime(AT, 'datetime')).toBe(
      '{{DATE(2026-11-28T14:05:00Z, SHORT)}} {{TIME(2026-11-28T14:05:00Z)}}',
    );
    expect(cardTime(AT, 'date')).toBe('{{DATE(2026-11-28T14:05:00Z, SHORT)}}');
    expect(renderCard(view([textBlock('Expires ', timeAt(AT), '.')])).body).toEqual([
      {
        type: 'TextBlock',
        text: 'Expires {{DATE(2026-11-28T14:05:00Z, SHORT)}} {{TIME(2026-11-28T14:05:00Z)}}.',
        wrap: true,
      },
    ]);
  });

  it('that is not a time shows what it holds, and no token', () => {
    expect(slackDate('soon', 'datetime')).toBe('soon');
    expect(cardTime('soon', 'date')).toBe('soon');
    expect(zonedText('soon', 'date', 'UTC')).toBe('soon');
  });
});

describe('the core says times as spans, never as pre-formatted UTC', () => {
  const timesIn = (spans: Span[]) => spans.filter((s) => s.kind === 'time');
  const allSpans = (v: ReturnType<typeof view>) =>
    v.blocks.flatMap((b) =>
      b.kind === 'text'
        ? b.text
        : b.kind === 'fields'
          ? b.fields.flatMap(([, t]) => t)
          : b.kind === 'table'
            ? b.rows.flat(2)
            : [],
    );

  it.each([
    ['adelev@example.com', 'request infra-admin prod-eu --reason "hotfix" --for 4h'],
    ['alexw@example.com', 'team pending'],
  ])('%s: %s', async (who, line) => {
    const { outcome } = await memoryApp().say(who, line);
    expect(outcome.result.ok).toBe(true);
    const spans = allSpans(outcome.reply.view);
    expect(timesIn(spans).length).toBeGreaterThan(0);
    expect(spans.filter((s) => s.kind !== 'time' && 'text' in s && / UTC\b/.test(s.text))).toEqual([]);
  });
});

describe('plurals', () => {
  it('come from Intl.PluralRules', () => {
    expect([count(0, 'day'), count(1, 'day'), count(12, 'day')]).toEqual(['0 days', '1 day', '12 days']);
    expect([noun(1, 'person'), noun(2, 'person')]).toEqual(['person', 'people']);
    expect(count(2, 'more approval')).toBe('2 more approvals');
  });

  it('a license reads "1 day" and "12 days", never "day(s)"', () => {
    const now = new Date('2026-11-28T12:00:00Z');
    expect(licenseStatus('2026-11-29', now)).toBe('expires in 1 day');
    expect(licenseStatus('2026-12-10', now)).toBe('expires in 12 days');
    expect(licenseStatus('2026-11-27', now)).toBe('expired 1 day ago');
    expect(licenseStatus('2026-11-28', now)).toBe('expires today');
  });
});

describe('typed text cannot call the card functions', () => {
  it('a name holding {{DATE(…)}} reaches Teams as text, not as a date', () => {
    const name = '{{DATE(2017-02-14T06:08:39Z, SHORT)}}';
    const card = renderCard(view([textBlock(memberRef({ name, email: 'x@example.com' }))]));
    const shownText = (card.body[0] as { text: string }).text;
    expect(shownText).not.toContain('{{');
    expect(shownText.replaceAll('\u200B', '')).toContain('{{DATE(2017-02-14T06:08:39Z, SHORT)}}');
  });
});

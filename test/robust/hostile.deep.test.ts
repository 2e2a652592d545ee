// Every hostile string through every text argument of every command, and every place a view holds text, on every renderer.
import { describe, expect, it } from 'vitest';
import { record } from './figures.ts';
import { breakouts, HOSTILE, linesWith } from './hostile.ts';

describe(`${HOSTILE.length} hostile strings, every text argument, every renderer`, () => {
  const totals = { strings: 0, lines: 0, views: 0, problems: 0 };

  it.each(HOSTILE.map((s, i) => [i, s] as const))(
    '#%i %j breaks out of no renderer',
    async (_, s) => {
      const { views, problems } = await breakouts(s);
      totals.strings++;
      totals.lines += linesWith(s).length * 3;
      totals.views += views;
      totals.problems += problems.length;
      expect(problems).toEqual([]);
    },
    120_000,
  );

  it('is recorded for the README', () => {
    expect(totals.strings).toBe(HOSTILE.length);
    record('hostile', { ...totals, renderers: ['Slack Block Kit', 'Teams Adaptive Card', 'console text'] });
  });
});

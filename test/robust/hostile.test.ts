// A cheap run of the hostile-text suite (the full one, every string, is hostile.deep.test.ts): nothing breaks out of any renderer.
import { describe, expect, it } from 'vitest';
import { breakouts, HOSTILE, linesWith } from './hostile.ts';

/** A few of the strings, one per kind of way out. */
const SAMPLE = [
  '<!channel>',
  '<@U0ALEX|boss>',
  '<https://evil.example|Click to approve>',
  '<at>Alex Wilber</at>',
  '[Approve here](https://evil.example/approve)',
  '*BOLD* _ITAL_ ~STRIKE~',
  '\u202Egro.live',
  '\u001b[31mRED\u001b[0m',
];

describe('hostile text, a sample', () => {
  it('the sample is drawn from the full list, which has at least forty strings', () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(40);
    for (const s of SAMPLE) expect(HOSTILE).toContain(s);
  });

  it('every command line puts the string in one text argument at a time', () => {
    const lines = linesWith('HOSTILE');
    expect(lines).toContain('case open "prod-eu" "HOSTILE"');
    expect(lines).toContain('invite "adelev@example.com" --name "HOSTILE"');
    expect(lines).toContain('request "infra-admin" "prod-eu" --reason "HOSTILE"');
    expect(lines).toContain('deny "AR-1001" --reason "HOSTILE"');
  });

  it.each(SAMPLE)(
    '%j breaks out of no renderer (Slack, Teams, console)',
    async (s) => {
      const { views, problems } = await breakouts(s);
      expect(views).toBeGreaterThan(100);
      expect(problems).toEqual([]);
    },
    60_000,
  );
});

// The full Slack signature matrix: every case for every payload kind, and a missing or blank secret stops the start.
import { describe, expect, it } from 'vitest';
import { loadSlackConfig } from '../../adapters/slack/config.ts';
import { record } from '../robust/figures.ts';
import { CASES } from './signature-cases.ts';
import { KINDS, type Kind, runMatrix } from './signature-matrix.ts';

describe('the Slack signature matrix', () => {
  const totals = { cases: 0, accepted: 0, refused: 0 };

  it.each(Object.keys(KINDS) as Kind[])(
    '%s: every case',
    async (kind) => {
      const r = await runMatrix(kind, CASES);
      totals.cases += CASES.length;
      totals.accepted += r.accepted;
      totals.refused += r.refused;
      expect(r.accepted + r.refused).toBe(CASES.length);
    },
    120_000,
  );

  it.each([
    ['missing', { SLACK_BOT_TOKEN: 'xoxb-1' }],
    ['blank', { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: '' }],
    ['only spaces', { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: '   ' }],
  ])('a %s signing secret stops the start', (_, env) => {
    const r = loadSlackConfig(env);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem).toMatch(/SLACK_SIGNING_SECRET is (missing|blank)/);
  });

  it('is recorded for the README', () => {
    expect(totals.cases).toBe(CASES.length * Object.keys(KINDS).length);
    record('signatures', { ...totals, kinds: Object.keys(KINDS), perKind: CASES.length, configCases: 3 });
  });
});

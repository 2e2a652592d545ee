// A cheap run of the race (the full one, 200 trials on the file store, is concurrent-approvers.deep.test.ts).
import { describe, expect, it } from 'vitest';
import { APPROVERS, runTrial, trialOf } from './concurrent-approvers.ts';

describe(`${APPROVERS} approvers at once`, () => {
  it('the trials cover both outcomes and every quorum from 1 to 5', () => {
    const trials = Array.from({ length: 200 }, (_, n) => trialOf(n));
    expect(new Set(trials.map((t) => t.required))).toEqual(new Set([1, 2, 3, 4, 5]));
    expect(trials.some((t) => t.doubles.some(Boolean))).toBe(true);
  });

  it.each(Array.from({ length: 10 }, (_, n) => n))(
    'trial %i: one decision, the quorum respected',
    async (n) => {
      await runTrial(n);
    },
  );

  it('on the file store too', async () => {
    await runTrial(200, true);
  });
});

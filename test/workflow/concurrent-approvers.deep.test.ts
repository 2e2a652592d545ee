// Twenty approvers × two hundred trials on the JSON file store: exactly one decision per request, the quorum respected.
import { describe, expect, it } from 'vitest';
import { record } from '../robust/figures.ts';
import { APPROVERS, runTrial, type TrialResult } from './concurrent-approvers.ts';

const TRIALS = 200;

describe(`${APPROVERS} concurrent approvers × ${TRIALS} trials`, () => {
  it(
    'every trial: one decision, the quorum respected, every change audited, the chain intact',
    async () => {
      const results: TrialResult[] = [];
      for (let n = 0; n < TRIALS; n++) results.push(await runTrial(n, true));
      const approved = results.filter((r) => r.status === 'approved').length;
      expect(approved).toBeGreaterThan(0);
      expect(approved).toBeLessThan(TRIALS);
      record('concurrency', {
        approvers: APPROVERS,
        trials: TRIALS,
        approved,
        denied: TRIALS - approved,
        decisionsPerRequest: 1,
        acceptedPresses: results.reduce((n, r) => n + r.changed, 0),
      });
    },
    20 * 60_000,
  );
});

// A cheap run of the platform faults (the full one is platform-faults.deep.test.ts): one failure and one recovery per chat and phase.
import { describe, expect, it } from 'vitest';
import { QUICK, SCENARIOS } from './platform-faults.ts';

describe('Slack and Teams failing, a sample', () => {
  it('the sample is drawn from the full list', () => {
    for (const name of QUICK) expect(SCENARIOS.map((s) => s.name)).toContain(name);
  });
  it.each(SCENARIOS.filter((s) => QUICK.has(s.name)).map((s) => [s.name, s] as const))(
    '%s',
    async (_, s) => {
      await s.run();
    },
    30_000,
  );
});

// Slack and Teams 500s, 429s and timeouts, during commands and during delivery: every scenario.
import { describe, expect, it } from 'vitest';
import { record } from './figures.ts';
import { SCENARIOS } from './platform-faults.ts';

describe('Slack and Teams failing', () => {
  const passed: string[] = [];
  it.each(SCENARIOS.map((s) => [s.name, s] as const))(
    '%s',
    async (name, s) => {
      await s.run();
      passed.push(name);
    },
    120_000,
  );

  it('is recorded for the README', () => {
    expect(passed).toHaveLength(SCENARIOS.length);
    const count = (platform: string, phase: string) =>
      SCENARIOS.filter((s) => s.platform === platform && s.phase === phase).length;
    record('faults', {
      scenarios: SCENARIOS.length,
      slackCommands: count('slack', 'command'),
      slackDelivery: count('slack', 'delivery'),
      teamsCommands: count('teams', 'command'),
      teamsDelivery: count('teams', 'delivery'),
      names: SCENARIOS.map((s) => s.name),
    });
  });
});

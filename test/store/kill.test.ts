// Kill -9 on both stores, a handful of rounds (npm run test:deep runs more: kill.deep.test.ts).
import { describe, expect, it } from 'vitest';
import { killRounds } from './kill-rounds.ts';

describe('kill -9 during random traffic', () => {
  it('loses no acknowledged change, and the audit chain verifies, over 5 rounds', async () => {
    const report = await killRounds(5);
    expect(report.acknowledged).toBeGreaterThan(0);
    expect(report.acknowledged).toBeLessThanOrEqual(report.sent);
  }, 120_000);

  it('on PostgreSQL too: loses no acknowledged change, and the audit chain verifies, over 5 rounds', async () => {
    const report = await killRounds(5, Date.now(), 'pg');
    expect(report.acknowledged).toBeGreaterThan(0);
    expect(report.acknowledged).toBeLessThanOrEqual(report.sent);
  }, 120_000);
});

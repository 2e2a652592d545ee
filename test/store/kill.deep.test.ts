// Kill -9 during random traffic, at least 200 times on the JSON store and 100 on PostgreSQL (issue 9's deep fault suite).
import { describe, expect, it } from 'vitest';
import { record } from '../robust/figures.ts';
import { killRounds } from './kill-rounds.ts';

describe('kill -9 during random traffic, deep', () => {
  it(
    'loses no acknowledged change, and the audit chain verifies, over 200 rounds',
    async () => {
      const report = await killRounds(200);
      process.stdout.write(`kill -9: ${JSON.stringify(report)}\n`);
      expect(report.acknowledged).toBeGreaterThan(200);
      // Reaching here means every acknowledged change was found after every restart.
      record('kill.json', {
        rounds: report.rounds,
        sent: report.sent,
        acknowledged: report.acknowledged,
        lost: 0,
      });
    },
    30 * 60_000,
  );

  it(
    'on PostgreSQL too: loses no acknowledged change, and the audit chain verifies, over 100 rounds',
    async () => {
      const report = await killRounds(100, Date.now(), 'pg');
      process.stdout.write(`kill -9 (PostgreSQL): ${JSON.stringify(report)}\n`);
      expect(report.acknowledged).toBeGreaterThan(100);
    },
    30 * 60_000,
  );
});

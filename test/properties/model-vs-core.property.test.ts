// The command core against the reference model: random sequences by every kind of actor, checked after every step.
import { describe, expect, it } from 'vitest';
import { modelRun, seedFromEnv } from './check.ts';
import { OPEN } from './known.ts';

const SEED = seedFromEnv();

describe('random sequences of commands and time agree with the model (1,000 sequences of up to 60 steps)', () => {
  // Two halves, so the reporter shows progress and each stays well under the test timeout on a loaded machine.
  for (const half of [0, 1])
    it(`half ${half + 1}: 500 sequences (seed ${SEED + half}; replay with SEED=${SEED})`, async () => {
      console.log(`model-vs-core: seed ${SEED + half} (replay: SEED=${SEED} npx vitest run test/properties)`);
      const report = await modelRun({ runs: 500, maxLength: 60, seed: SEED + half });
      for (const [id, n] of report.known)
        console.log(`  still open: ${id} ${OPEN.find((d) => d.id === id)?.title ?? ''} (${n} steps)`);
      expect(report.runs).toBe(500);
    }, 240_000);
});

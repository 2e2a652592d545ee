// The long run (`npm run test:deep`): 50,000 sequences of up to 60 steps against the model. It prints its seed;
// SEED=n replays a run exactly.
import { describe, expect, it } from 'vitest';
import { modelRun, seedFromEnv } from './check.ts';
import { OPEN } from './known.ts';

const SEED = seedFromEnv();
const CHUNKS = 20;
const PER_CHUNK = 2_500;

describe(`50,000 random sequences agree with the model (seed ${SEED})`, () => {
  for (let i = 0; i < CHUNKS; i++)
    it(`sequences ${i * PER_CHUNK + 1}-${(i + 1) * PER_CHUNK} (seed ${SEED + i}; replay with SEED=${SEED})`, async () => {
      console.log(
        `model-vs-core deep: seed ${SEED + i} (replay: SEED=${SEED} npm run test:deep -- test/properties)`,
      );
      const report = await modelRun({ runs: PER_CHUNK, maxLength: 60, seed: SEED + i });
      for (const [id, n] of report.known)
        console.log(`  still open: ${id} ${OPEN.find((d) => d.id === id)?.title ?? ''} (${n} steps)`);
      expect(report.runs).toBe(PER_CHUNK);
    });
});

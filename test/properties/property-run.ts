// One half of the `npm test` property run: 500 sequences of up to 60 steps against the model, seed printed.
import { expect, it } from 'vitest';
import { modelRun, seedFromEnv } from './check.ts';
import { OPEN } from './known.ts';

const SEED = seedFromEnv();

/** Registers the half: `offset` keeps the two halves on different seeds from one SEED. */
export function propertyHalf(offset: number) {
  it(`500 sequences of up to 60 steps (seed ${SEED + offset}; replay with SEED=${SEED})`, async () => {
    console.log(`model-vs-core: seed ${SEED + offset} (replay: SEED=${SEED} npx vitest run test/properties)`);
    const report = await modelRun({ runs: 500, maxLength: 60, seed: SEED + offset });
    for (const [id, n] of report.known)
      console.log(`  still open: ${id} ${OPEN.find((d) => d.id === id)?.title ?? ''} (${n} steps)`);
    expect(report.runs).toBe(500);
  }, 240_000);
}

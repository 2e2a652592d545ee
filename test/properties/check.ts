// One property run: random sequences against the model, with a seed that can be replayed (SEED=...).
import fc from 'fast-check';
import { sequence } from './arbitraries.ts';
import { knownFor } from './known.ts';
import { runSequence, type Tolerate } from './run.ts';
import { openWorld, seedWorld } from './world.ts';

export type RunReport = { seed: number; runs: number; known: Map<string, number> };

/** The seed: SEED from the environment to replay a run, else a fresh one (printed by the caller). */
export const seedFromEnv = () => {
  const s = Number(process.env.SEED);
  return Number.isInteger(s) ? s : Math.floor(Math.random() * 2 ** 31);
};

/**
 * Runs `runs` random sequences of up to `maxLength` steps; rejects with the shrunk counterexample on the first
 * difference that is not a known open disagreement. Known ones are counted by id.
 */
export async function modelRun(opts: {
  runs: number;
  maxLength: number;
  seed: number;
  tolerate?: Tolerate;
}): Promise<RunReport> {
  const known = new Map<string, number>();
  const tolerate = opts.tolerate ?? ((tag: string) => knownFor(tag) !== undefined);
  const seen = (tag: string) => {
    const id = knownFor(tag)?.id ?? tag;
    known.set(id, (known.get(id) ?? 0) + 1);
  };
  await fc.assert(
    fc.asyncProperty(sequence(opts.maxLength), (steps) =>
      runSequence(steps, { tolerate, seen, world: openWorld(seedWorld(true)) }),
    ),
    { numRuns: opts.runs, seed: opts.seed, endOnFailure: false },
  );
  return { seed: opts.seed, runs: opts.runs, known };
}

/** The first sequence (1-based) that shows a difference, within `runs`; null when all agree. */
export async function sequencesToCatch(opts: {
  runs: number;
  maxLength: number;
  seed: number;
}): Promise<{ caught: true; after: number; tag: string } | { caught: false }> {
  const tolerate = (tag: string) => knownFor(tag) !== undefined;
  const r = await fc.check(
    fc.asyncProperty(sequence(opts.maxLength), (steps) =>
      runSequence(steps, { tolerate, world: openWorld(seedWorld(true)) }),
    ),
    { numRuns: opts.runs, seed: opts.seed, endOnFailure: true },
  );
  if (!r.failed) return { caught: false };
  const e = r.errorInstance as { tag?: string } | undefined;
  return { caught: true, after: r.numRuns, tag: e?.tag ?? String(r.errorInstance) };
}

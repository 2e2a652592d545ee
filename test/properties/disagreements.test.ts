// Each open disagreement, replayed: the code still does what disagreements.md describes. When `rules` fixes one,
// its test here fails on purpose: move the sequence to counterexamples.test.ts and drop it from known.ts.
import { describe, expect, it } from 'vitest';
import { OPEN_SEQUENCES } from './disagreements.ts';
import { OPEN } from './known.ts';
import { Counterexample, runSequence } from './run.ts';

describe('open disagreements between the model and the code (each one fails here once it is fixed)', () => {
  it('every open disagreement has a sequence, and every sequence an entry', () => {
    expect(Object.keys(OPEN_SEQUENCES).sort()).toEqual(OPEN.map((d) => d.id).sort());
  });

  for (const d of OPEN)
    it(`still open: ${d.id} ${d.title}`, async () => {
      const others = new Set(OPEN.filter((o) => o.id !== d.id).flatMap((o) => o.tags));
      const error = await runSequence(OPEN_SEQUENCES[d.id] ?? [], { tolerate: (t) => others.has(t) }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Counterexample);
      expect(d.tags).toContain((error as Counterexample).tag);
    });
});

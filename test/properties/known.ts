// Disagreements between the model and the code that are written up in disagreements.md and still open.
// Each one names the tags its differences carry; the property runs record them and go on, so anything
// else still fails. When `rules` fixes one, its "still open" test in disagreements.test.ts fails: move its
// sequence to counterexamples.test.ts and delete its entry here.

export type Disagreement = { id: string; title: string; tags: readonly string[] };

export const OPEN: readonly Disagreement[] = [];

const byTag = new Map(OPEN.flatMap((d) => d.tags.map((t) => [t, d] as const)));

export const knownFor = (tag: string): Disagreement | undefined => byTag.get(tag);

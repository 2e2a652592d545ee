// Disagreements between the model and the code that are written up in disagreements.md and still open.
// Each one names the tags its differences carry; the property runs record them and go on, so anything
// else still fails. When `rules` fixes one, its "still open" test in disagreements.test.ts fails: move its
// sequence to counterexamples.test.ts and delete its entry here.

export type Disagreement = { id: string; title: string; tags: readonly string[] };

export const OPEN: readonly Disagreement[] = [
  {
    id: 'D3',
    title: 'an Infra Admin is offered "Cancel invitation" and refused',
    tags: ['offer:cancel-invite'],
  },
  {
    id: 'D9',
    title: 'a second time-bound grant no longer than the first makes the role permanent',
    tags: ['state:grant:grants', 'state:approve:grants'],
  },
  {
    id: 'D10',
    title: 'the "ends within the hour" notice offers Extend while the same request is already pending',
    tags: ['offer:request'],
  },
  {
    id: 'D11',
    title: 'after an approver leaves or is demoted, a request waits for an approval nobody left can give',
    tags: [
      'state:approve:requests',
      'state:approve:grants,requests',
      'state:approve:members,requests',
      'state:approve:members,grants,requests',
    ],
  },
];

const byTag = new Map(OPEN.flatMap((d) => d.tags.map((t) => [t, d] as const)));

export const knownFor = (tag: string): Disagreement | undefined => byTag.get(tag);

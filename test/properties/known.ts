// Disagreements between the model and the code that are written up in disagreements.md and still open.
// Each one names the tags its differences carry; the property runs record them and go on, so anything
// else still fails. When `rules` fixes one, its "still open" test in disagreements.test.ts fails: move its
// sequence to counterexamples.test.ts and delete its entry here.

export type Disagreement = { id: string; title: string; tags: readonly string[] };

export const OPEN: readonly Disagreement[] = [
  {
    id: 'D1',
    title: 'remove keeps the member’s time-bound grants, pending requests and approvals',
    tags: [
      'state:remove:requests',
      'state:remove:grants',
      'state:remove:grants,requests',
      'invariant:removal-request',
      'invariant:removal-approval',
      'invariant:removal-grant',
      'state:approve:grants,requests',
      'state:approve:members,grants,requests',
      'state:approve:members,requests',
    ],
  },
  {
    id: 'D2',
    title: 'a request needs more approvals than there are eligible approvers',
    tags: ['state:request:requests'],
  },
  {
    id: 'D3',
    title: 'an Infra Admin is offered "Cancel invitation" and refused',
    tags: ['offer:cancel-invite'],
  },
  {
    id: 'D4',
    title: 'one makes one’s own access permanent or longer without a request',
    tags: [
      'outcome:grant:nobody makes their own access permanent or longer',
      "outcome:grant:time-bound access never changes one's own roles",
      'outcome:grant-company-admin:nobody makes their own access permanent',
    ],
  },
  {
    id: 'D5',
    title: 'time-bound access demotes or removes a permanent holder',
    tags: [
      'outcome:revoke:time-bound access never demotes a permanent holder',
      'outcome:remove:time-bound access never removes a permanent holder',
    ],
  },
  {
    id: 'D6',
    title: 'a time-bound Company Admin is kept when the grant ends (grant.kept-last-admin)',
    tags: ['time:members', 'time:members,grants', 'invariant:permanent-company-admin'],
  },
  {
    id: 'D7',
    title: 'a reminder offers Approve to someone whose time-bound role ends in the same pass',
    tags: ['offer:approve'],
  },
  {
    id: 'D8',
    title: 'an invitee holding a time-bound role is offered "Extend", which needs an active member',
    tags: ['offer:request'],
  },
];

const byTag = new Map(OPEN.flatMap((d) => d.tags.map((t) => [t, d] as const)));

export const knownFor = (tag: string): Disagreement | undefined => byTag.get(tag);

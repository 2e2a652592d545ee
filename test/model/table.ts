// Who may do what, as a plain table read off DESIGN.md and issue 8: actor kind x command x target kind -> outcome.

/**
 * The actor's strongest standing for the command, permanent before time-bound ("-timed": held only for a while).
 * For a scoped command, "infra-admin" means of that infrastructure; "infra-admin-elsewhere" of another one.
 */
export type ActorKind =
  | 'company-admin'
  | 'company-admin-timed'
  | 'infra-admin'
  | 'infra-admin-timed'
  | 'infra-admin-elsewhere'
  | 'member'
  | 'pending'
  | 'contact'
  | 'unknown'
  | 'guest';

/**
 * Who the command is about. "self-timed": the actor, about the very role they hold for a while (making it
 * permanent or longer). "permanent-holder": holds permanently the role the actor acts through.
 */
export type TargetKind =
  | 'self'
  | 'self-timed'
  | 'permanent-holder'
  | 'requester'
  | 'opener'
  | 'other'
  | 'none';

/**
 * allow: the rules let it through (the state may still refuse it: not found, last Company Admin...).
 * deny: the capability table refuses it (failure kind "denied").
 * refuse: a rule of issue 8 refuses it (any failure will do: the wording is the rules' choice).
 * either: DESIGN.md is silent; the model checks only that an answer changed the state as described or not at all.
 */
export type Outcome = 'allow' | 'deny' | 'refuse' | 'either';

export type CommandKind =
  | 'invite'
  | 'invite-company-admin'
  | 'accept'
  | 'grant-company-admin'
  | 'revoke-company-admin'
  | 'grant-infra'
  | 'revoke-infra'
  | 'remove'
  | 'cancel-invite'
  | 'security-contact'
  | 'request'
  | 'decide'
  | 'cancel-request'
  | 'case-open'
  | 'case-approve'
  | 'browse'
  | 'view-cases'
  | 'infra-admin-work'
  | 'company-admin-work';

type Row = readonly [CommandKind, ActorKind | '*', TargetKind | '*', Outcome, string];

const OUTSIDERS = ['pending', 'contact', 'unknown', 'guest'] as const;
const outsiders = (cmd: CommandKind, why: string): Row[] => OUTSIDERS.map((a) => [cmd, a, '*', 'deny', why]);

/** First matching row wins; each says why, in DESIGN.md's words. */
export const TABLE: readonly Row[] = [
  // invite: Company Admins anywhere, Infra Admins only with roles on their own infrastructures.
  ['invite', 'company-admin', '*', 'allow', 'Company Admins invite on any infrastructure'],
  ['invite', 'company-admin-timed', '*', 'allow', 'Company Admins invite on any infrastructure'],
  ['invite', 'infra-admin', '*', 'allow', 'Infra Admins invite with roles on their infrastructure'],
  ['invite', 'infra-admin-timed', '*', 'allow', 'Infra Admins invite with roles on their infrastructure'],
  ['invite', '*', '*', 'deny', 'Members and Infra Admins of other infrastructures cannot invite there'],
  ['invite-company-admin', 'company-admin', '*', 'allow', 'only Company Admins invite with Company Admin'],
  ['invite-company-admin', 'company-admin-timed', '*', 'either', 'silent: a time-bound one naming a new one'],
  ['invite-company-admin', '*', '*', 'deny', 'only Company Admins invite with Company Admin'],
  ['accept', 'pending', '*', 'allow', 'an invited person accepts their own invitation'],
  ['accept', '*', '*', 'either', 'nothing to accept'],
  // Company Admin, granted and revoked.
  ['grant-company-admin', 'company-admin', '*', 'allow', 'Company Admins grant Company Admin'],
  [
    'grant-company-admin',
    'company-admin-timed',
    'self-timed',
    'refuse',
    'nobody makes their own access permanent',
  ],
  ['grant-company-admin', 'company-admin-timed', '*', 'either', 'silent: time-bound admin naming another'],
  ['grant-company-admin', '*', '*', 'deny', 'only Company Admins grant Company Admin'],
  ['revoke-company-admin', 'company-admin', '*', 'allow', 'Company Admins revoke Company Admin'],
  [
    'revoke-company-admin',
    'company-admin-timed',
    'permanent-holder',
    'refuse',
    'time-bound access never demotes a permanent holder',
  ],
  [
    'revoke-company-admin',
    'company-admin-timed',
    'self',
    'either',
    'stepping down early changes nothing for others',
  ],
  ['revoke-company-admin', 'company-admin-timed', '*', 'allow', 'Company Admins revoke Company Admin'],
  ['revoke-company-admin', '*', '*', 'deny', 'only Company Admins revoke Company Admin'],
  // Roles on one infrastructure.
  [
    'grant-infra',
    'company-admin',
    'self-timed',
    'refuse',
    'nobody makes their own access permanent or longer',
  ],
  ['grant-infra', 'company-admin', 'self', 'either', 'silent: a Company Admin adding an infrastructure role'],
  ['grant-infra', 'company-admin', '*', 'allow', 'Company Admins manage every infrastructure'],
  ['grant-infra', 'infra-admin', 'self-timed', 'refuse', 'nobody makes their own access permanent or longer'],
  ['grant-infra', 'infra-admin', '*', 'allow', 'Infra Admins manage roles on their infrastructure'],
  ['grant-infra', 'company-admin-timed', 'self', 'refuse', "time-bound access never changes one's own roles"],
  [
    'grant-infra',
    'company-admin-timed',
    'self-timed',
    'refuse',
    "time-bound access never changes one's own roles",
  ],
  ['grant-infra', 'company-admin-timed', '*', 'allow', 'Company Admins manage every infrastructure'],
  ['grant-infra', 'infra-admin-timed', 'self', 'refuse', "time-bound access never changes one's own roles"],
  [
    'grant-infra',
    'infra-admin-timed',
    'self-timed',
    'refuse',
    "time-bound access never changes one's own roles",
  ],
  ['grant-infra', 'infra-admin-timed', '*', 'allow', 'Infra Admins manage roles on their infrastructure'],
  [
    'grant-infra',
    '*',
    '*',
    'deny',
    'only Company Admins or that infrastructure’s Infra Admins grant roles on it',
  ],
  ['revoke-infra', 'company-admin', '*', 'allow', 'Company Admins manage every infrastructure'],
  ['revoke-infra', 'infra-admin', '*', 'allow', 'Infra Admins manage roles on their infrastructure'],
  ['revoke-infra', 'company-admin-timed', 'self', 'either', 'stepping down early changes nothing for others'],
  [
    'revoke-infra',
    'company-admin-timed',
    'permanent-holder',
    'either',
    "silent: a permanent Company Admin's infrastructure role",
  ],
  ['revoke-infra', 'company-admin-timed', '*', 'allow', 'Company Admins manage every infrastructure'],
  ['revoke-infra', 'infra-admin-timed', 'self', 'either', 'stepping down early changes nothing for others'],
  [
    'revoke-infra',
    'infra-admin-timed',
    'permanent-holder',
    'refuse',
    'time-bound access never demotes a permanent holder',
  ],
  ['revoke-infra', 'infra-admin-timed', '*', 'allow', 'Infra Admins manage roles on their infrastructure'],
  [
    'revoke-infra',
    '*',
    '*',
    'deny',
    'only Company Admins or that infrastructure’s Infra Admins revoke roles on it',
  ],
  // Taking people off the team.
  ['remove', 'company-admin', '*', 'allow', 'Company Admins delete members'],
  [
    'remove',
    'company-admin-timed',
    'permanent-holder',
    'refuse',
    'time-bound access never removes a permanent holder',
  ],
  ['remove', 'company-admin-timed', 'self', 'either', 'silent: a time-bound admin leaving'],
  ['remove', 'company-admin-timed', '*', 'allow', 'Company Admins delete members'],
  ['remove', '*', '*', 'deny', 'only Company Admins delete members'],
  ['cancel-invite', 'company-admin', '*', 'allow', 'Company Admins cancel invitations'],
  ['cancel-invite', 'company-admin-timed', '*', 'allow', 'Company Admins cancel invitations'],
  ['cancel-invite', '*', '*', 'deny', 'only Company Admins cancel invitations'],
  // The Security role: Company Admins, or Infra Admins for members on their infrastructure.
  ['security-contact', 'company-admin', '*', 'allow', 'Company Admins set security contacts'],
  ['security-contact', 'infra-admin', '*', 'allow', 'Infra Admins set security contacts for members on X'],
  ['security-contact', 'company-admin-timed', 'self', 'either', "silent: one's own Security role"],
  ['security-contact', 'company-admin-timed', '*', 'allow', 'Company Admins set security contacts'],
  ['security-contact', 'infra-admin-timed', 'self', 'either', "silent: one's own Security role"],
  [
    'security-contact',
    'infra-admin-timed',
    '*',
    'allow',
    'Infra Admins set security contacts for members on X',
  ],
  [
    'security-contact',
    '*',
    '*',
    'deny',
    'only Company Admins or Infra Admins of the member’s infrastructures',
  ],
  // Requests: any active member asks; those who could grant it decide, never the requester.
  ...outsiders('request', 'only active members ask for access'),
  ['request', '*', '*', 'allow', 'any active member asks for access'],
  ['decide', '*', 'requester', 'refuse', 'nobody approves or denies their own request'],
  ['decide', 'company-admin', '*', 'allow', 'Company Admins decide every request'],
  ['decide', 'company-admin-timed', '*', 'allow', 'Company Admins decide every request'],
  ['decide', 'infra-admin', '*', 'allow', 'Infra Admins decide requests on their infrastructure'],
  ['decide', 'infra-admin-timed', '*', 'allow', 'Infra Admins decide requests on their infrastructure'],
  ['decide', '*', '*', 'deny', 'only those who could grant it decide a request'],
  ...outsiders('cancel-request', 'only active members withdraw requests'),
  ['cancel-request', '*', 'requester', 'allow', 'the requester withdraws their own request'],
  ['cancel-request', '*', '*', 'refuse', 'only the requester withdraws a request'],
  // Support cases.
  ...outsiders('case-open', 'only members and support contacts register cases').filter(
    (r) => r[1] !== 'contact',
  ),
  ['case-open', '*', '*', 'allow', 'members and support contacts register cases'],
  ['case-approve', '*', 'opener', 'refuse', 'nobody approves their own case'],
  ['case-approve', 'infra-admin', '*', 'allow', 'Infra Admins of X approve its unauthorized cases'],
  ['case-approve', 'infra-admin-timed', '*', 'allow', 'Infra Admins of X approve its unauthorized cases'],
  ['case-approve', '*', '*', 'deny', 'only Infra Admins of X approve its unauthorized cases'],
  // Reads and notices.
  ...outsiders('browse', 'only active members use the bot'),
  ['browse', '*', '*', 'allow', 'active members browse the team and their notices'],
  ...outsiders('view-cases', 'members see their cases, contacts theirs').filter((r) => r[1] !== 'contact'),
  [
    'view-cases',
    '*',
    '*',
    'allow',
    'members see their own cases and all of X where Infra Admin; contacts theirs',
  ],
  [
    'infra-admin-work',
    'company-admin',
    '*',
    'allow',
    'Company Admins manage slots, licenses and read the trail of X',
  ],
  [
    'infra-admin-work',
    'company-admin-timed',
    '*',
    'allow',
    'Company Admins manage slots, licenses and read the trail of X',
  ],
  [
    'infra-admin-work',
    'infra-admin',
    '*',
    'allow',
    'Infra Admins of X manage its slots and license, and read its trail',
  ],
  [
    'infra-admin-work',
    'infra-admin-timed',
    '*',
    'allow',
    'Infra Admins of X manage its slots and license, and read its trail',
  ],
  ['infra-admin-work', '*', '*', 'deny', 'only Company Admins or the Infra Admins of X'],
  [
    'company-admin-work',
    'company-admin',
    '*',
    'allow',
    'Company Admins read the whole trail and send notices',
  ],
  [
    'company-admin-work',
    'company-admin-timed',
    '*',
    'allow',
    'Company Admins read the whole trail and send notices',
  ],
  [
    'company-admin-work',
    '*',
    '*',
    'deny',
    'only Company Admins read the whole trail, send notices, link guests and change settings',
  ],
];

export function lookup(
  cmd: CommandKind,
  actor: ActorKind,
  target: TargetKind,
): { outcome: Outcome; why: string } {
  for (const [c, a, t, outcome, why] of TABLE)
    if (c === cmd && (a === '*' || a === actor) && (t === '*' || t === target)) return { outcome, why };
  throw new Error(`the model's table has no row for ${cmd} by ${actor} on ${target}`);
}

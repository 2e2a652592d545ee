// Plain questions people type, mapped onto the same commands: a table of phrasings, most specific first.
import type { CommandRef } from '../views/view.ts';

type Question = { pattern: RegExp; to: (m: RegExpMatchArray) => CommandRef };

const INFRA = '([a-z0-9][a-z0-9-]*)';
/** A person as typed after "who is" or "find": letters, spaces, dots, @ and dashes; at most a few words. */
const PERSON = "([\\p{L}0-9][\\p{L}0-9 .@'_+-]{0,99})";
const re = (source: string) => new RegExp(`^${source}$`, 'u');
const ref = (name: string, args: Record<string, string> = {}): CommandRef => ({ name, args });
const at = (m: RegExpMatchArray, i = 1) => m[i] ?? '';

const QUESTIONS: Question[] = [
  // Who manages an infrastructure, and who admins at all.
  {
    pattern: re(
      `who (?:admins|administers|manages|owns|runs|is (?:the )?admin (?:of|for|on)|are (?:the )?admins (?:of|for|on)) ${INFRA}`,
    ),
    to: (m) => ref('who admins', { infra: at(m) }),
  },
  {
    pattern: re(
      "(?:who(?:'s| is| are) (?:the |an )?(?:company )?admins?|(?:list|show)(?: me)? (?:the )?admins)",
    ),
    to: () => ref('who admins'),
  },
  // Who approves.
  {
    pattern: re(`who (?:can |may )?(?:approves?|decides?) (?:support )?cases (?:on|for|of|in) ${INFRA}`),
    to: (m) => ref('who approves', { what: 'cases', infra: at(m) }),
  },
  {
    pattern: re(
      `who (?:can |may )?(?:approves?|grants?|gives?|decides?) access (?:requests )?(?:to|on|for) ${INFRA}`,
    ),
    to: (m) => ref('who approves', { what: 'access', infra: at(m) }),
  },
  {
    pattern: re(`who (?:can |may )?(?:approves?|decides?) (?:access )?requests (?:to|on|for) ${INFRA}`),
    to: (m) => ref('who approves', { what: 'access', infra: at(m) }),
  },
  {
    pattern: re('who (?:can |may )?(?:approves?|decides?) company admin(?: requests)?'),
    to: () => ref('who approves', { what: 'company-admin' }),
  },
  // Getting access.
  {
    pattern: re(
      `(?:how (?:do|can) i (?:get|request|ask for) access (?:to|on|for)|i need access (?:to|on)|can i (?:get|have) access (?:to|on)|give me access (?:to|on)|request access to) ${INFRA}`,
    ),
    to: (m) => ref('get-access', { infra: at(m) }),
  },
  // The security contact.
  {
    pattern:
      /^(?:who(?:'s| is| are) (?:the |our )?security contacts?|show(?: me)? (?:the )?security contacts?|list (?:the )?security contacts)$/,
    to: () => ref('security-contacts'),
  },
  // What the caller may do, and who they are.
  {
    pattern: /^(?:what can i (?:do|use)|what commands are there|what can you do|help me)$/,
    to: () => ref('help'),
  },
  {
    pattern: /^(?:who am i|what are my roles|what roles do i have|what(?:'s| is) my role|my roles)$/,
    to: () => ref('whoami'),
  },
  // The team and its parts.
  {
    pattern:
      /^(?:who(?:'s| is) (?:on )?(?:the |my )?team|show(?: me)? the team|list (?:the )?(?:team|members)|show(?: me)? (?:all )?members)$/,
    to: () => ref('team'),
  },
  {
    pattern:
      /^(?:who(?:'s| is) pending|who (?:has not|hasn't) joined(?: yet)?|who(?:'s| is) invited|(?:show|list)(?: me)? (?:the )?pending (?:invitations|invites)|pending (?:invitations|invites))$/,
    to: () => ref('team', { status: 'pending' }),
  },
  {
    pattern:
      /^(?:(?:show|list)(?: me)? (?:the )?(?:support )?contacts|who are (?:the |our )?support contacts)$/,
    to: () => ref('team', { status: 'contacts' }),
  },
  {
    pattern: re(
      `(?:who has access to|who(?:'s| is) on|who can use|(?:show|list) (?:the )?members of) ${INFRA}`,
    ),
    to: (m) => ref('team', { infra: at(m) }),
  },
  {
    pattern: /^(?:export (?:the )?team(?: to csv| as csv)?|download (?:the )?team(?: list)?)$/,
    to: () => ref('team', { export: 'csv' }),
  },
  // Licenses, slots, cases, requests, the trail, undo.
  {
    pattern: re(
      `(?:when does (?:the )?licen[cs]e (?:of |for )?${INFRA} expire|when does ${INFRA}(?:'s)? licen[cs]e expire)`,
    ),
    to: (m) => ref('license', { infra: m[1] ?? m[2] ?? '' }),
  },
  {
    pattern: re(
      `(?:(?:show|list)(?: me)? (?:the )?(?:environment )?slots (?:of|on|for) ${INFRA}|what slots does ${INFRA} have)`,
    ),
    to: (m) => ref('slots', { infra: m[1] ?? m[2] ?? '' }),
  },
  {
    pattern: re(`(?:show|list)(?: me)? (?:the |my )?(?:support )?cases(?: (?:on|of|for) ${INFRA})?`),
    to: (m) => ref('cases', m[1] ? { infra: m[1] } : {}),
  },
  {
    pattern:
      /^(?:(?:show|list)(?: me)? (?:the |my )?(?:pending |open )?(?:access )?requests|what requests are (?:pending|open|waiting))$/,
    to: () => ref('requests'),
  },
  {
    pattern:
      /^(?:what changed (?:recently|lately|this week)|(?:show|list)(?: me)? (?:the )?audit(?: trail| log)?)$/,
    to: () => ref('audit', { since: '7d' }),
  },
  { pattern: /^(?:what changed today|what happened today)$/, to: () => ref('audit', { since: '1d' }) },
  { pattern: /^(?:undo (?:that|it|my last change)|take that back)$/, to: () => ref('undo') },
  // A person: last, so the phrasings above win ("who is the security contact", "who is pending").
  {
    pattern: re(
      `(?:who(?:'s| is) ${PERSON}|find ${PERSON}|search for ${PERSON}|look up ${PERSON}|what(?:'s| is) ${PERSON}'s email)`,
    ),
    to: (m) => ref('team', { search: (m.slice(1).find((x) => x !== undefined) ?? '').trim() }),
  },
];

/** Lowercases, drops a trailing question mark, a leading "please" and doubled spaces; then tries each question. */
export function matchQuestion(line: string): CommandRef | undefined {
  const q = line
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[?!.\s]+$/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:please|hey|hi),? /, '')
    .replace(/,? please$/, '');
  for (const { pattern, to } of QUESTIONS) {
    const m = q.match(pattern);
    if (m) return to(m);
  }
  return undefined;
}

/** Words people use for what a command does, when no phrasing matched: the nearest command to suggest. */
const KEYWORDS: Record<string, string> = {
  delete: 'remove',
  remove: 'remove',
  kick: 'remove',
  add: 'invite',
  invite: 'invite',
  invitation: 'team',
  invitations: 'team',
  pending: 'team',
  find: 'team',
  search: 'team',
  export: 'team',
  csv: 'team',
  members: 'team',
  team: 'team',
  admin: 'who admins',
  admins: 'who admins',
  approve: 'who approves',
  approves: 'who approves',
  access: 'get-access',
  license: 'license',
  licence: 'license',
  slot: 'slots',
  slots: 'slots',
  environment: 'slots',
  case: 'cases',
  cases: 'cases',
  ticket: 'cases',
  request: 'requests',
  requests: 'requests',
  audit: 'audit',
  history: 'audit',
  security: 'security-contacts',
  phone: 'security-contacts',
  contacts: 'team',
  undo: 'undo',
  revert: 'undo',
  role: 'whoami',
  roles: 'whoami',
  notify: 'notify',
  notifications: 'notifications',
};

/**
 * The command a phrasing is most likely about, by the first word in it that names one; a sentence about
 * nothing we know gets help, and a stray word or two (a typo of no command) nothing.
 */
export function commandForPhrase(words: readonly string[]): string | undefined {
  for (const w of words) {
    const hit = KEYWORDS[w.replace(/[^a-z-]/g, '')];
    if (hit) return hit;
  }
  return words.length >= 3 ? 'help' : undefined;
}

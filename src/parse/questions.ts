// Plain questions people type, mapped onto the same commands.
import type { CommandRef } from '../views/view.ts';

type Question = { pattern: RegExp; to: (m: RegExpMatchArray) => CommandRef };

const infra = '([a-z0-9][a-z0-9-]*)';
const QUESTIONS: Question[] = [
  {
    pattern: new RegExp(
      `^who (?:admins|administers|manages|owns|runs|is (?:the )?admin (?:of|for)|are (?:the )?admins (?:of|for)) ${infra}$`,
    ),
    to: (m) => ({ name: 'who admins', args: { infra: m[1] ?? '' } }),
  },
  {
    pattern: /^(?:who(?:'s| is| are)|show(?: me)?) (?:the )?security contacts?$/,
    to: () => ({ name: 'security-contacts', args: {} }),
  },
  { pattern: /^what can i (?:do|use)$/, to: () => ({ name: 'help', args: {} }) },
  {
    pattern: /^(?:who am i|what are my roles|what roles do i have)$/,
    to: () => ({ name: 'whoami', args: {} }),
  },
  {
    pattern: /^(?:who(?:'s| is) (?:on )?(?:the |my )?team|show(?: me)? the team|list (?:the )?team)$/,
    to: () => ({ name: 'team', args: {} }),
  },
  {
    pattern: /^(?:who(?:'s| is) pending|who has not joined(?: yet)?)$/,
    to: () => ({ name: 'team', args: { status: 'pending' } }),
  },
  {
    pattern: new RegExp(`^when does (?:the )?licen[cs]e (?:of |for )?${infra} expire$`),
    to: (m) => ({ name: 'license', args: { infra: m[1] ?? '' } }),
  },
];

/** Lowercases, drops a trailing question mark and collapses spaces; then tries each question. */
export function matchQuestion(line: string): CommandRef | undefined {
  const q = line
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[?!.\s]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  for (const { pattern, to } of QUESTIONS) {
    const m = q.match(pattern);
    if (m) return to(m);
  }
  return undefined;
}

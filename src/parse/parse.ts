// Text -> a command and its raw arguments; near-misses get the closest command's usage.
import type { Command, RawArgs } from '../commands/command.ts';
import type { Failure } from '../commands/failure.ts';
import { closestCommand, commands, findCommand } from '../commands/registry.ts';
import { closest } from '../domain/company.ts';
import { CONTROL_CHARS_EXCEPT_WHITESPACE } from '../domain/control-chars.ts';
import { stripInvisible } from '../domain/user-text.ts';
import { noun } from '../views/plural.ts';
import { commandForPhrase, matchQuestion } from './questions.ts';
import { tokenize } from './tokenize.ts';

export const MAX_INPUT = 2000;

export type Parsed = { ok: true; command: Command; raw: RawArgs } | { ok: false; failure: Failure };

const invalid = (field: string, problem: string, usage?: string): Parsed => ({
  ok: false,
  failure: { kind: 'invalid', field, problem, ...(usage ? { usage } : {}) },
});

export function parse(input: string): Parsed {
  // Chat clients prefix the slash command; accept it so a pasted "/portal team" works everywhere.
  const line = input.replace(/^[\s\p{Cf}]*\/portal\b/iu, '').trim();
  if (!stripInvisible(line).trim()) return parse('help');
  if (line.length > MAX_INPUT)
    return invalid('message', `is ${line.length} characters; the limit is ${MAX_INPUT}`);
  if (CONTROL_CHARS_EXCEPT_WHITESPACE.test(line))
    return invalid('message', 'holds control characters; type plain text');

  // Questions have no quoted data: invisible characters (a copied zero-width space) go before matching.
  const question = matchQuestion(stripInvisible(line));
  if (question) {
    const command = findCommand(question.name);
    if (command) return { ok: true, command, raw: question.args };
  }

  const tokenized = tokenize(line);
  if (!tokenized.ok) return invalid('message', tokenized.problem);
  const { tokens, quoted } = tokenized;
  const lower = tokens.map((t) => t.toLowerCase());
  const byLength = [...commands()].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length);
  const command = byLength.find((c) => c.name.split(' ').every((w, i) => lower[i] === w));
  if (!command) {
    // A near-miss of a command's name first; else the command the words are about; else help.
    const guess =
      closestCommand(lower.slice(0, 2).join(' ')) ??
      closestCommand(lower[0] ?? '') ??
      findCommand(commandForPhrase(lower) ?? '');
    return {
      ok: false,
      failure: {
        kind: 'unknown-command',
        input: line,
        ...(guess ? { suggestion: { name: guess.name, usage: guess.usage } } : {}),
      },
    };
  }
  const skip = command.name.split(' ').length;
  return readArgs(command, tokens.slice(skip), quoted.slice(skip));
}

/** Reads `--flag value`, `--flag=value`, boolean `--flag`, and positionals in order. */
export function readArgs(command: Command, words: string[], quoted: boolean[] = []): Parsed {
  const raw: RawArgs = {};
  const positionals: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (!w.startsWith('--') || w.length === 2 || quoted[i]) {
      positionals.push(w);
      continue;
    }
    const [name = '', inline] = w.slice(2).split(/=(.*)/s, 2);
    const key = name.toLowerCase();
    // A flag family such as `role:*` takes any suffix (`--role:prod-eu admin`).
    const kind = command.flags[key] ?? command.flags[`${key.split(':')[0]}:*`];
    if (!kind) {
      const near = closest(key, Object.keys(command.flags));
      return invalid(
        `--${key}`,
        Object.keys(command.flags).length
          ? `is not a flag of ${command.name}${near ? `; did you mean --${near}?` : ''}`
          : `${command.name} takes no flags`,
        command.usage,
      );
    }
    if (kind === 'boolean') raw[key] = inline === undefined ? true : inline;
    else {
      const value = inline ?? words[++i];
      if (value === undefined || (inline === undefined && value.startsWith('--')))
        return invalid(`--${key}`, 'needs a value', command.usage);
      raw[key] = value;
    }
  }
  const names = command.positionals;
  if (positionals.length > names.length && !command.rest) {
    return invalid(
      'arguments',
      `${command.name} takes ${names.length || 'no'} ${noun(names.length, 'argument')}, got ${positionals.length}`,
      command.usage,
    );
  }
  names.forEach((n, i) => {
    if (i === names.length - 1 && command.rest && positionals.length > i)
      raw[n] = positionals.slice(i).join(' ');
    else if (positionals[i] !== undefined) raw[n] = positionals[i];
  });
  return { ok: true, command, raw };
}

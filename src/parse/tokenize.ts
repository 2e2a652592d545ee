// Splits a command line into words: quotes keep spaces ("..." '...' and the curly quotes chat apps insert).
import { keepChar } from '../domain/user-text.ts';

/** `quoted` marks words typed in quotes: "--force" in quotes is text, not a flag. */
export type Tokens = { ok: true; tokens: string[]; quoted: boolean[] } | { ok: false; problem: string };

const closing: Record<string, string> = {
  '"': '"',
  "'": "'",
  '“': '”',
  '”': '”',
  '‘': '’',
  '’': '’',
  '„': '“',
};

export function tokenize(line: string): Tokens {
  const tokens: string[] = [];
  const quoted: boolean[] = [];
  let current = '';
  let inToken = false;
  let wasQuoted = false;
  let quote: string | undefined;
  // Code points, so an emoji or an astral format character is one character here.
  const chars = Array.from(line);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (quote) {
      // Quoted text is the user's data: the argument's schema strips, or refuses, what is invisible in it.
      if (ch === '\\' && quote === '"' && (chars[i + 1] === '"' || chars[i + 1] === '\\')) {
        current += chars[++i];
      } else if (ch === quote) quote = undefined;
      else current += ch;
    } else if (!keepChar(ch, Array.from(current.slice(-2)).at(-1) ?? '', chars[i + 1] ?? '')) {
    } else if (/\s/.test(ch)) {
      if (inToken) {
        tokens.push(current);
        quoted.push(wasQuoted);
      }
      current = '';
      inToken = false;
      wasQuoted = false;
    } else if (closing[ch] && (!inToken || /^--[^=]+=$/.test(current))) {
      // A quote opens a word, or the value of `--flag="..."`.
      quote = closing[ch];
      wasQuoted = !inToken;
      inToken = true;
    } else {
      current += ch;
      inToken = true;
    }
  }
  if (quote) return { ok: false, problem: `a quote (${quote}) is not closed` };
  if (inToken) {
    tokens.push(current);
    quoted.push(wasQuoted);
  }
  return { ok: true, tokens, quoted };
}

// Splits a command line into words: quotes keep spaces ("..." '...' and the curly quotes chat apps insert).
export type Tokens = { ok: true; tokens: string[] } | { ok: false; problem: string };

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
  let current = '';
  let inToken = false;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quote) {
      if (ch === '\\' && quote === '"' && (line[i + 1] === '"' || line[i + 1] === '\\')) {
        current += line[++i];
      } else if (ch === quote) quote = undefined;
      else current += ch;
    } else if (/\s/.test(ch)) {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
    } else if (closing[ch] && !inToken) {
      quote = closing[ch];
      inToken = true;
    } else {
      current += ch;
      inToken = true;
    }
  }
  if (quote) return { ok: false, problem: `a quote (${quote}) is not closed` };
  if (inToken) tokens.push(current);
  return { ok: true, tokens };
}

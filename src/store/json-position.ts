// Finds where a JSON text first breaks, so an open failure can point at it without quoting the data.

/** Thrown inside the scanner to unwind to the offset where the text stops being JSON. */
class BrokenAt {
  constructor(readonly offset: number) {}
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isHex = (c: string | undefined) => c !== undefined && /^[0-9a-fA-F]$/.test(c);

/**
 * Offset of the first JSON syntax error in `text`, `text.length` when it ends early, or -1 when
 * the text is valid or too deeply nested to scan. V8's own messages are not used because they
 * quote the surrounding text, which here holds people's names and emails.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw new BrokenAt(i);
  };
  const skipSpace = () => {
    while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i++;
  };
  const expect = (ch: string) => {
    if (text[i] !== ch) fail();
    i++;
  };
  const digits = () => {
    const start = i;
    while (isDigit(text[i])) i++;
    if (i === start) fail();
  };
  const number = () => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits();
    }
  };
  const string = () => {
    expect('"');
    for (;;) {
      const c = text[i];
      if (c === undefined || c < ' ') fail();
      i++;
      if (c === '"') return;
      if (c !== '\\') continue;
      const esc = text[i];
      if (esc === 'u') {
        i++;
        for (let k = 0; k < 4; k++) {
          if (!isHex(text[i])) fail();
          i++;
        }
      } else if (esc !== undefined && '"\\/bfnrt'.includes(esc)) i++;
      else fail();
    }
  };
  const items = (close: string, item: () => void) => {
    i++;
    skipSpace();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      item();
      skipSpace();
      if (text[i] !== ',') break;
      i++;
    }
    expect(close);
  };
  const value = (): void => {
    skipSpace();
    const c = text[i];
    if (c === '{') {
      items('}', () => {
        skipSpace();
        string();
        skipSpace();
        expect(':');
        value();
      });
    } else if (c === '[') items(']', value);
    else if (c === '"') string();
    else if (c === '-' || isDigit(c)) number();
    else {
      const word = ['true', 'false', 'null'].find((w) => w[0] === c);
      if (word === undefined) fail();
      for (const ch of word ?? '') expect(ch);
    }
  };
  try {
    value();
    skipSpace();
    if (i < text.length) fail();
    return -1;
  } catch (error) {
    if (error instanceof BrokenAt) return error.offset;
    if (error instanceof RangeError) return -1;
    throw error;
  }
}

/** 1-based line and column of an offset, as editors show them. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

// stripInvisible's shortcut (text with no droppable character is returned whole) agrees with its definition:
// every character kept or dropped by keepChar, given the character kept before it and the one after it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keepChar, stripInvisible } from '../../src/domain/user-text.ts';

function byDefinition(s: string): string {
  const chars = Array.from(s);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (keepChar(ch, out.at(-1) ?? '', chars[i + 1] ?? '')) out.push(ch);
  }
  return out.join('');
}

/** Ordinary text with, now and then, a character the sanitiser looks at twice. */
const tricky = fc.constantFrom(
  '\u200B',
  '\u200D',
  '\u202E',
  '\uFE0F',
  '\u{E0067}',
  '\u{1F3F4}',
  '\u{1F469}',
  '\u3164',
  '\u2800',
  '\u034F',
  '\u00AD',
);
const text = fc
  .array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 4 }), tricky), { maxLength: 12 })
  .map((parts) => parts.join(''));

describe('stripInvisible', () => {
  it('gives what keepChar decides, character by character, for any text', () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.string({ unit: 'binary', maxLength: 30 })), (s) => {
        expect(stripInvisible(s)).toBe(byDefinition(s));
      }),
      { numRuns: 2000 },
    );
  });
});

// The one sanitiser for text people type: invisible and direction-changing characters out, so what is stored is what is shown.
import { z } from 'zod';
import { CONTROL_CHARS } from './control-chars.ts';

/*
 * What goes, and why:
 * - Unicode format characters (General Category Cf): zero-width space, non-joiner and joiner, word
 *   joiner, the BOM, soft hyphen, the bidi marks (LRM, RLM, ALM), embeddings and overrides
 *   (U+202A–U+202E) and isolates (U+2066–U+2069), invisible operators, tag characters. They make a name
 *   look empty, look like another name, or read backwards (`gro.live` shown as `evil.org`).
 * - Other characters that draw nothing: the combining grapheme joiner, Hangul fillers, the Khmer
 *   inherent vowels, the braille blank.
 * What stays, because emoji need it: a zero-width joiner between two pictographs (👩‍💻), a variation
 * selector after a visible character (❤️, and ideographic variants in names), and the tag characters
 * of a subdivision flag after 🏴.
 * Control characters (C0, C1) are not stripped here: schemas refuse them with their own message.
 */
const FORMAT = /\p{Cf}/u;
const DRAWS_NOTHING = new Set([0x034f, 0x115f, 0x1160, 0x17b4, 0x17b5, 0x2800, 0x3164, 0xffa0]);
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
const EMOJI_MODIFIER = /[\u{1F3FB}-\u{1F3FF}]/u;
const VARIATION_SELECTOR = /[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/u;
const TAG = /[\u{E0020}-\u{E007F}]/u;
const BLACK_FLAG = '\u{1F3F4}';
/** Every character `keepChar` could drop (tags and the joiner are format characters too): text without one is kept whole. */
const MAY_DROP = new RegExp(
  `[\\p{Cf}\\uFE00-\\uFE0F\\u{E0100}-\\u{E01EF}${[...DRAWS_NOTHING].map((c) => `\\u{${c.toString(16)}}`).join('')}]`,
  'u',
);

/**
 * Whether `ch` stays, given the character kept before it and the one after it (code points). Used
 * whole-text by `stripInvisible`, and by the tokenizer outside quotes.
 */
export function keepChar(ch: string, prev: string, next: string): boolean {
  if (ch === '\u200D')
    // A joiner inside an emoji sequence: after a pictograph (or its modifier or selector), before a pictograph.
    return (PICTOGRAPH.test(prev) || EMOJI_MODIFIER.test(prev) || prev === '\uFE0F') && PICTOGRAPH.test(next);
  if (TAG.test(ch)) return prev === BLACK_FLAG || TAG.test(prev);
  if (VARIATION_SELECTOR.test(ch)) return prev !== '' && !/\s/u.test(prev) && !VARIATION_SELECTOR.test(prev);
  return !(FORMAT.test(ch) || DRAWS_NOTHING.has(ch.codePointAt(0) ?? 0));
}

/** The text without invisible and direction-changing characters (see above); everything else as it was. */
export function stripInvisible(s: string): string {
  // Almost all text has none: a store of 10,000 members is read back without splitting every name.
  if (!MAY_DROP.test(s)) return s;
  const chars = Array.from(s);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (keepChar(ch, out.at(-1) ?? '', chars[i + 1] ?? '')) out.push(ch);
  }
  return out.join('');
}

/** True when the text holds something `stripInvisible` would take out. */
export const hasInvisible = (s: string): boolean => stripInvisible(s) !== s;

const noControlChars = (s: string) => !CONTROL_CHARS.test(s);

/**
 * User text as every schema takes it (names, titles, reasons, notices): invisible characters stripped,
 * then trimmed, then checked. Text that was nothing but invisible characters is refused as such.
 */
export const userText = (what: string, max: number) =>
  z
    .string()
    .transform((raw, ctx) => {
      const clean = stripInvisible(raw).trim();
      if (clean === '' && raw.trim() !== '')
        ctx.addIssue({ code: 'custom', message: `${what} cannot be made only of invisible characters` });
      return clean;
    })
    .pipe(
      z
        .string()
        .min(1, `${what} cannot be empty`)
        .max(max, `${what} is at most ${max} characters`)
        .refine(noControlChars, `${what} cannot hold control characters`),
    );

/** The same, for text that may be left out: empty (or nothing but blanks) is absent; invisible-only is refused. */
export const optionalUserText = (what: string, max: number) =>
  z
    .string()
    .optional()
    .transform((raw) => (raw === undefined || raw.trim() === '' ? undefined : raw))
    .pipe(userText(what, max).optional());

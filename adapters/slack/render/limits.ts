// Slack's Block Kit limits, and text objects built to stay inside them.
import type { MrkdwnElement, PlainTextElement } from '@slack/types';
import { escapePlainText, ZWSP } from './mrkdwn.ts';

/** From Slack's Block Kit reference (blocks, elements, composition objects, views). */
export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  actionsElements: 25,
  contextElements: 10,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  overflowOptions: 5,
  optionText: 75,
  optionDescription: 75,
  optionValue: 150,
  selectOptions: 100,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  inputLabel: 2000,
  inputHint: 2000,
  placeholder: 150,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
} as const;

const ELLIPSIS = '…';

/** Code points, so a cut never splits a surrogate pair. */
const chars = (s: string) => Array.from(s);

/**
 * `raw` escaped for plain_text and cut to `max` characters of output, ending in `…` when cut.
 * Cutting before escaping would let `&amp;` be split into a broken entity.
 */
export function fitPlain(raw: string, max: number): string {
  const whole = escapePlainText(raw);
  if (whole.length <= max) return whole;
  let out = '';
  for (const ch of chars(raw)) {
    const piece = escapePlainText(ch);
    if (out.length + piece.length + ELLIPSIS.length > max) break;
    out += piece;
  }
  return `${out.trimEnd()}${ELLIPSIS}`;
}

/** A plain_text object: user text escaped, cut to the field's limit. */
export const plain = (raw: string, max: number = LIMITS.sectionText): PlainTextElement => ({
  type: 'plain_text',
  text: fitPlain(raw, max),
});

/** A mrkdwn object for already-escaped text; `verbatim` stops Slack auto-linking URLs, channels and mentions. */
export const mrkdwn = (escaped: string): MrkdwnElement => ({ type: 'mrkdwn', text: escaped, verbatim: true });

/** Truncates text that is already escaped mrkdwn, never inside an entity or a surrogate pair. */
export function truncateEscaped(s: string, max: number): string {
  if (s.length <= max) return s;
  return `${s.slice(0, safeCut(s, max - ELLIPSIS.length)).trimEnd()}${ELLIPSIS}`;
}

/** The largest index <= `at` where `s` can be cut without breaking an entity, a pair or a defused marker. */
function safeCut(s: string, at: number): number {
  let i = Math.max(1, at);
  const amp = s.lastIndexOf('&', i - 1);
  if (amp >= 0 && amp >= i - 5 && !s.slice(amp, i).includes(';')) i = amp;
  const code = s.charCodeAt(i - 1);
  if (code >= 0xd800 && code <= 0xdbff) i -= 1;
  // Keep a defused marker with its zero-width space, so the next part cannot start styling.
  if (s[i] === ZWSP) i -= 1;
  return Math.max(1, i);
}

/**
 * Splits escaped mrkdwn into parts of at most `max` characters: at the last newline, else the
 * last space, else anywhere safe. Nothing is dropped but the one newline or space cut at.
 */
export function splitMrkdwn(s: string, max: number = LIMITS.sectionText): string[] {
  const parts: string[] = [];
  let rest = s;
  while (rest.length > max) {
    const nl = rest.lastIndexOf('\n', max);
    const sp = rest.lastIndexOf(' ', max);
    // A line break in the second half reads best; otherwise the later of a line break or a space.
    const at = nl > max / 2 ? nl : Math.max(nl, sp);
    if (at > 0) {
      parts.push(rest.slice(0, at));
      rest = rest.slice(at + 1);
    } else {
      const cut = safeCut(rest, max);
      parts.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
  }
  parts.push(rest);
  // Slack refuses an empty section text; a part of only whitespace carries nothing.
  return parts.filter((p) => p.trim() !== '');
}

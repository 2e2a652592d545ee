// Teams renders the text of a TextBlock, a Fact and a Toggle title as a subset of CommonMark; user text must stay inert.
import { rfc3339, utcText } from '../../../src/views/time.ts';
import type { Span, Text } from '../../../src/views/view.ts';

/** Turns a member into a mention where one is due (`<at>…</at>`, registered with the card), else undefined. */
export type Mention = (member: Extract<Span, { kind: 'member' }>) => string | undefined;

/*
 * The choice, and why:
 *
 * - Markdown punctuation is backslash-escaped (`\\`, `*`, `_`, `[`, `]`, `#`, `` ` ``): a CommonMark
 *   backslash escape turns ASCII punctuation into a literal, which is what the Adaptive Cards JS
 *   renderer (markdown-it) and Teams desktop/web do. A `(` right after a `]` is escaped too: renderers
 *   that match links with a regex and ignore escapes (older mobile clients) then find no `](` and no
 *   link forms there either; at worst such a client shows the backslashes, ugly but inert. Other
 *   parentheses are left alone (in CommonMark they only matter after `](`, or as `1)` at a line
 *   start), so `Name (email)` reads cleanly on every client.
 * - `<` and `>` become `&lt;` and `&gt;`: Adaptive Cards do not support HTML, and a Teams mention is
 *   the literal text `<at>…</at>` matched against the activity's mention entities; with no literal
 *   `<` there is nothing to match, on any client. CommonMark renderers show the entity as `<`. An `&`
 *   that starts something entity-like (`&amp;`, `&#60;`) becomes `&amp;` so the user's text is shown
 *   as typed; a lone `&` (`AT&T`) is left alone, since a renderer without entity decoding would show
 *   `&amp;` literally.
 * - Block syntax only counts at the start of a line: a leading `-`, `+` (lists), `1.`/`1)` (ordered
 *   lists) is escaped; `#` and `>` are always escaped anyway. Newlines themselves never survive (see
 *   below), so the start of the string is the only line start.
 * - Control characters (C0 including tab/newline/CR, DEL, C1), the line/paragraph separators and the
 *   bidi embedding/override/isolate controls become U+FFFD: a name cannot fake extra lines or reorder
 *   what is shown. The domain already refuses them in names and titles; this is the last line.
 * - Bare URLs may still be auto-linked by a client: that shows the real address, it cannot disguise one.
 * - `{{` gets a zero-width space inside, so text cannot call the card's DATE() and TIME() functions
 *   (our own time spans emit them; see cardTime).
 */

const REPLACEMENT = '\uFFFD';

const isControl = (c: number) =>
  c < 0x20 ||
  (c >= 0x7f && c <= 0x9f) ||
  c === 0x2028 ||
  c === 0x2029 ||
  (c >= 0x202a && c <= 0x202e) ||
  (c >= 0x2066 && c <= 0x2069);

/** Replaces control characters with U+FFFD; for plain-text properties (button titles, input labels, choices). */
export function replaceControls(s: string): string {
  let out = '';
  for (const ch of s) out += isControl(ch.codePointAt(0) ?? 0) ? REPLACEMENT : ch;
  return out;
}

const MARKDOWN_SPECIALS = /[\\*_[\]#`]/g;

/** Makes user text inert where Teams reads markdown: TextBlock text, Fact title and value, Toggle title. */
export function escapeTeamsText(s: string): string {
  return escapeMarkdown(s, true);
}

/** `lineStart`: the text begins a line, so a leading list marker would make a list. */
function escapeMarkdown(s: string, lineStart: boolean): string {
  const escaped = replaceControls(s)
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(MARKDOWN_SPECIALS, (c) => `\\${c}`)
    .replace(/\]\(/g, ']\\(')
    // `{{DATE(…)}}` and `{{TIME(…)}}` are card functions: typed text must not call them.
    .replace(/\{\{/g, '{\u200B{');
  if (!lineStart) return escaped;
  // A list marker only counts at the start of a line (after up to three spaces).
  return escaped.replace(/^( {0,3})([-+])(?=\s|$)/, '$1\\$2').replace(/^( {0,3}\d{1,9})([.)])/, '$1\\$2');
}

/** Bold around the words, leaving surrounding spaces outside: `**You can:** use`, not `**You can: **use`. */
function bold(s: string): string {
  const core = s.trim();
  if (core === '') return s;
  const start = s.indexOf(core);
  return `${s.slice(0, start)}**${core}**${s.slice(start + core.length)}`;
}

/**
 * A Text as Teams markdown: plain and code spans escaped (Adaptive Cards have no inline code, so code
 * reads as plain text), strong as `**x**`, a member as `Name (email)`, never a mention or a link.
 */
export function spansToMarkdown(text: Text, mention?: Mention): string {
  let out = '';
  for (const s of text) {
    // Until something visible is written, the next span still starts the line.
    const esc = (t: string) => escapeMarkdown(t, out.trim() === '');
    switch (s.kind) {
      case 'plain':
      case 'code':
        out += esc(s.text);
        break;
      case 'strong':
        out += bold(esc(s.text));
        break;
      case 'member':
        out += mention?.(s) ?? (s.name === '' ? esc(s.email) : esc(`${s.name} (${s.email})`));
        break;
      case 'time':
        out += cardTime(s.at, s.show);
        break;
      default:
        unreachable(s);
    }
  }
  return out;
}

/** Adaptive Cards format `{{DATE(…)}}` and `{{TIME(…)}}` in the reader's own zone and language. */
export function cardTime(at: string, show: 'date' | 'datetime'): string {
  if (Number.isNaN(Date.parse(at))) return escapeMarkdown(utcText(at, show), false);
  const when = rfc3339(at);
  return show === 'date' ? `{{DATE(${when}, SHORT)}}` : `{{DATE(${when}, SHORT)}} {{TIME(${when})}}`;
}

/** True when the text is nothing but code spans (a command, an id): shown in a monospace font. */
export const isAllCode = (text: Text): boolean =>
  text.length > 0 && text.every((s) => s.kind === 'code' || (s.kind === 'plain' && s.text.trim() === ''));

function unreachable(x: never): never {
  throw new Error(`unhandled span: ${JSON.stringify(x)}`);
}

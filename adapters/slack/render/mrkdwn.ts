// Slack text escaping: user text is data, so it can never mention, link or style anything.
import { epochSeconds, utcText } from '../../../src/views/time.ts';
import type { Span, Text } from '../../../src/views/view.ts';

/** Zero-width space: invisible, but it breaks a mrkdwn marker's pairing (see escapeMrkdwn). */
export const ZWSP = '\u200B';
/** Shown in place of a control character, so something odd is visibly there rather than silently gone. */
const REPLACEMENT = '\uFFFD';

/**
 * Control characters out, newlines kept. A tab becomes a space and CR/CRLF a newline (both are
 * harmless whitespace); U+2028/U+2029 become a newline; every other C0/C1 control, DEL and the bidi
 * overrides/isolates (which can make `gro.live` read as `evil.org`) become U+FFFD.
 */
export function stripControls(s: string): string {
  let out = '';
  const str = s.replaceAll('\r\n', '\n');
  for (const ch of str) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '\n') out += ch;
    else if (ch === '\t') out += ' ';
    else if (ch === '\r' || c === 0x2028 || c === 0x2029) out += '\n';
    else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) out += REPLACEMENT;
    else if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) out += REPLACEMENT;
    else out += ch;
  }
  return out;
}

/** Slack's three control characters, as Slack asks (`&` first, so entities are not double-read). */
const escapeEntities = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/**
 * Text for a `plain_text` object: controls out and `&`, `<`, `>` escaped. Slack decodes these three
 * entities in every text object, so this reads the same, and the rule "no raw `<` from user text
 * anywhere in a payload" stays simple to state and to test. No zero-width spaces: plain_text has
 * no formatting to defuse.
 */
export const escapePlainText = (s: string): string => escapeEntities(stripControls(s));

/**
 * Text for a `mrkdwn` object. Slack's rule: `&` -> `&amp;`, `<` -> `&lt;`, `>` -> `&gt;`, which
 * neutralises `<!channel>`, `<@U123>` and `<http://x|spoof>`.
 *
 * mrkdwn has no escape for its formatting characters, so a name like `*boss*` would turn bold.
 * Our choice: a zero-width space (U+200B) right after each `*`, `_`, `~` and `` ` ``. A marker
 * only pairs when it touches a word on the right side (`*word*`, not `*` + gap); the invisible
 * character sits between them, so the text reads exactly as typed but cannot style anything.
 * Rejected: look-alike characters (visibly different and lossy), wrapping user text in code
 * (wrong for names). The cost: copying such text copies the invisible character too, and the
 * mrkdwn objects we emit carry `verbatim: true`, so Slack does not auto-link URLs, channel names
 * or `@here` in them either.
 *
 * A `>` at the start of a line would quote it; a zero-width space before its entity stops that.
 */
export function escapeMrkdwn(s: string): string {
  return escapeEntities(stripControls(s))
    .replace(/[*_~`]/g, (m) => `${m}${ZWSP}`)
    .replace(/(^|\n)&gt;/g, `$1${ZWSP}&gt;`);
}

/** Marks the words, leaving surrounding spaces outside: Slack ignores `*You can: *`, reads `*You can:* `. */
function wrap(s: string, mark: string): string {
  const core = s.trim();
  if (core === '') return s;
  const start = s.indexOf(core);
  return `${s.slice(0, start)}${mark}${core}${mark}${s.slice(start + core.length)}`;
}

/** A Slack user id as Slack issues them; anything else is never put inside `<@…>`. */
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,20}$/;

/**
 * A member linked in the workspace being written to is mentioned (`<@U…>`, which Slack shows as
 * their current name and notifies where the message is seen); anyone else reads as "Name (email)".
 * The id comes from the platform (a verified link), never from what someone typed.
 */
function memberMrkdwn(s: Extract<Span, { kind: 'member' }>, teamId: string | undefined): string {
  const link = teamId
    ? s.links?.find((l) => l.platform === 'slack' && l.teamId === teamId && SLACK_USER_ID.test(l.userId))
    : undefined;
  if (link?.platform === 'slack') return `<@${link.userId}>`;
  return s.name === '' ? escapeMrkdwn(s.email) : `${escapeMrkdwn(s.name)} (${escapeMrkdwn(s.email)})`;
}

function spanToMrkdwn(s: Span, teamId: string | undefined): string {
  switch (s.kind) {
    case 'plain':
      return escapeMrkdwn(s.text);
    case 'strong':
      return wrap(escapeMrkdwn(s.text), '*');
    case 'code':
      return wrap(escapeMrkdwn(s.text), '`');
    case 'member':
      // Never `<mailto:…>`; `<@U…>` only for a verified link in this workspace.
      return memberMrkdwn(s, teamId);
    case 'time':
      return slackDate(s.at, s.show);
    default:
      return unreachable(s);
  }
}

/**
 * Slack shows `<!date^EPOCH^FORMAT|FALLBACK>` in each reader's own time zone; clients that cannot
 * read the token show the fallback, in UTC and saying so.
 */
export function slackDate(at: string, show: 'date' | 'datetime'): string {
  const epoch = epochSeconds(at);
  const fallback = escapeMrkdwn(utcText(at, show));
  if (!Number.isFinite(epoch)) return fallback;
  const format = show === 'date' ? '{date_short_pretty}' : '{date_short_pretty} {time}';
  return `<!date^${epoch}^${format}|${fallback}>`;
}

/**
 * A Text as mrkdwn: our marks around escaped user text; nothing in a span becomes markup.
 * `teamId`: the workspace the message goes to, where linked members are mentioned.
 */
export function spansToMrkdwn(text: Text, teamId?: string): string {
  return text.map((s) => spanToMrkdwn(s, teamId)).join('');
}

export function unreachable(x: never): never {
  throw new Error(`unhandled kind: ${JSON.stringify(x)}`);
}

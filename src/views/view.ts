// The neutral answer every command returns; each chat renders it (Block Kit, Adaptive Card, plain text).
import { type TimeShow, utcText } from './time.ts';

/** One run of text: user-provided text is always carried as data in a span, never as markup. */
export type Span =
  | { kind: 'plain'; text: string }
  | { kind: 'strong'; text: string }
  | { kind: 'code'; text: string }
  /** A member; `links` are their verified chat accounts, so a chat can mention them where it notifies. */
  | { kind: 'member'; name: string; email: string; links?: ChatLink[] }
  /** An instant, shown in each reader's own time zone where the chat can (Slack, Teams), else in UTC. */
  | { kind: 'time'; at: string; show: TimeShow };
export type Text = Span[];

/** A member's account on a chat, as the platform identifies it (never a display name). */
export type ChatLink =
  | { platform: 'slack'; teamId: string; userId: string }
  | { platform: 'teams'; tenantId: string; aadObjectId: string };

/** A command with arguments: what a button, a pager or a form submits; dispatched and authorized again. */
export type CommandRef = { name: string; args: Record<string, string> };

export type Action = {
  label: string;
  command: CommandRef;
  style?: 'primary' | 'danger';
  /** Destructive actions ask first; the text says what will happen. */
  confirm?: string;
};

export type FormField =
  | { kind: 'text'; name: string; label: string; required: boolean; placeholder?: string; initial?: string }
  | { kind: 'checkbox'; name: string; label: string; initial: boolean; hint?: string }
  | {
      kind: 'select';
      name: string;
      label: string;
      options: Array<{ value: string; label: string }>;
      initial: string;
    };

export type FormSpec = {
  /** The command the form submits; field values become its arguments. */
  submit: CommandRef;
  /**
   * The command that draws this form again, when it is not the submit command with no fields filled
   * (an "Open form" button runs it; pressing it must never submit).
   */
  open?: CommandRef;
  title: string;
  submitLabel: string;
  fields: FormField[];
  /** The typed command that does the same, for chats without forms (the console). */
  usage?: string;
  /** Per-field errors from a refused submission, shown next to the field. */
  errors?: Record<string, string>;
};

export type Block =
  | { kind: 'text'; text: Text }
  | { kind: 'fields'; fields: Array<[label: string, value: Text]> }
  | { kind: 'table'; columns: string[]; rows: Text[][] }
  | { kind: 'actions'; actions: Action[] }
  | { kind: 'form'; form: FormSpec }
  | { kind: 'pager'; page: number; pages: number; command: CommandRef };

export type View = {
  title?: string;
  blocks: Block[];
  /** 'caller' answers privately; 'conversation' is meant for everyone in the chat. */
  audience: 'caller' | 'conversation';
  /** What kind of answer this is, so adapters can style refusals without parsing text. */
  tone?: 'info' | 'success' | 'refusal' | 'error';
  /** The read-only command that drew this view: a stale card is drawn again by running it. */
  source?: CommandRef;
};

/** Something the core wants others to know; queued in the outbox by the notification work. */
export type Notice = { to: { companyId: string; email: string }; view: View; reason: string };

/**
 * A file the answer comes with (an export). Each chat delivers it its own way (a Slack upload, a Teams
 * download link, a file in the console's data folder) and says so under the view; the view itself never
 * claims it was delivered.
 */
export type ExportFile = { name: string; mime: 'text/csv'; content: string; rows: number };

export type Reply = { view: View; notices: Notice[]; file?: ExportFile };

// Builders keep command files short and make every user value a span, never interpolated markup.
export const plain = (text: string): Span => ({ kind: 'plain', text });
export const strong = (text: string): Span => ({ kind: 'strong', text });
export const code = (text: string): Span => ({ kind: 'code', text });
type Linked = { name: string; email: string; identities?: ReadonlyArray<ChatLink & { linkedBy?: string }> };
export const memberRef = (m: Linked): Span => {
  const links = (m.identities ?? []).map(
    (i): ChatLink =>
      i.platform === 'slack'
        ? { platform: 'slack', teamId: i.teamId, userId: i.userId }
        : { platform: 'teams', tenantId: i.tenantId, aadObjectId: i.aadObjectId },
  );
  return { kind: 'member', name: m.name, email: m.email, ...(links.length ? { links } : {}) };
};
/** An instant as a span: a date and time by default, or only the date. */
export const timeAt = (at: string, show: TimeShow = 'datetime'): Span => ({ kind: 'time', at, show });
export const text = (...parts: Array<string | Span>): Text =>
  parts.map((p) => (typeof p === 'string' ? plain(p) : p));
export const textBlock = (...parts: Array<string | Span>): Block => ({ kind: 'text', text: text(...parts) });
export const view = (blocks: Block[], opts: Partial<Omit<View, 'blocks'>> = {}): View => ({
  audience: 'caller',
  ...opts,
  blocks,
});
/** The plain string of a Span, for logs, tests and fallbacks (times in UTC). */
export const plainSpan = (s: Span): string =>
  s.kind === 'member' ? `${s.name} (${s.email})` : s.kind === 'time' ? utcText(s.at, s.show) : s.text;
/** The plain string of a Text, for logs, tests and fallbacks. */
export const plainOf = (t: Text): string => t.map(plainSpan).join('');

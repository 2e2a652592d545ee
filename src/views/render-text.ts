// Renders a View as plain text for the console: numbered buttons, aligned fields and tables, no markup.
import { zonedText } from './time.ts';
import type { Action, Block, CommandRef, FormField, FormSpec, Text, View } from './view.ts';

/** The text plus the commands behind its numbered buttons: `buttons[n - 1]` is `[n]`. */
export type RenderedText = {
  text: string;
  buttons: CommandRef[];
  /** Parallel to `buttons`: the confirmation question of a destructive action, so the console can ask first. */
  confirms: Array<string | undefined>;
};

const DEFAULT_WIDTH = 100;
const GAP = '  ';

/**
 * Makes a string safe for a terminal. C0 controls and DEL become caret notation (ESC -> `^[`,
 * newline -> `^J`, DEL -> `^?`), so a hostile name cannot move the cursor, change colours or fake
 * extra lines; C1 controls (which have no caret form), line/paragraph separators and bidi overrides
 * become U+FFFD.
 */
export function escapeControls(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x20) out += `^${String.fromCharCode(c + 0x40)}`;
    else if (c === 0x7f) out += '^?';
    else if ((c >= 0x80 && c <= 0x9f) || c === 0x2028 || c === 0x2029) out += '\uFFFD';
    else if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) out += '\uFFFD';
    else out += ch;
  }
  return out;
}

/**
 * One line of a Text: strong as `*x*`, code as `` `x` ``, a member as `Name <email>`, a time in
 * `timeZone` (the machine's own when not given); every span escaped.
 */
export function renderSpans(t: Text, timeZone?: string): string {
  return t
    .map((s) => {
      switch (s.kind) {
        case 'plain':
          return escapeControls(s.text);
        case 'strong':
          return wrap(escapeControls(s.text), '*');
        case 'code':
          return wrap(escapeControls(s.text), '`');
        case 'member':
          return s.name === ''
            ? escapeControls(s.email)
            : `${escapeControls(s.name)} <${escapeControls(s.email)}>`;
        case 'time':
          return escapeControls(zonedText(s.at, s.show, timeZone));
        default:
          return unreachable(s);
      }
    })
    .join('');
}

/** Marks the words, leaving surrounding spaces outside: `*You can:* use`, not `*You can: *use`. */
function wrap(s: string, mark: string): string {
  const core = s.trim();
  if (core === '') return s;
  const start = s.indexOf(core);
  return `${s.slice(0, start)}${mark}${core}${mark}${s.slice(start + core.length)}`;
}

function unreachable(x: never): never {
  throw new Error(`unhandled kind: ${JSON.stringify(x)}`);
}

/** Numbers buttons across the whole view, in the order they appear. */
class Buttons {
  readonly refs: CommandRef[] = [];
  readonly confirms: Array<string | undefined> = [];
  add(ref: CommandRef, confirm?: string): number {
    this.refs.push(ref);
    this.confirms.push(confirm);
    return this.refs.length;
  }
}

export function renderText(view: View, opts: { width?: number; timeZone?: string } = {}): RenderedText {
  const width = opts.width ?? DEFAULT_WIDTH;
  const buttons = new Buttons();
  const sections = view.blocks.map((b) => renderBlock(b, buttons, width, opts.timeZone).join('\n'));
  const mark = view.tone === 'refusal' || view.tone === 'error' ? '✗ ' : view.tone === 'success' ? '✓ ' : '';
  if (view.title !== undefined) {
    const title = `${mark}${escapeControls(view.title)}`;
    sections.unshift(`${title}\n${'='.repeat(title.length)}`);
  } else if (mark !== '') {
    sections[0] = `${mark}${sections[0] ?? ''}`.trimEnd();
  }
  return { text: sections.join('\n\n'), buttons: buttons.refs, confirms: buttons.confirms };
}

function renderBlock(block: Block, buttons: Buttons, width: number, timeZone?: string): string[] {
  switch (block.kind) {
    case 'text':
      return [renderSpans(block.text, timeZone)];
    case 'fields':
      return labelled(
        block.fields.map(([label, value]) => [escapeControls(label), renderSpans(value, timeZone)]),
      );
    case 'table':
      return renderTable(block.columns.map(escapeControls), block.rows, width, timeZone);
    case 'actions':
      return block.actions.map((a) => renderAction(a, buttons));
    case 'form':
      return renderForm(block.form, buttons);
    case 'pager': {
      const parts = [`Page ${block.page} of ${block.pages}`];
      const to = (page: number): CommandRef => ({
        name: block.command.name,
        args: { ...block.command.args, page: String(page) },
      });
      if (block.page > 1) parts.push(`[${buttons.add(to(block.page - 1))}] Previous`);
      if (block.page < block.pages) parts.push(`[${buttons.add(to(block.page + 1))}] Next`);
      return [parts.join(GAP)];
    }
    default:
      return unreachable(block);
  }
}

/** `Label: value` lines with the values aligned; labels are already escaped. */
function labelled(pairs: Array<[string, string]>): string[] {
  const w = Math.max(0, ...pairs.map(([l]) => l.length));
  return pairs.map(([l, v]) => `${`${l}:`.padEnd(w + 1)} ${v}`.trimEnd());
}

function renderTable(columns: string[], rows: Text[][], width: number, timeZone?: string): string[] {
  const cells = rows.map((r) => columns.map((_, i) => renderSpans(r[i] ?? [], timeZone)));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] ?? '').length)));
  const total = widths.reduce((sum, w) => sum + w, 0) + GAP.length * Math.max(0, columns.length - 1);
  if (total > width) {
    // Too wide for the terminal: one record per paragraph reads better than wrapped columns.
    return cells.flatMap((r, i) => [
      ...(i > 0 ? [''] : []),
      ...labelled(columns.map((c, j) => [c, r[j] ?? ''])),
    ]);
  }
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join(GAP)
      .trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)];
}

function renderAction(a: Action, buttons: Buttons): string {
  const n = buttons.add(a.command, a.confirm);
  const danger = a.style === 'danger' ? ' (!)' : '';
  const confirm = a.confirm !== undefined ? ' (asks to confirm)' : '';
  return `[${n}] ${escapeControls(a.label)}${danger}${confirm}`;
}

/** The string a field contributes to its command, as the chats submit it. */
function initialValue(f: FormField): string | undefined {
  switch (f.kind) {
    case 'text':
      return f.initial;
    case 'checkbox':
      return String(f.initial);
    case 'select':
      return f.initial;
    default:
      return unreachable(f);
  }
}

function renderField(f: FormField): string {
  const label = escapeControls(f.label);
  switch (f.kind) {
    case 'text': {
      const req = f.required ? ' (required)' : '';
      const value =
        f.initial !== undefined && f.initial !== ''
          ? escapeControls(f.initial)
          : f.placeholder !== undefined
            ? `(e.g. ${escapeControls(f.placeholder)})`
            : '';
      return `  ${label}${req}: ${value}`.trimEnd();
    }
    case 'checkbox': {
      const hint = f.hint !== undefined ? `  (${escapeControls(f.hint)})` : '';
      return `  ${label}: ${f.initial ? 'yes' : 'no'}${hint}`;
    }
    case 'select': {
      const options = f.options
        .map((o) =>
          o.label === o.value
            ? escapeControls(o.value)
            : `${escapeControls(o.value)} (${escapeControls(o.label)})`,
        )
        .join(', ');
      return `  ${label}: ${escapeControls(f.initial)}  [options: ${options}]`;
    }
    default:
      return unreachable(f);
  }
}

/** One field in the typed-command hint; a checkbox is a boolean flag, present or not. */
function flagHint(f: FormField): string {
  switch (f.kind) {
    case 'text':
      return `--${f.name} <${f.name}>`;
    case 'checkbox':
      return `[--${f.name}]`;
    case 'select':
      return `--${f.name} ${f.options.map((o) => o.value).join('|')}`;
    default:
      return unreachable(f);
  }
}

const quoteArg = (v: string) => (v !== '' && /^[^\s"'\\]+$/.test(v) ? v : JSON.stringify(v));

function renderForm(form: FormSpec, buttons: Buttons): string[] {
  const errors = form.errors ?? {};
  const names = new Set(form.fields.map((f) => f.name));
  const errorLine = (name: string, msg: string) => `  ! ${escapeControls(name)}: ${escapeControls(msg)}`;
  const lines = [escapeControls(form.title)];
  for (const f of form.fields) {
    lines.push(renderField(f));
    const err = errors[f.name];
    if (err !== undefined) lines.push(errorLine(f.name, err));
  }
  // Errors about no particular field (or a field the form does not show) must not be lost.
  for (const [name, msg] of Object.entries(errors)) if (!names.has(name)) lines.push(errorLine(name, msg));

  const fixed = Object.entries(form.submit.args).filter(([k]) => !names.has(k));
  const typed = [
    form.submit.name,
    ...fixed.map(([k, v]) => `--${k} ${quoteArg(v)}`),
    ...form.fields.map(flagHint),
  ];
  lines.push(`Type: ${escapeControls(form.usage ?? typed.join(' '))}`);

  const args: Record<string, string> = { ...form.submit.args };
  for (const f of form.fields) {
    const v = initialValue(f);
    if (v !== undefined) args[f.name] = v;
  }
  const n = buttons.add({ name: form.submit.name, args });
  lines.push(`[${n}] ${escapeControls(form.submitLabel)} (with the values above)`);
  return lines;
}

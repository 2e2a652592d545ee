// Renders the core's neutral View as Block Kit: pure, no I/O, within Slack's limits.
import type { ActionsBlock, ContextBlock, HeaderBlock, KnownBlock, SectionBlock } from '@slack/types';
import type { Block, CommandRef, FormSpec, Text, View } from '../../../src/views/view.ts';
import { plainOf, strong } from '../../../src/views/view.ts';
import { ActionIds, actionBlocks, button, inputBlock } from './elements.ts';
import { fitToBudget, type Holding, type Part, type Piece } from './layout.ts';
import { fitPlain, LIMITS, mrkdwn, plain, splitMrkdwn, truncateEscaped } from './limits.ts';
import { escapeMrkdwn, spansToMrkdwn, unreachable } from './mrkdwn.ts';

export type Surface = 'message' | 'modal' | 'home';

/** The command an "Open form" button carries; `args.command` names the form's own command. */
export const OPEN_FORM = '__open_form';
const OPEN_FORM_ID: CommandRef = { name: 'open-form', args: {} };

/** Slack allows 50 blocks in a message and 100 in a modal or the Home tab. */
export const blockBudget = (surface: Surface) =>
  surface === 'message' ? LIMITS.messageBlocks : LIMITS.viewBlocks;

const TONE_MARK: Record<NonNullable<View['tone']>, string> = {
  info: '',
  success: ':white_check_mark: ',
  refusal: ':no_entry: ',
  error: ':warning: ',
};

/** Per-render state: unique action ids, and the tone mark the first section still has to carry. */
class Context {
  readonly ids: ActionIds;
  private mark: string;
  constructor(
    readonly surface: Surface,
    tone: View['tone'],
    source?: View['source'],
    /** The workspace the blocks are for: members linked there are mentioned. */
    readonly teamId?: string,
  ) {
    this.mark = tone ? TONE_MARK[tone] : '';
    this.ids = new ActionIds(source);
  }
  /** The tone mark, once: the first caller prefixes its text with it. */
  take(): string {
    const m = this.mark;
    this.mark = '';
    return m;
  }
}

const piece = (block: KnownBlock, what: Holding['what'], n = 1): Piece => ({ block, holds: { what, n } });
const pieces = (...ps: Piece[]): Part => ({ kind: 'pieces', pieces: ps });
const sectionOf = (text: string): SectionBlock => ({ type: 'section', text: mrkdwn(text) });

/** Escaped mrkdwn as one or more sections of at most 3,000 characters each. */
const textSections = (text: string, what: Holding['what'] = 'text'): Piece[] =>
  splitMrkdwn(text).map((t, i) => piece(sectionOf(t), what, i === 0 ? 1 : 0));

function renderText(text: Text, ctx: Context): Part {
  const body = spansToMrkdwn(text, ctx.teamId);
  return pieces(...(body.trim() === '' ? [] : textSections(`${ctx.take()}${body}`)));
}

/** `*Label*\nvalue` fields, ten to a section; a field too long for a field becomes text sections. */
function renderFields(fields: Array<[string, Text]>, ctx: Context): Part {
  const out: Piece[] = [];
  let group: string[] = [];
  const flush = () => {
    if (group.length) out.push(piece({ type: 'section', fields: group.map(mrkdwn) }, 'field', group.length));
    group = [];
  };
  for (const [label, value] of fields) {
    const shown = spansToMrkdwn(value, ctx.teamId);
    const t = `${ctx.take()}${spansToMrkdwn([strong(label)])}\n${shown === '' ? '—' : shown}`;
    if (t.length > LIMITS.fieldText) {
      flush();
      out.push(...textSections(t, 'field'));
    } else {
      group.push(t);
      if (group.length === LIMITS.sectionFields) flush();
    }
  }
  flush();
  return pieces(...out);
}

/** One line per row, `*Col*: value` joined by a middle dot; the layout packs rows when space runs out. */
function renderTable(columns: string[], rows: Text[][], ctx: Context): Part {
  const line = (row: Text[]) => {
    const cells = row
      .map((cell, i) => {
        const v = spansToMrkdwn(cell, ctx.teamId);
        const col = columns[i]?.trim();
        return v.trim() === '' ? '' : col ? `${spansToMrkdwn([strong(col)])}: ${v}` : v;
      })
      .filter((c) => c !== '');
    return cells.length ? cells.join('  ·  ') : '—';
  };
  return { kind: 'table', rows: rows.map((r, i) => (i === 0 ? `${ctx.take()}${line(r)}` : line(r))) };
}

function renderActions(block: Extract<Block, { kind: 'actions' }>, ctx: Context): Part {
  return pieces(
    ...actionBlocks(block.actions, ctx.ids).map((b) =>
      b.type === 'actions'
        ? piece(
            b,
            'button',
            b.elements.reduce((n, e) => n + (e.type === 'overflow' ? e.options.length : 1), 0),
          )
        : { block: b },
    ),
  );
}

/**
 * In a modal a form is its inputs (per-field errors travel in the `response_action: errors` reply,
 * see modal.ts). In a message or the Home tab it is a summary and an "Open form" button; errors
 * are written out there, since no modal is open to show them.
 */
function renderForm(form: FormSpec, ctx: Context): Part {
  if (ctx.surface === 'modal') return pieces(...form.fields.map((f) => piece(inputBlock(f), 'form field')));
  const names = form.fields.map((f) => escapeMrkdwn(f.label)).join(', ');
  const errors = Object.entries(form.errors ?? {}).map(
    ([field, msg]) => `:warning: ${spansToMrkdwn([strong(field)])}: ${escapeMrkdwn(msg)}`,
  );
  const usage = form.usage ? [`Or type ${spansToMrkdwn([{ kind: 'code', text: form.usage }])}`] : [];
  const text = [
    `${ctx.take()}${spansToMrkdwn([strong(form.title)])}`,
    ...(names ? [`A form with: ${names}.`] : []),
    ...errors,
    ...usage,
  ].join('\n');
  // The submit args first, so an argument named `command` cannot hide which form to open.
  const open: CommandRef = { name: OPEN_FORM, args: { ...form.submit.args, command: form.submit.name } };
  // The id is named `open-form` so it matches `isPortalActionId` (no underscores); the value says OPEN_FORM.
  const row: ActionsBlock = {
    type: 'actions',
    elements: [button({ label: 'Open form', command: open, style: 'primary' }, ctx.ids, OPEN_FORM_ID)],
  };
  return pieces(...textSections(text, 'form field'), piece(row, 'button'));
}

function renderPager(block: Extract<Block, { kind: 'pager' }>, ctx: Context): Part {
  const to = (page: number): CommandRef => ({
    name: block.command.name,
    args: { ...block.command.args, page: String(page) },
  });
  const context: ContextBlock = {
    type: 'context',
    elements: [plain(`Page ${block.page} of ${block.pages}`)],
  };
  const buttons = [
    ...(block.page > 1 ? [button({ label: 'Previous', command: to(block.page - 1) }, ctx.ids)] : []),
    ...(block.page < block.pages ? [button({ label: 'Next', command: to(block.page + 1) }, ctx.ids)] : []),
  ];
  return pieces(
    piece(context, 'pager'),
    ...(buttons.length ? [piece({ type: 'actions', elements: buttons }, 'button', buttons.length)] : []),
  );
}

function renderBlock(block: Block, ctx: Context): Part {
  switch (block.kind) {
    case 'text':
      return renderText(block.text, ctx);
    case 'fields':
      return renderFields(block.fields, ctx);
    case 'table':
      return renderTable(block.columns, block.rows, ctx);
    case 'actions':
      return renderActions(block, ctx);
    case 'form':
      return renderForm(block.form, ctx);
    case 'pager':
      return renderPager(block, ctx);
    default:
      return unreachable(block);
  }
}

const FALLBACK_MAX = 500;

/** The notification text chat.postMessage requires: the title and the first line of text, escaped. */
function fallbackText(view: View): string {
  const first = view.blocks[0];
  const lead = first?.kind === 'text' ? plainOf(first.text) : first?.kind === 'form' ? first.form.title : '';
  const s = [view.title ?? '', lead].filter((p) => p.trim() !== '').join(': ');
  return truncateEscaped(escapeMrkdwn(s === '' ? 'Portal bot' : s), FALLBACK_MAX);
}

export function renderBlocks(
  view: View,
  opts: { surface: Surface; teamId?: string } = { surface: 'message' },
): { blocks: KnownBlock[]; text: string } {
  const ctx = new Context(opts.surface, view.tone, view.source, opts.teamId);
  const body = view.blocks.map((b) => renderBlock(b, ctx));
  const parts: Part[] = [];
  if (view.title !== undefined && view.title.trim() !== '') {
    // No section took the tone mark (a view of buttons only): the header carries it.
    const mark = ctx.take();
    const header: HeaderBlock = {
      type: 'header',
      text: { type: 'plain_text', text: fitPlain(`${mark}${view.title}`, LIMITS.headerText), emoji: true },
    };
    parts.push(pieces(piece(header, 'title')));
  }
  parts.push(...body);
  return { blocks: fitToBudget(parts, blockBudget(opts.surface)), text: fallbackText(view) };
}

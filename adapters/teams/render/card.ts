// Renders a View as an Adaptive Card 1.5 for Teams (Universal Actions: every button is an Action.Execute).
import { z } from 'zod';
import { actionId, decodeAction, encodeAction, MAX_ACTION_VALUE } from '../../../src/views/action-codec.ts';
import type { Action, Block, CommandRef, FormField, FormSpec, Text, View } from '../../../src/views/view.ts';
import { escapeTeamsText, isAllCode, type Mention, replaceControls, spansToMarkdown } from './escape.ts';

// The subset of Adaptive Card 1.5 this renderer emits (property names and values as the schema spells them).
export type TextBlock = {
  type: 'TextBlock';
  text: string;
  wrap: true;
  size?: 'Large' | 'Medium' | 'Small';
  weight?: 'Bolder';
  color?: 'Attention' | 'Good';
  isSubtle?: true;
  fontType?: 'Monospace';
  style?: 'heading';
  spacing?: 'None';
};
export type FactSet = { type: 'FactSet'; facts: Array<{ title: string; value: string }> };
export type TableCell = { type: 'TableCell'; items: TextBlock[] };
export type TableRow = { type: 'TableRow'; cells: TableCell[] };
export type Table = {
  type: 'Table';
  firstRowAsHeader: true;
  columns: Array<{ width: number }>;
  rows: TableRow[];
};
export type InputText = {
  type: 'Input.Text';
  id: string;
  label: string;
  isRequired: boolean;
  errorMessage?: string;
  placeholder?: string;
  value?: string;
  maxLength: number;
};
export type InputToggle = {
  type: 'Input.Toggle';
  id: string;
  title: string;
  value: 'true' | 'false';
  valueOn: 'true';
  valueOff: 'false';
  wrap: true;
};
export type InputChoiceSet = {
  type: 'Input.ChoiceSet';
  id: string;
  label: string;
  style: 'compact';
  value: string;
  choices: Array<{ title: string; value: string }>;
};
export type ActionStyle = 'positive' | 'destructive';
/** `data.portal` is the encoded command; on submit Teams merges the card's input values into `data`. */
export type ExecuteAction = {
  type: 'Action.Execute';
  verb: string;
  title: string;
  data: { portal: string };
  style?: ActionStyle;
  /** 'none' on plain buttons, so a form elsewhere in the card is neither validated nor merged in. */
  associatedInputs: 'auto' | 'none';
};
export type ShowCardAction = {
  type: 'Action.ShowCard';
  title: string;
  style?: ActionStyle;
  card: { type: 'AdaptiveCard'; body: CardElement[]; actions: ExecuteAction[] };
};
/** A link the bot made (an export's download), never one from user text. */
export type OpenUrlAction = { type: 'Action.OpenUrl'; title: string; url: string };
export type CardAction = ExecuteAction | ShowCardAction | OpenUrlAction;
export type ActionSet = { type: 'ActionSet'; actions: CardAction[] };
export type CardElement = TextBlock | FactSet | Table | InputText | InputToggle | InputChoiceSet | ActionSet;
export type Refresh = {
  action: { type: 'Action.Execute'; verb: string; data: object };
  userIds?: string[];
};
/** Teams' mention entity: the `<at>` text in a TextBlock, and who it names (their Entra object id). */
export type MentionEntity = { type: 'mention'; text: string; mentioned: { id: string; name: string } };

export type AdaptiveCard = {
  type: 'AdaptiveCard';
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  version: '1.5';
  body: CardElement[];
  actions?: CardAction[];
  refresh?: Refresh;
  /** Teams' host extension (not in the 1.5 schema): the mentions the card's text holds. */
  msteams?: { entities: MentionEntity[] };
};

export type RenderCardOptions = {
  /** Universal Actions refresh: the client runs this action to get a fresh card (for `userIds`, or anyone). */
  refresh?: { verb: string; data: object; userIds?: string[] };
  /** The most bytes of card JSON; table rows beyond it are left out, and the card says so. */
  maxBytes?: number;
  /** The tenant the card is for: members linked there are mentioned (`<at>`), others read "Name (email)". */
  tenantId?: string;
};

/**
 * Teams refuses a message over about 28 KB, card and activity envelope together; the card keeps 2 KB
 * clear for the envelope.
 */
export const MAX_CARD_BYTES = 26 * 1024;
/** Rows per Table element: a longer list is split into several tables, each with the header row. */
export const TABLE_CHUNK_ROWS = 100;
/** The longest value a text input takes (the action codec's cap on an argument). */
export const MAX_INPUT_LENGTH = 500;

const SCHEMA_URL = 'http://adaptivecards.io/schemas/adaptive-card.json';

export function renderCard(view: View, opts: RenderCardOptions = {}): AdaptiveCard {
  const maxBytes = opts.maxBytes ?? MAX_CARD_BYTES;
  const full = build(view, opts, Number.POSITIVE_INFINITY);
  if (byteSize(full) <= maxBytes) return full;
  // Too big: keep as many table rows as fit (the first ones, in order), found by bisection.
  const total = tableRows(view);
  let lo = 0;
  let hi = total;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (byteSize(build(view, opts, mid)) <= maxBytes) lo = mid;
    else hi = mid - 1;
  }
  return build(view, opts, lo);
}

const byteSize = (card: AdaptiveCard) => new TextEncoder().encode(JSON.stringify(card)).length;

const tableRows = (view: View) =>
  view.blocks.reduce((n, b) => n + (b.kind === 'table' ? b.rows.length : 0), 0);

/** A name Teams can show inside `<at>…</at>` as it is: letters, digits, spaces and a few marks, nothing markup reads. */
const MENTIONABLE = /^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N} .'-]{0,99}$/u;
const ENTRA_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Per-card state: verbs are numbered across the whole card, table rows share one budget, mentions are gathered. */
class Context {
  private n = 0;
  readonly mentions: MentionEntity[] = [];
  /** `source`: the read-only command that drew the view, carried in every button so a stale card can be redrawn. */
  constructor(
    public rowBudget: number,
    readonly source?: CommandRef,
    readonly tenantId?: string,
  ) {}
  /** A member linked in this card's tenant, with a name safe to show as is, is mentioned; nobody else. */
  readonly mention: Mention = (m) => {
    const link = this.tenantId
      ? m.links?.find(
          (l) => l.platform === 'teams' && l.tenantId === this.tenantId && ENTRA_ID.test(l.aadObjectId),
        )
      : undefined;
    const name = m.name.trim();
    if (link?.platform !== 'teams' || !MENTIONABLE.test(name)) return undefined;
    const text = `<at>${name}</at>`;
    if (!this.mentions.some((e) => e.text === text && e.mentioned.id === link.aadObjectId))
      this.mentions.push({ type: 'mention', text, mentioned: { id: link.aadObjectId, name } });
    return text;
  };
  verb(ref: CommandRef): string {
    this.n += 1;
    return actionId(ref, this.n);
  }
}

function build(view: View, opts: RenderCardOptions, rowBudget: number): AdaptiveCard {
  const ctx = new Context(rowBudget, view.source, opts.tenantId);
  const body: CardElement[] = [];
  if (view.title !== undefined)
    body.push({
      type: 'TextBlock',
      text: escapeTeamsText(view.title),
      wrap: true,
      size: 'Large',
      weight: 'Bolder',
      style: 'heading',
    });
  for (const block of view.blocks) body.push(...renderBlock(block, ctx));

  const color =
    view.tone === 'refusal' || view.tone === 'error'
      ? 'Attention'
      : view.tone === 'success'
        ? 'Good'
        : undefined;
  const first = body.find((e): e is TextBlock => e.type === 'TextBlock');
  if (color !== undefined && first !== undefined) first.color = color;

  return {
    type: 'AdaptiveCard',
    $schema: SCHEMA_URL,
    version: '1.5',
    body,
    ...(opts.refresh
      ? {
          refresh: {
            action: { type: 'Action.Execute', verb: opts.refresh.verb, data: opts.refresh.data },
            ...(opts.refresh.userIds ? { userIds: opts.refresh.userIds } : {}),
          },
        }
      : {}),
    ...(ctx.mentions.length ? { msteams: { entities: ctx.mentions } } : {}),
  };
}

const textBlock = (text: Text, ctx: Context, extra: Partial<TextBlock> = {}): TextBlock => ({
  type: 'TextBlock',
  text: spansToMarkdown(text, ctx.mention),
  wrap: true,
  ...(isAllCode(text) ? { fontType: 'Monospace' as const } : {}),
  ...extra,
});

function renderBlock(block: Block, ctx: Context): CardElement[] {
  switch (block.kind) {
    case 'text':
      return [textBlock(block.text, ctx)];
    case 'fields':
      return block.fields.length === 0
        ? []
        : [
            {
              type: 'FactSet',
              facts: block.fields.map(([label, value]) => ({
                title: escapeTeamsText(label),
                value: spansToMarkdown(value),
              })),
            },
          ];
    case 'table':
      return renderTable(block.columns, block.rows, ctx);
    case 'actions':
      return actionSet(block.actions.map((a) => renderAction(a, ctx)));
    case 'form':
      return renderForm(block.form, ctx);
    case 'pager': {
      const to = (page: number): CommandRef => ({
        name: block.command.name,
        args: { ...block.command.args, page: String(page) },
      });
      const buttons: CardAction[] = [];
      if (block.page > 1) buttons.push(execute(to(block.page - 1), 'Previous', ctx));
      if (block.page < block.pages) buttons.push(execute(to(block.page + 1), 'Next', ctx));
      return [
        { type: 'TextBlock', text: `Page ${block.page} of ${block.pages}`, wrap: true, isSubtle: true },
        ...actionSet(buttons),
      ];
    }
    default:
      return unreachable(block);
  }
}

/**
 * Hosts show at most five actions in one set (the Adaptive Cards default `maxActions`; Teams hides the
 * rest behind an overflow menu), so a longer row of buttons becomes several sets of five.
 */
export const MAX_ACTIONS_PER_SET = 5;

const actionSet = (actions: CardAction[]): ActionSet[] => {
  const sets: ActionSet[] = [];
  for (let i = 0; i < actions.length; i += MAX_ACTIONS_PER_SET)
    sets.push({ type: 'ActionSet', actions: actions.slice(i, i + MAX_ACTIONS_PER_SET) });
  return sets;
};

function renderTable(columns: string[], rows: Text[][], ctx: Context): CardElement[] {
  const shown = rows.slice(0, Math.max(0, ctx.rowBudget));
  ctx.rowBudget -= shown.length;
  const header: TableRow = {
    type: 'TableRow',
    cells: columns.map((c) => ({
      type: 'TableCell',
      items: [{ type: 'TextBlock', text: escapeTeamsText(c), wrap: true, weight: 'Bolder' }],
    })),
  };
  const row = (r: Text[]): TableRow => ({
    type: 'TableRow',
    cells: columns.map((_, i) => ({ type: 'TableCell', items: [textBlock(r[i] ?? [], ctx)] })),
  });
  // An empty list still shows its header; a list with every row left out shows only the note.
  const chunks: Text[][][] = rows.length === 0 ? [[]] : [];
  for (let i = 0; i < shown.length; i += TABLE_CHUNK_ROWS) chunks.push(shown.slice(i, i + TABLE_CHUNK_ROWS));
  const out: CardElement[] = chunks.map((chunk) => ({
    type: 'Table',
    firstRowAsHeader: true,
    columns: columns.map(() => ({ width: 1 })),
    rows: [header, ...chunk.map(row)],
  }));
  const hidden = rows.length - shown.length;
  if (hidden > 0)
    out.push({
      type: 'TextBlock',
      wrap: true,
      color: 'Attention',
      text: `${hidden} of ${rows.length} rows are not shown: the card would be too large for Teams. Narrow the list with the command's filters or pages (see help) to see them.`,
    });
  return out;
}

function execute(ref: CommandRef, title: string, ctx: Context, style?: ActionStyle): ExecuteAction {
  return {
    type: 'Action.Execute',
    verb: ctx.verb(ref),
    title: replaceControls(title),
    data: { portal: encodeAction(ref, ctx.source) },
    ...(style ? { style } : {}),
    associatedInputs: 'none',
  };
}

const styleOf = (a: Action): ActionStyle | undefined =>
  a.style === 'danger' ? 'destructive' : a.style === 'primary' ? 'positive' : undefined;

/**
 * Adaptive Cards have no confirmation dialog: an action that asks first is a ShowCard titled like the
 * action, whose card says what will happen and holds the real button, "Yes, <label>".
 */
function renderAction(a: Action, ctx: Context): CardAction {
  const style = styleOf(a);
  if (a.confirm === undefined) return execute(a.command, a.label, ctx, style);
  return {
    type: 'Action.ShowCard',
    title: replaceControls(a.label),
    ...(style ? { style } : {}),
    card: {
      type: 'AdaptiveCard',
      body: [{ type: 'TextBlock', text: escapeTeamsText(a.confirm), wrap: true }],
      actions: [execute(a.command, `Yes, ${a.label}`, ctx, style)],
    },
  };
}

/** The id Teams uses for an input is its field name; `portal` is taken by the command itself. */
const RESERVED_INPUT_ID = 'portal';

function renderField(f: FormField): CardElement[] {
  if (f.name === RESERVED_INPUT_ID) throw new Error(`form field name "${RESERVED_INPUT_ID}" is reserved`);
  switch (f.kind) {
    case 'text':
      return [
        {
          type: 'Input.Text',
          id: f.name,
          label: replaceControls(f.label),
          isRequired: f.required,
          ...(f.required ? { errorMessage: 'Required' } : {}),
          ...(f.placeholder !== undefined ? { placeholder: replaceControls(f.placeholder) } : {}),
          // What was typed (or stored) comes back into the input: no control or bidi character with it.
          ...(f.initial !== undefined ? { value: replaceControls(f.initial) } : {}),
          maxLength: MAX_INPUT_LENGTH,
        },
      ];
    case 'checkbox':
      return [
        {
          type: 'Input.Toggle',
          id: f.name,
          title: escapeTeamsText(f.label),
          value: f.initial ? 'true' : 'false',
          valueOn: 'true',
          valueOff: 'false',
          wrap: true,
        },
        ...(f.hint !== undefined
          ? [
              {
                type: 'TextBlock',
                text: escapeTeamsText(f.hint),
                wrap: true,
                isSubtle: true,
                size: 'Small',
                spacing: 'None',
              } satisfies TextBlock,
            ]
          : []),
      ];
    case 'select':
      return [
        {
          type: 'Input.ChoiceSet',
          id: f.name,
          label: replaceControls(f.label),
          style: 'compact',
          value: f.initial,
          choices: f.options.map((o) => ({ title: replaceControls(o.label), value: o.value })),
        },
      ];
    default:
      return unreachable(f);
  }
}

const errorBlock = (message: string): TextBlock => ({
  type: 'TextBlock',
  text: escapeTeamsText(`! ${message}`),
  wrap: true,
  color: 'Attention',
  spacing: 'None',
});

function renderForm(form: FormSpec, ctx: Context): CardElement[] {
  const errors = form.errors ?? {};
  const names = new Set(form.fields.map((f) => f.name));
  const out: CardElement[] = [
    { type: 'TextBlock', text: escapeTeamsText(form.title), wrap: true, size: 'Medium', weight: 'Bolder' },
  ];
  for (const f of form.fields) {
    out.push(...renderField(f));
    const err = errors[f.name];
    if (err !== undefined) out.push(errorBlock(err));
  }
  // Errors about no particular field (or one the form does not show) must not be lost.
  for (const [name, msg] of Object.entries(errors))
    if (!names.has(name)) out.push(errorBlock(`${name}: ${msg}`));
  out.push({
    type: 'ActionSet',
    actions: [
      {
        type: 'Action.Execute',
        verb: ctx.verb(form.submit),
        title: replaceControls(form.submitLabel),
        data: { portal: encodeAction(form.submit, ctx.source) },
        style: 'positive',
        associatedInputs: 'auto',
      },
    ],
  });
  return out;
}

function unreachable(x: never): never {
  throw new Error(`unhandled kind: ${JSON.stringify(x)}`);
}

// ---------------------------------------------------------------------------------------------------
// Reading a press back.

const Submission = z.looseObject({ portal: z.string().min(1).max(MAX_ACTION_VALUE) });
/** Without a form, which keys may be taken as inputs at all (never `__proto__` and friends). */
const INPUT_KEY = /^[A-Za-z][A-Za-z0-9:._-]{0,63}$/;
const MAX_INPUTS = 50;

export type CardSubmission = { ref: CommandRef; inputs: Record<string, string> };

/**
 * The command behind an Action.Execute, from the `data` Teams sends back (untrusted). `data.portal`
 * is the encoded command; every other string property is an input value Teams merged in, and
 * becomes an argument over the command's own. With `form`, inputs are taken only when the command is
 * the form's submit command, and only for the form's fields. Anything malformed (not an object, no
 * or a bad `portal`, an input over MAX_INPUT_LENGTH, too many inputs) is not a command: null.
 */
export function readCardSubmission(data: unknown, form?: FormSpec): CardSubmission | null {
  const parsed = Submission.safeParse(data);
  if (!parsed.success) return null;
  const ref = decodeAction(parsed.data.portal);
  if (ref === null) return null;
  const fields = form ? new Set(form.fields.map((f) => f.name)) : undefined;
  const takesInputs = form === undefined || form.submit.name === ref.name;
  const inputs = new Map<string, string>();
  if (takesInputs)
    for (const [key, value] of Object.entries(parsed.data)) {
      if (key === RESERVED_INPUT_ID || typeof value !== 'string') continue;
      if (fields ? !fields.has(key) : !INPUT_KEY.test(key)) continue;
      if (value.length > MAX_INPUT_LENGTH || inputs.size >= MAX_INPUTS) return null;
      inputs.set(key, value);
    }
  const merged = Object.fromEntries([...Object.entries(ref.args), ...inputs]);
  return { ref: { name: ref.name, args: merged }, inputs: Object.fromEntries(inputs) };
}

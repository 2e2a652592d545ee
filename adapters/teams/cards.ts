// Cards as Teams gets them: the rendered view plus what an invoke needs back (its source for refresh, its form for errors).
import { z } from 'zod';
import { findCommand } from '../../src/commands/registry.ts';
import { decodePress, encodeAction, isPortalActionId } from '../../src/views/action-codec.ts';
import { type CommandRef, type FormSpec, plainOf, textBlock, type View, view } from '../../src/views/view.ts';
import { type AdaptiveCard, MAX_CARD_BYTES, readCardSubmission, renderCard } from './render/card.ts';
import { replaceControls } from './render/escape.ts';

/** The Universal Actions refresh verb: re-runs the card's (read-only) source for whoever views it. */
export const REFRESH_VERB = 'portal:refresh';

/** The body of an invoke response that replaces the card the presser sees. */
export const invokeCardBody = (card: AdaptiveCard) => ({
  statusCode: 200,
  type: 'application/vnd.microsoft.card.adaptive',
  value: card,
});

/** A command that only reads, so re-running it for a refresh can never change anything. */
export function readOnly(ref: CommandRef): CommandRef | undefined {
  return findCommand(ref.name)?.changes === false ? ref : undefined;
}

/** Does a pressed verb name the command its data carries (`portal:grant.access:3` for `grant access`)? */
export const verbNames = (verb: string, ref: CommandRef) =>
  isPortalActionId(verb) && verb.split(':')[1] === ref.name.replaceAll(' ', '.');

/*
 * A form's submit button also carries `_form`, the form itself, so that a refused field is shown next
 * to the field with what was typed (Slack keeps its modal open; a card has to be drawn again). It is
 * an object, so readCardSubmission never takes it as an input. It is the client's copy: untrusted,
 * parsed, and only ever shown back to the presser; the command is authorized again on the server.
 */

const FieldSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('text'),
    name: z.string().max(64),
    label: z.string().max(200),
    required: z.boolean(),
    placeholder: z.string().max(200).optional(),
    initial: z.string().max(500).optional(),
  }),
  z.object({
    kind: z.literal('checkbox'),
    name: z.string().max(64),
    label: z.string().max(200),
    initial: z.boolean(),
    hint: z.string().max(500).optional(),
  }),
  z.object({
    kind: z.literal('select'),
    name: z.string().max(64),
    label: z.string().max(200),
    options: z.array(z.object({ value: z.string().max(200), label: z.string().max(200) })).max(50),
    initial: z.string().max(200),
  }),
]);
const FormSchema = z.object({
  submit: z.object({ name: z.string().max(60), args: z.record(z.string().max(64), z.string().max(500)) }),
  title: z.string().max(200),
  submitLabel: z.string().max(100),
  fields: z.array(FieldSchema).max(50),
  usage: z.string().max(500).optional(),
});
const Extras = z.looseObject({ portal: z.string().optional(), _form: FormSchema.optional() });

/** The longest summary: Teams shows one line of it in notifications and the chat list. */
export const MAX_SUMMARY = 150;

/**
 * What Teams shows for a card in notifications and the chat list instead of "Sent a card": the title
 * and the first line of text, as plain text (no markdown is read there), controls replaced.
 */
export function summaryOf(v: View): string {
  const first = v.blocks.find((b) => b.kind === 'text' || b.kind === 'form');
  const lead = first?.kind === 'text' ? plainOf(first.text) : first?.kind === 'form' ? first.form.title : '';
  const s = [v.title ?? '', lead]
    .map((p) =>
      replaceControls(p)
        .replace(/\uFFFD/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((p) => p !== '')
    .join(': ');
  const chars = Array.from(s === '' ? 'Portal bot' : s);
  return chars.length > MAX_SUMMARY ? `${chars.slice(0, MAX_SUMMARY - 1).join('')}…` : chars.join('');
}

/** The summary of each card drawn here, for sends that only have the card (work that outlived its invoke). */
const summaries = new WeakMap<AdaptiveCard, string>();
export const summaryFor = (card: AdaptiveCard): string | undefined => summaries.get(card);

/** The card for a view; a view drawn by a read-only command (`view.source`) refreshes for each viewer. */
export function cardFor(v: View, tenantId?: string): AdaptiveCard {
  const card = renderFor(v, tenantId);
  summaries.set(card, summaryOf(v));
  return card;
}

function renderFor(v: View, tenantId?: string): AdaptiveCard {
  const refresh = v.source ? { verb: REFRESH_VERB, data: { portal: encodeAction(v.source) } } : undefined;
  const card = renderCard(v, { ...(refresh ? { refresh } : {}), ...(tenantId ? { tenantId } : {}) });
  const forms = v.blocks.flatMap((b) => (b.kind === 'form' ? [b.form] : []));
  if (!forms.length) return card;
  const annotated = structuredClone(card);
  for (const action of executes(annotated.body)) {
    const data = action.data as Record<string, unknown>;
    const ref = action.associatedInputs === 'auto' ? decodePress(data.portal)?.ref : undefined;
    const form = ref && forms.find((f) => encodeAction(f.submit) === encodeAction(ref));
    if (form) {
      const { errors: _, ...bare } = form;
      data._form = bare;
    }
  }
  // The form is a convenience: a card that would grow too large goes without it.
  return new TextEncoder().encode(JSON.stringify(annotated)).length <= MAX_CARD_BYTES ? annotated : card;
}

function executes(node: unknown): Array<{ associatedInputs?: string; data: unknown }> {
  if (Array.isArray(node)) return node.flatMap(executes);
  if (typeof node !== 'object' || node === null) return [];
  const inner = Object.values(node).flatMap(executes);
  const n = node as { type?: unknown; data?: unknown };
  return n.type === 'Action.Execute' && typeof n.data === 'object' && n.data !== null
    ? [n as { data: unknown }, ...inner]
    : inner;
}

/** What a pressed button sent back: the command with its inputs, the command that drew the card, its form. */
export function readPress(data: unknown): {
  submission: ReturnType<typeof readCardSubmission>;
  source?: CommandRef;
  form?: FormSpec;
} {
  const extras = Extras.safeParse(data);
  const form = extras.success ? extras.data._form : undefined;
  const source = extras.success ? decodePress(extras.data.portal)?.source : undefined;
  return {
    submission: readCardSubmission(data, form),
    ...(source ? { source } : {}),
    ...(form ? { form } : {}),
  };
}

/** The form again, with what was typed and the error next to its field. */
export function formAgain(
  form: FormSpec,
  inputs: Record<string, string>,
  errors: Record<string, string>,
): View {
  const fields = form.fields.map((f) => {
    const typed = inputs[f.name];
    if (typed === undefined) return f;
    if (f.kind === 'text') return { ...f, initial: typed };
    if (f.kind === 'checkbox') return { ...f, initial: typed === 'true' };
    return f.options.some((o) => o.value === typed) ? { ...f, initial: typed } : f;
  });
  return view([{ kind: 'form', form: { ...form, fields, errors } }]);
}

/** A press on a card whose state moved on: say so, say why, and show how things are now (refreshing from then on). */
export function staleView(failure: View, current?: View): View {
  return view(
    [
      textBlock('This card was out of date, so nothing was changed.'),
      ...failure.blocks,
      ...(current ? [...(current.title ? [textBlock(current.title)] : []), ...current.blocks] : []),
    ],
    { tone: 'error', ...(current?.source ? { source: current.source } : {}) },
  );
}

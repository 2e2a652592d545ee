// The form as a Slack modal: opening it, refusing a submission field by field, and reading one back.
import type { KnownBlock, ModalView } from '@slack/types';
import { z } from 'zod';
import { type FormField, type FormSpec, view } from '../../../src/views/view.ts';
import { renderBlocks } from './blocks.ts';
import { LIMITS, plain } from './limits.ts';
import { stripControls, unreachable } from './mrkdwn.ts';

/** Every form is one modal kind; which command it submits travels in private_metadata. */
export const FORM_CALLBACK_ID = 'portal:form';

/**
 * Slack documents no length for these messages; they sit in a small line under the input, so we
 * keep them to one short sentence rather than risk a refused reply.
 */
export const FORM_ERROR_MAX = 150;

/** The `views.open` payload for a form. Throws when the metadata is over Slack's 3,000 characters (a bug). */
export function renderModal(form: FormSpec, privateMetadata: string): ModalView & { blocks: KnownBlock[] } {
  if (privateMetadata.length > LIMITS.privateMetadata)
    throw new Error(
      `private_metadata is ${privateMetadata.length} chars; Slack allows ${LIMITS.privateMetadata}`,
    );
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK_ID,
    title: plain(form.title, LIMITS.modalTitle),
    submit: plain(form.submitLabel, LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    private_metadata: privateMetadata,
    blocks: renderBlocks(view([{ kind: 'form', form }]), { surface: 'modal' }).blocks,
  };
}

export type FormErrorsResponse = { response_action: 'errors'; errors: Record<string, string> };

const shorten = (msg: string) => {
  const one = stripControls(msg)
    .replace(/\s*\n\s*/g, ' ')
    .trim();
  const chars = Array.from(one);
  return chars.length <= FORM_ERROR_MAX
    ? one
    : `${chars
        .slice(0, FORM_ERROR_MAX - 1)
        .join('')
        .trimEnd()}…`;
};

/**
 * The ack that keeps the modal open and shows each message under its input (block_id = field
 * name). Slack shows these as plain strings, so they are not entity-escaped. Given the form's field
 * names, an error about anything else goes under the first field, named, instead of being lost.
 */
export function formErrors(
  errors: Record<string, string>,
  fieldNames?: readonly string[],
): FormErrorsResponse {
  const out: Record<string, string> = {};
  const first = fieldNames?.[0];
  for (const [name, msg] of Object.entries(errors)) {
    const known = fieldNames === undefined || fieldNames.includes(name) || first === undefined;
    const key = known ? name : first;
    const text = known ? msg : `${name}: ${msg}`;
    out[key] = out[key] === undefined ? text : `${out[key]}; ${text}`;
  }
  return {
    response_action: 'errors',
    errors: Object.fromEntries(Object.entries(out).map(([k, v]) => [k, shorten(v)])),
  };
}

const StateSchema = z.object({ values: z.record(z.string(), z.record(z.string(), z.unknown())) });
const TextInput = z.object({ type: z.literal('plain_text_input'), value: z.string().nullish() });
const Checkboxes = z.object({
  type: z.literal('checkboxes'),
  selected_options: z.array(z.object({ value: z.string() })).nullish(),
});
const StaticSelect = z.object({
  type: z.literal('static_select'),
  selected_option: z.object({ value: z.string() }).nullish(),
});

/** The element state of a field: ours use the field name as action_id; a block with one element is read as that one. */
function elementOf(values: Record<string, Record<string, unknown>>, name: string): unknown {
  const block = values[name];
  if (block === undefined) return undefined;
  if (name in block) return block[name];
  const all = Object.values(block);
  return all.length === 1 ? all[0] : undefined;
}

function readField(f: FormField, element: unknown): string {
  switch (f.kind) {
    case 'text': {
      const p = TextInput.safeParse(element);
      return p.success ? (p.data.value ?? '') : '';
    }
    case 'checkbox': {
      const p = Checkboxes.safeParse(element);
      if (!p.success) return '';
      return (p.data.selected_options ?? []).some((o) => o.value === 'true') ? 'true' : 'false';
    }
    case 'select': {
      const p = StaticSelect.safeParse(element);
      return p.success ? (p.data.selected_option?.value ?? '') : '';
    }
    default:
      return unreachable(f);
  }
}

/**
 * A view_submission's `state.values` as the command's arguments, one per field: text as typed,
 * a checkbox as 'true'/'false', a select as its option value. Anything missing or of another shape
 * is '' (the command's own schema then says what is wrong). Merge with `form.submit.args`.
 */
export function readSubmission(
  state: { values: Record<string, Record<string, unknown>> },
  fields: readonly FormField[],
): Record<string, string> {
  const parsed = StateSchema.safeParse(state);
  const values = parsed.success ? parsed.data.values : {};
  return Object.fromEntries(fields.map((f) => [f.name, readField(f, elementOf(values, f.name))]));
}

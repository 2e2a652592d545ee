// Interactive elements: buttons, overflow menus and form inputs, each within Slack's limits.
import type {
  ActionsBlock,
  Button,
  ConfirmationDialog,
  ContextBlock,
  InputBlock,
  Overflow,
  PlainTextOption,
  StaticSelect,
} from '@slack/types';
import { actionId, encodeAction } from '../../../src/views/action-codec.ts';
import type { Action, CommandRef, FormField } from '../../../src/views/view.ts';
import { LIMITS, plain } from './limits.ts';
import { escapePlainText, stripControls, unreachable } from './mrkdwn.ts';

/** Numbers action ids across one rendered view, so every id in a message is unique. */
export class ActionIds {
  private n = 0;
  /** The command that drew the view, carried in every button so a stale card can be redrawn. */
  constructor(readonly source?: CommandRef) {}
  next(ref: CommandRef): string {
    this.n += 1;
    return actionId(ref, this.n);
  }
}

/** Slack's confirmation dialog; the text says what will happen, as the command wrote it. */
export const confirmDialog = (text: string, danger: boolean): ConfirmationDialog => ({
  title: plain('Are you sure?', LIMITS.confirmTitle),
  text: plain(text, LIMITS.confirmText),
  confirm: plain('Yes', LIMITS.confirmButton),
  deny: plain('Cancel', LIMITS.confirmButton),
  ...(danger ? { style: 'danger' as const } : {}),
});

/** A button; its action_id names `idRef` (the action's own command unless told otherwise). */
export function button(a: Action, ids: ActionIds, idRef: CommandRef = a.command): Button {
  return {
    type: 'button',
    text: plain(a.label, LIMITS.buttonText),
    action_id: ids.next(idRef),
    value: encodeAction(a.command, ids.source),
    ...(a.style ? { style: a.style } : {}),
    ...(a.confirm !== undefined ? { confirm: confirmDialog(a.confirm, a.style === 'danger') } : {}),
  };
}

const chunk = <T>(xs: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, (i + 1) * size));

/** `n` items in as few groups of at most `size` as possible, evenly, so no menu is left with one option. */
function balanced<T>(xs: T[], size: number): T[][] {
  const groups = Math.ceil(xs.length / size);
  const out: T[][] = [];
  let from = 0;
  for (let g = 0; g < groups; g++) {
    const take = Math.ceil((xs.length - from) / (groups - g));
    out.push(xs.slice(from, from + take));
    from += take;
  }
  return out;
}

/**
 * Many actions of one command (a "Resend to …" per pending member) read better as menus than as a
 * wall of buttons. Not when any asks to confirm: an overflow has one confirmation for all its
 * options, and a destructive action must say exactly what it will do. Not when a payload is over
 * the option value limit (150) either: buttons carry up to 2,000.
 */
function perItem(actions: Action[], source?: CommandRef): boolean {
  const first = actions[0];
  return (
    first !== undefined &&
    actions.length > 5 &&
    actions.every((a) => a.command.name === first.command.name && a.confirm === undefined) &&
    actions.every((a) => encodeAction(a.command, source).length <= LIMITS.optionValue)
  );
}

/** The blocks for one row of actions: buttons, 25 to a block, or overflow menus of 5 options. */
export function actionBlocks(actions: Action[], ids: ActionIds): Array<ActionsBlock | ContextBlock> {
  if (!perItem(actions, ids.source)) {
    return chunk(actions, LIMITS.actionsElements).map((row) => ({
      type: 'actions',
      elements: row.map((a) => button(a, ids)),
    }));
  }
  const menus: Overflow[] = balanced(actions, LIMITS.overflowOptions).map((group) => ({
    type: 'overflow',
    // Each group is non-empty by construction.
    action_id: ids.next((group[0] as Action).command),
    options: group.map((a) => ({
      text: plain(a.label, LIMITS.optionText),
      value: encodeAction(a.command, ids.source),
    })),
  }));
  return [
    { type: 'context', elements: [plain(`${actions.length} actions, in the ⋯ menus below.`)] },
    ...chunk(menus, LIMITS.actionsElements).map((row): ActionsBlock => ({ type: 'actions', elements: row })),
  ];
}

function option(value: string, label: string): PlainTextOption {
  // A value travels back as the command's argument: it must arrive whole, so too long is a bug.
  if (value.length > LIMITS.optionValue) throw new Error(`option value over ${LIMITS.optionValue} chars`);
  return { text: plain(label, LIMITS.optionText), value };
}

function select(f: Extract<FormField, { kind: 'select' }>): StaticSelect {
  const options = f.options.map((o) => option(o.value, o.label));
  const initial = options.find((o) => o.value === f.initial);
  const choices =
    options.length <= LIMITS.selectOptions
      ? { options }
      : {
          option_groups: chunk(options, LIMITS.selectOptions).map((group, i) => ({
            label: plain(`${i * LIMITS.selectOptions + 1}–${i * LIMITS.selectOptions + group.length}`),
            options: group,
          })),
        };
  return {
    type: 'static_select',
    action_id: f.name,
    ...choices,
    ...(initial ? { initial_option: initial } : {}),
  };
}

/** One form field as an input block; block_id and action_id are the field's name (its argument). */
export function inputBlock(f: FormField): InputBlock {
  const base = { type: 'input' as const, block_id: f.name, label: plain(f.label, LIMITS.inputLabel) };
  switch (f.kind) {
    case 'text':
      return {
        ...base,
        optional: !f.required,
        element: {
          type: 'plain_text_input',
          action_id: f.name,
          ...(f.initial ? { initial_value: stripControls(f.initial) } : {}),
          ...(f.placeholder ? { placeholder: plain(f.placeholder, LIMITS.placeholder) } : {}),
        },
      };
    case 'checkbox': {
      // A short hint sits under the box; a long one under the input, where it is not cut.
      const short = f.hint !== undefined && escapePlainText(f.hint).length <= LIMITS.optionDescription;
      const box: PlainTextOption = {
        ...option('true', f.label),
        ...(f.hint !== undefined && short ? { description: plain(f.hint, LIMITS.optionDescription) } : {}),
      };
      return {
        ...base,
        ...(f.hint !== undefined && !short ? { hint: plain(f.hint, LIMITS.inputHint) } : {}),
        // Unticked is an answer, not a missing one.
        optional: true,
        element: {
          type: 'checkboxes',
          action_id: f.name,
          options: [box],
          ...(f.initial ? { initial_options: [box] } : {}),
        },
      };
    }
    case 'select':
      return { ...base, optional: false, element: select(f) };
    default:
      return unreachable(f);
  }
}

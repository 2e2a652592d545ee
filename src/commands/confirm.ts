// Confirmation before what can't be taken back, shared by typed commands and buttons: explain, then Confirm or `--confirm`.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { type Block, code, textBlock, view } from '../views/view.ts';
import type { CommandContext, CommandResult } from './command.ts';
import { invalid } from './failure.ts';

/**
 * `--confirm` typed (true), or the opaque id a Confirm button carries. The id binds the confirmation to
 * who was asked, in which company, about which command and arguments: another person's button, or
 * one edited to other arguments, confirms nothing. (Anyone may still type `--confirm` themselves;
 * the id is a binding, not a secret, and every press is authorized again like any command.)
 */
export const confirmArg = z
  .union([
    z.boolean(),
    z
      .string()
      .trim()
      .regex(/^(true|[0-9a-f]{20})$/, 'write --confirm on its own to confirm'),
  ])
  .optional();
export type ConfirmArg = z.infer<typeof confirmArg>;

export function confirmationId(ctx: CommandContext, name: string, args: Record<string, string>): string {
  const who = ctx.caller.kind === 'unknown' ? '' : ctx.caller.email;
  const sorted = Object.keys(args)
    .sort()
    .map((k) => [k, args[k]]);
  return createHash('sha256')
    .update(JSON.stringify([ctx.company?.id ?? '', who, name, sorted]))
    .digest('hex')
    .slice(0, 20);
}

export type Confirmation = {
  /** The command and the arguments it was given (without `confirm`). */
  name: string;
  args: Record<string, string>;
  /** The typed form that confirms, e.g. `remove adelev@example.com --confirm`. */
  typed: string;
  /** What will happen, in full. */
  explain: Block[];
  /** Gaps this leaves (the last Infra Admin of X, the last security contact): said first. */
  warnings?: string[];
};

/** The Confirm button for `c`, as this caller may press it. */
export const confirmButton = (ctx: CommandContext, name: string, args: Record<string, string>) =>
  ({ name, args: { ...args, confirm: confirmationId(ctx, name, args) } }) as const;

/**
 * Null when confirmed (go ahead); otherwise the answer that asks, which changes nothing. A Confirm
 * button's id that does not match this caller and these arguments is refused and says how to confirm.
 */
export function unlessConfirmed(
  ctx: CommandContext,
  given: ConfirmArg,
  c: Confirmation,
): CommandResult | null {
  if (given === true || given === 'true') return null;
  if (typeof given === 'string') {
    if (given === confirmationId(ctx, c.name, c.args)) return null;
    return invalid(
      'confirm',
      'this Confirm button was made for someone else or for other arguments; nothing changed',
      c.typed,
    );
  }
  const blocks: Block[] = [
    ...(c.warnings ?? []).map((w) => textBlock('⚠️ ', w)),
    ...c.explain,
    textBlock('Nothing has changed yet. Press Confirm, or type ', code(c.typed), '.'),
    {
      kind: 'actions',
      actions: [{ label: 'Confirm', command: confirmButton(ctx, c.name, c.args), style: 'danger' }],
    },
  ];
  return { ok: true, view: view(blocks, { title: 'Please confirm', tone: 'info' }) };
}

// undo: reverses your own last change within 5 minutes, where the inverse is safe, as a fresh command.
import { z } from 'zod';
import { UNDO_WINDOW_MS } from '../domain/last-change.ts';
import type { LastChange } from '../domain/schemas.ts';
import { type Text, text, textBlock, timeAt } from '../views/view.ts';
import { type CommandContext, type CommandResult, defineCommand, needs } from './command.ts';
import { conflict } from './failure.ts';
import { requireCompany } from './lookups.ts';
import { findCommand } from './registry.ts';
import { changedSince, planUndo } from './undo-plan.ts';

const schema = z.object({});
const WHAT =
  'undo reverses your own last change within 5 minutes: a grant or revoke of a role, an invitation or a cancelled invitation.';

const nothing = (why: Text | string): CommandResult => conflict(why, WHAT);

export default defineCommand<z.infer<typeof schema>>({
  name: 'undo',
  summary: 'Reverse your own last change (a grant, revoke, invitation or cancellation) within 5 minutes',
  usage: 'undo',
  examples: ['undo'],
  positionals: [],
  flags: {},
  schema,
  // Listed for those who can make a change undo reverses; the inverse itself is authorized below, as typed.
  capability: 'manage-infra-roles',
  changes: true,
  authorize: needs('browse'),
  run(ctx) {
    const company = requireCompany(ctx);
    const me = ctx.caller.kind === 'unknown' ? '' : ctx.caller.email;
    const last = company.lastChanges[me];
    if (!last || last.command === 'undo')
      return nothing(
        last
          ? 'Your last change was an undo; there is nothing more to undo.'
          : 'You have made no change to undo.',
      );
    const at = timeAt(last.at);
    if (ctx.now.getTime() - new Date(last.at).getTime() > UNDO_WINDOW_MS)
      return nothing(
        text(
          `Your last change (\`${last.command}\`, at `,
          at,
          ') is more than 5 minutes old; nothing was undone.',
        ),
      );
    const plan = planUndo(last);
    if (!plan.ok)
      return nothing(
        `Your last change (\`${last.command}\`) can't be undone safely: ${plan.why}. Nothing was undone.`,
      );
    const since = changedSince(company, last);
    if (since)
      return conflict(
        `Your last change (\`${last.command}\` for ${last.target}) has been changed since: ${since}. Nothing was undone.`,
        `\`audit --member ${last.target}\` shows who changed what.`,
      );
    return runInverse(ctx, last, plan.inverse);
  },
});

/** The inverse, authorized and run as if the caller typed it now; its audit event says it is an undo and of what. */
function runInverse(
  ctx: CommandContext,
  last: LastChange,
  inverse: { name: string; args: Record<string, string> },
): CommandResult {
  const command = findCommand(inverse.name);
  if (!command) throw new Error(`undo: no command ${inverse.name}`);
  // Asking to undo is the confirmation: an inverse that would ask (revoke company-admin, cancel-invite) goes ahead.
  const prepared = command.prepare(command.flags.confirm ? { ...inverse.args, confirm: true } : inverse.args);
  if (!prepared.ok) return prepared;
  const decision = prepared.prepared.authorize(ctx);
  if (!decision.allowed) {
    const { allowed: _, ...denied } = decision;
    return { ok: false, failure: { kind: 'denied', ...denied } };
  }
  const result = prepared.prepared.run(
    {
      ...ctx,
      audit: (entry) =>
        ctx.audit({
          action: 'undo',
          target: entry.target,
          ...(entry.infra ? { infra: entry.infra } : {}),
          before: { undoes: last.seq, action: last.action, state: entry.before ?? null },
          after: { inverse: entry.action, state: entry.after ?? null },
        }),
    },
    undefined,
  );
  if (!result.ok) return result;
  return {
    ...result,
    view: {
      ...result.view,
      blocks: [
        textBlock(`Undid your \`${last.command}\` (audit #${last.seq}) with \`${inverse.name}\`:`),
        ...result.view.blocks,
      ],
    },
  };
}

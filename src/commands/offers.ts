// Every action a view offers, its viewer may take: an offer stays only if its own command's authorize() accepts this viewer now.
import { findMember } from '../domain/company.ts';
import type { Company, StoreData } from '../domain/schemas.ts';
import type { Caller } from '../policy/caller.ts';
import type { Block, CommandRef, View } from '../views/view.ts';
import { CHATS_ONLY } from '../workflow/outbox.ts';
import type { CommandContext } from './command.ts';
import { findCommand } from './registry.ts';

/** Whether pressing `ref` now, as ctx.caller, would pass the command's validation and authorization. */
export function canTake(ctx: CommandContext, ref: CommandRef): boolean {
  const command = findCommand(ref.name);
  if (!command) return false;
  const prepared = command.prepare({ ...ref.args });
  return prepared.ok && prepared.prepared.authorize(ctx).allowed;
}

/** The view with every action its viewer could not take left out (an emptied row of buttons goes too). */
export function takeableOnly(ctx: CommandContext, v: View): View {
  if (!v.blocks.some((b) => b.kind === 'actions')) return v;
  const blocks = v.blocks.flatMap((b): Block[] => {
    if (b.kind !== 'actions') return [b];
    const actions = b.actions.filter((a) => canTake(ctx, a.command));
    return actions.length ? [{ ...b, actions }] : [];
  });
  return { ...v, blocks };
}

/** Who a message's recipient is to the rules, for offers in a view sent to them rather than asked for. */
export function recipientAsCaller(company: Company, email: string): Caller {
  const m = findMember(company, email);
  if (m)
    return {
      kind: m.status === 'active' ? 'member' : 'pending',
      chat: 'system',
      companyId: company.id,
      email,
    };
  if (company.contacts.some((x) => x.email === email))
    return { kind: 'contact', chat: 'system', companyId: company.id, email };
  return { kind: 'unknown', chat: 'system', companyId: company.id, reason: 'not on the team' };
}

/** A read-only context for asking commands' authorize() outside a command (delivery, the scheduler). */
export function viewerContext(data: StoreData, company: Company, caller: Caller, now: Date): CommandContext {
  const readOnly = () => {
    throw new Error('asking whether an offer can be taken changes nothing');
  };
  // Authorization never depends on how messages travel; the narrowest reach is enough to ask.
  return { caller, company, data, now, audit: readOnly, enqueue: readOnly, reach: CHATS_ONLY };
}

// security-contact clear EMAIL: take the Security role (and its phone number) away.
import { z } from 'zod';
import { memberRef, textBlock, view } from '../views/view.ts';
import { type CommandContext, type CommandResult, defineCommand } from './command.ts';
import { conflict } from './failure.ts';
import { emailArg, requireMember } from './lookups.ts';
import { authorizeSecurityContact } from './security-contact-authorize.ts';

const schema = z.object({ email: emailArg });

export default defineCommand<z.infer<typeof schema>>({
  name: 'security-contact clear',
  summary: 'Stop a member being a security contact',
  usage: 'security-contact clear EMAIL',
  examples: ['security-contact clear meganb@example.com'],
  positionals: ['email'],
  flags: {},
  schema,
  capability: 'manage-security-contact',
  changes: true,
  authorize: (ctx, args) => authorizeSecurityContact(ctx, args.email),
  run: (ctx, args) => clearSecurityContact(ctx, args.email),
});

/** Takes the Security role away; shared with access reviews, whose Remove goes through the same rule. */
export function clearSecurityContact(ctx: CommandContext, email: string): CommandResult {
  const found = requireMember(ctx, email);
  if (!found.ok) return found;
  const m = found.value;
  if (!m.security) return conflict(`${m.name} is not a security contact; nothing changed.`);
  const before = m.security;
  delete m.security;
  ctx.audit({ action: 'security-contact.clear', target: m.email, before, after: null });
  return {
    ok: true,
    view: view([textBlock(memberRef(m), ' is no longer a security contact.')], { tone: 'success' }),
  };
}

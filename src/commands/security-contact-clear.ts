// security-contact clear EMAIL: take the Security role (and its phone number) away.
import { z } from 'zod';
import type { Company, Member } from '../domain/schemas.ts';
import { memberRef, textBlock, view } from '../views/view.ts';
import { type CommandContext, type CommandResult, defineCommand } from './command.ts';
import { type ConfirmArg, confirmArg, unlessConfirmed } from './confirm.ts';
import { conflict } from './failure.ts';
import { emailArg, requireMember } from './lookups.ts';
import { authorizeSecurityContact } from './security-contact-authorize.ts';

const schema = z.object({ email: emailArg, confirm: confirmArg });

export default defineCommand<z.infer<typeof schema>>({
  name: 'security-contact clear',
  summary: 'Stop a member being a security contact',
  usage: 'security-contact clear EMAIL [--confirm]',
  examples: ['security-contact clear meganb@example.com'],
  positionals: ['email'],
  flags: { confirm: 'boolean' },
  schema,
  capability: 'manage-security-contact',
  changes: true,
  authorize: (ctx, args) => authorizeSecurityContact(ctx, args.email),
  run: (ctx, args) => clearSecurityContact(ctx, args.email, args.confirm),
});

/**
 * Takes the Security role away; shared with access reviews, whose Remove goes through the same rule
 * (confirmed on their card). Clearing the last security contact warns first and asks to confirm.
 */
export function clearSecurityContact(ctx: CommandContext, email: string, confirm: ConfirmArg): CommandResult {
  const found = requireMember(ctx, email);
  if (!found.ok) return found;
  const m = found.value;
  if (!m.security) return conflict(`${m.name} is not a security contact; nothing changed.`);
  if (ctx.company && holdersOfSecurity(ctx.company) === 1) {
    const ask = unlessConfirmed(ctx, confirm, {
      name: 'security-contact clear',
      args: { email: m.email },
      typed: `security-contact clear ${m.email} --confirm`,
      warnings: [lastSecurityContactWarning(m)],
      explain: [
        textBlock(
          memberRef(m),
          ' will no longer be a security contact, and their phone number is forgotten.',
        ),
      ],
    });
    if (ask) return ask;
  }
  const before = m.security;
  delete m.security;
  ctx.audit({ action: 'security-contact.clear', target: m.email, before, after: null });
  return {
    ok: true,
    view: view([textBlock(memberRef(m), ' is no longer a security contact.')], { tone: 'success' }),
  };
}

/** Losing the last holder of the Security role: nobody would receive security notices. */
export const lastSecurityContactWarning = (m: Member) =>
  `${m.name} is the last security contact: until someone else is given the Security role (\`security-contact set EMAIL PHONE\`), security notices reach nobody.`;

/** How many members hold the Security role (read from the members themselves, as the change sees them). */
export const holdersOfSecurity = (c: Company) => c.members.filter((m) => m.security !== undefined).length;

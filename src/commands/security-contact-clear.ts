// security-contact clear EMAIL: take the Security role (and its phone number) away.
import { z } from 'zod';
import { memberRef, textBlock, view } from '../views/view.ts';
import { defineCommand } from './command.ts';
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
  run(ctx, args) {
    const found = requireMember(ctx, args.email);
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
  },
});

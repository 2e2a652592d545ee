// security-contact set EMAIL PHONE: give a member the Security role with an international phone number.
import { z } from 'zod';
import { parsePhone } from '../domain/phone.ts';
import { memberRef, strong, textBlock, view } from '../views/view.ts';
import { defineCommand } from './command.ts';
import { invalid } from './failure.ts';
import { emailArg, requireMember } from './lookups.ts';
import { authorizeSecurityContact } from './security-contact-authorize.ts';

const usage = 'security-contact set EMAIL PHONE';
const schema = z.object({
  email: emailArg,
  phone: z
    .string({ error: 'PHONE is missing' })
    .trim()
    .min(1, 'PHONE is missing')
    .max(40, 'PHONE is too long'),
});

export default defineCommand<z.infer<typeof schema>>({
  name: 'security-contact set',
  summary: 'Make a member a security contact (the Security role), with their phone number',
  usage,
  examples: ['security-contact set meganb@example.com "+351 912 345 678"'],
  positionals: ['email', 'phone'],
  rest: true,
  flags: {},
  schema,
  capability: 'manage-security-contact',
  changes: true,
  authorize: (ctx, args) => authorizeSecurityContact(ctx, args.email),
  run(ctx, args) {
    // Only international numbers: a chat team spans countries, so no default region is guessed.
    const parsed = parsePhone(args.phone.replace(/^00/, '+'));
    if (!args.phone.trim().match(/^(\+|00)/) || !parsed?.isValid())
      return invalid(
        'phone',
        `${args.phone} is not a valid international number; write it with its country code, such as +351 912 345 678`,
        usage,
      );
    const found = requireMember(ctx, args.email);
    if (!found.ok) return found;
    const m = found.value;
    const before = m.security ?? null;
    m.security = { phone: parsed.number };
    ctx.audit({ action: 'security-contact.set', target: m.email, before, after: m.security });
    return {
      ok: true,
      view: view(
        [
          textBlock(
            memberRef(m),
            ' is now a security contact, on ',
            strong(parsed.formatInternational()),
            '.',
          ),
        ],
        {
          tone: 'success',
        },
      ),
    };
  },
});

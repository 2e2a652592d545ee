// settings review.revoke-undecided on|off: whether an access review revokes, at its due date, what nobody decided.
import { z } from 'zod';
import { code, strong, textBlock, view } from '../../views/view.ts';
import { defineCommand, needs } from '../command.ts';
import { requireCompany } from '../lookups.ts';

const schema = z.object({
  value: z
    .string({ error: 'VALUE is missing: say on or off' })
    .trim()
    .toLowerCase()
    .pipe(z.enum(['on', 'off'], { error: 'expected on or off' })),
});

export default defineCommand<z.infer<typeof schema>>({
  name: 'settings review.revoke-undecided',
  summary:
    'Choose whether roles nobody decided in an access review are revoked at its due date (off: they stay)',
  usage: 'settings review.revoke-undecided on|off',
  examples: ['settings review.revoke-undecided on', 'settings review.revoke-undecided off'],
  positionals: ['value'],
  flags: {},
  schema,
  capability: 'manage-settings',
  changes: true,
  authorize: needs('manage-settings'),
  run(ctx, args) {
    const company = requireCompany(ctx);
    const on = args.value === 'on';
    const what = on
      ? 'At the due date, roles nobody decided are revoked.'
      : 'At the due date, roles nobody decided stay.';
    if (company.settings.reviewRevokeUndecided === on)
      return {
        ok: true,
        view: view([
          textBlock(code('review.revoke-undecided'), ` is already ${args.value}; nothing changed. ${what}`),
        ]),
      };
    ctx.audit({
      action: 'settings.change',
      target: 'review.revoke-undecided',
      before: { reviewRevokeUndecided: company.settings.reviewRevokeUndecided },
      after: { reviewRevokeUndecided: on },
    });
    company.settings.reviewRevokeUndecided = on;
    return {
      ok: true,
      view: view([textBlock(code('review.revoke-undecided'), ' is now ', strong(args.value), `. ${what}`)], {
        tone: 'success',
      }),
    };
  },
});

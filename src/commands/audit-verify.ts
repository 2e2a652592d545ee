// audit verify: recompute the company's hash chain and say whether any event was altered or removed.
import { z } from 'zod';
import { verifyChain } from '../domain/audit.ts';
import { strong, textBlock, view } from '../views/view.ts';
import { defineCommand, needs } from './command.ts';
import { requireCompany } from './lookups.ts';

const schema = z.object({});

export default defineCommand<z.infer<typeof schema>>({
  name: 'audit verify',
  summary: 'Check that the audit trail has not been tampered with',
  usage: 'audit verify',
  examples: ['audit verify'],
  positionals: [],
  flags: {},
  schema,
  capability: 'verify-audit',
  changes: false,
  authorize: needs('verify-audit'),
  run(ctx) {
    const company = requireCompany(ctx);
    const check = verifyChain(ctx.data.audit, company.id);
    if (check.ok)
      return {
        ok: true,
        view: view([textBlock('The audit chain holds: ', strong(`${check.events} events`), ' verified.')], {
          tone: 'success',
        }),
      };
    return {
      ok: true,
      view: view(
        [
          textBlock(
            'The audit chain is ',
            strong('broken'),
            ` at event #${check.brokenAt} (${check.reason === 'hash-mismatch' ? 'its content was changed' : 'an event before it was changed or removed'}).`,
          ),
        ],
        { tone: 'error' },
      ),
    };
  },
});

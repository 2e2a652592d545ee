// audit verify: recompute the company's hash chain and say whether any event was altered or removed.
import { z } from 'zod';
import type { ChainCheck } from '../domain/audit.ts';
import { strong, textBlock, view } from '../views/view.ts';
import { defineCommand, needs } from './command.ts';
import { requireCompany } from './lookups.ts';

const schema = z.object({});

const broken: Record<Exclude<ChainCheck, { ok: true }>['reason'], string> = {
  'hash-mismatch': 'its content was changed',
  'broken-link': 'an event before it was changed or removed',
  'missing-events':
    'the trail ends before the last event the company recorded: events were removed from its end',
  'extra-events': 'events follow the last one the company recorded, which no change of the bot wrote',
};

export default defineCommand<z.infer<typeof schema>, ChainCheck>({
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
  // Reads the whole trail from the store's audit log, in constant memory, before run.
  load: (ctx) => ctx.audit.verify(ctx.company?.id ?? ''),
  run(ctx, _args, check) {
    requireCompany(ctx);
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
            ` at event #${check.brokenAt} (${broken[check.reason]}).`,
          ),
        ],
        { tone: 'error' },
      ),
    };
  },
});

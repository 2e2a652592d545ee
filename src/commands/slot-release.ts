// slot release INFRA ENV: free an environment's slot.
import { z } from 'zod';
import { SlugSchema } from '../domain/schemas.ts';
import { code, strong, textBlock, view } from '../views/view.ts';
import { defineCommand, needs } from './command.ts';
import { notFound } from './failure.ts';
import { infraArg, requireInfra } from './lookups.ts';

const schema = z.object({
  infra: infraArg,
  env: z.string({ error: 'ENV is missing' }).trim().toLowerCase().pipe(SlugSchema),
});

export default defineCommand<z.infer<typeof schema>>({
  name: 'slot release',
  summary: 'Release the slot an environment holds on an infrastructure',
  usage: 'slot release INFRA ENV',
  examples: ['slot release dev-eu qa'],
  positionals: ['infra', 'env'],
  flags: {},
  schema,
  capability: 'manage-slots',
  changes: true,
  authorize: needs('manage-slots', (a) => a.infra),
  run(ctx, args) {
    const found = requireInfra(ctx, args.infra);
    if (!found.ok) return found;
    const { infra } = found.value;
    const slot = infra.slots.find((s) => s.env === args.env);
    if (!slot)
      return notFound(
        `environment on ${infra.id} named`,
        args.env,
        `registered: ${infra.slots.map((s) => s.env).join(', ') || 'none'}`,
      );
    infra.slots = infra.slots.filter((s) => s.env !== args.env);
    ctx.audit({
      action: 'slot.release',
      target: `${infra.id}/${args.env}`,
      infra: infra.id,
      before: slot,
      after: null,
    });
    return {
      ok: true,
      view: view(
        [
          textBlock(
            'Released ',
            code(args.env),
            ' on ',
            strong(infra.id),
            `: ${infra.slots.length} of ${infra.slotLimit} slots used.`,
          ),
        ],
        { tone: 'success' },
      ),
    };
  },
});

// slot register INFRA ENV: register an environment, within the infrastructure's slot limit.
import { z } from 'zod';
import { SlugSchema } from '../domain/schemas.ts';
import { code, strong, textBlock, view } from '../views/view.ts';
import { defineCommand, needs } from './command.ts';
import { conflict } from './failure.ts';
import { infraArg, requireInfra } from './lookups.ts';

const schema = z.object({
  infra: infraArg,
  env: z.string({ error: 'ENV is missing' }).trim().toLowerCase().pipe(SlugSchema),
});

export default defineCommand<z.infer<typeof schema>>({
  name: 'slot register',
  summary: 'Register an environment in a slot of an infrastructure',
  usage: 'slot register INFRA ENV',
  examples: ['slot register dev-eu qa'],
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
    if (infra.slots.some((s) => s.env === args.env))
      return conflict(`${args.env} is already registered on ${infra.id}; nothing changed.`);
    if (infra.slots.length >= infra.slotLimit)
      return conflict(
        `${infra.id} has used all ${infra.slotLimit} of its environment slots.`,
        `Release one first: \`slot release ${infra.id} ENV\` (see \`slots ${infra.id}\`).`,
      );
    const slot = {
      env: args.env,
      registeredAt: ctx.now.toISOString(),
      registeredBy: ctx.caller.kind === 'unknown' ? '' : ctx.caller.email,
    };
    infra.slots.push(slot);
    ctx.audit({
      action: 'slot.register',
      target: `${infra.id}/${args.env}`,
      infra: infra.id,
      before: null,
      after: slot,
    });
    return {
      ok: true,
      view: view(
        [
          textBlock(
            'Registered ',
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

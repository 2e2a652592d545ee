// slots INFRA: the environments registered on an infrastructure, against its limit.
import { z } from 'zod';
import { type Action, code, plain, strong, textBlock, timeAt, view } from '../views/view.ts';
import { defineCommand, needs } from './command.ts';
import { infraArg, requireInfra } from './lookups.ts';

const schema = z.object({ infra: infraArg });

export default defineCommand<z.infer<typeof schema>>({
  name: 'slots',
  summary: 'Show the environment slots of an infrastructure',
  usage: 'slots INFRA',
  examples: ['slots prod-eu'],
  positionals: ['infra'],
  flags: {},
  schema,
  capability: 'manage-slots',
  changes: false,
  authorize: needs('manage-slots', (a) => a.infra),
  run(ctx, args) {
    const found = requireInfra(ctx, args.infra);
    if (!found.ok) return found;
    const { infra } = found.value;
    const used = infra.slots.length;
    const head = textBlock(strong(infra.id), `: ${used} of ${infra.slotLimit} environment slots used.`);
    if (!used)
      return {
        ok: true,
        view: view([head, textBlock('Register one: ', code(`slot register ${infra.id} ENV`))]),
      };
    const rows = infra.slots.map((s) => [
      [code(s.env)],
      [timeAt(s.registeredAt, 'date')],
      [plain(s.registeredBy)],
    ]);
    const actions: Action[] = infra.slots.slice(0, 20).map((s) => ({
      label: `Release ${s.env}`,
      command: { name: 'slot release', args: { infra: infra.id, env: s.env } },
      style: 'danger',
      confirm: `Release the slot of ${s.env} on ${infra.id}? The environment stops being licensed.`,
    }));
    return {
      ok: true,
      view: view(
        [
          head,
          { kind: 'table', columns: ['Environment', 'Registered', 'By'], rows },
          { kind: 'actions', actions },
        ],
        { title: `Slots of ${infra.id}` },
      ),
    };
  },
});

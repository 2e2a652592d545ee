// help [COMMAND]: generated from the registry; lists what the caller can use first.
import { z } from 'zod';
import { CAPABILITIES } from '../policy/capabilities.ts';
import { code, plain, strong, textBlock, view } from '../views/view.ts';
import { holdsAnywhere } from './abilities.ts';
import { defineCommand, needs } from './command.ts';
import { notFound } from './failure.ts';
import { closestCommand, commands } from './registry.ts';

const schema = z.object({ command: z.string().max(60).optional() });

export default defineCommand<z.infer<typeof schema>>({
  name: 'help',
  summary: 'The commands, or the details of one',
  usage: 'help [COMMAND]',
  examples: ['help', 'help invite', 'what can I do?'],
  positionals: ['command'],
  rest: true,
  flags: {},
  schema,
  capability: 'help',
  changes: false,
  authorize: needs('help'),
  run(ctx, args) {
    const all = commands();
    if (args.command) {
      const wanted = args.command.trim().toLowerCase();
      const cmd = all.find((c) => c.name === wanted) ?? closestCommand(wanted);
      if (!cmd) return notFound('command', wanted, 'type `help` for the list');
      const who = CAPABILITIES[cmd.capability];
      return {
        ok: true,
        view: view(
          [
            textBlock(strong(cmd.name), ': ', cmd.summary),
            textBlock('Usage: ', code(cmd.usage)),
            textBlock(
              'Examples: ',
              ...cmd.examples.flatMap((e, i) => (i ? [plain(', '), code(e)] : [code(e)])),
            ),
            textBlock(`Who: ${who.holders.join(', ').replaceAll('-', ' ')}.`),
          ],
          { title: `help ${cmd.name}` },
        ),
      };
    }
    const mine = all.filter((c) => holdsAnywhere(ctx.company, ctx.caller, c.capability));
    const others = all.filter((c) => !mine.includes(c));
    const rows = (list: typeof all) => list.map((c) => [[code(c.usage)], [plain(c.summary)]]);
    return {
      ok: true,
      view: view(
        [
          textBlock('Commands you can use (', code('help COMMAND'), ' for details):'),
          { kind: 'table', columns: ['Command', 'What it does'], rows: rows(mine) },
          ...(others.length
            ? [
                textBlock(
                  `${others.length} more need a role you do not have: `,
                  others.map((c) => c.name).join(', '),
                  '.',
                ),
              ]
            : []),
          textBlock(
            'You can also ask: ',
            code('who admins prod-eu?'),
            ', ',
            code('who is the security contact?'),
            ', ',
            code('what can I do?'),
          ),
        ],
        { title: 'Portal bot help' },
      ),
    };
  },
});

// help [TOPIC|COMMAND]: a short overview by topic, then a topic's commands, then one command; generated from the registry.
import { z } from 'zod';
import { closest } from '../domain/company.ts';
import { CAPABILITIES } from '../policy/capabilities.ts';
import { count } from '../views/plural.ts';
import { type Action, type Block, code, plain, strong, textBlock, view } from '../views/view.ts';
import { holdsAnywhere } from './abilities.ts';
import { type Command, type CommandContext, defineCommand, needs } from './command.ts';
import { notFound } from './failure.ts';
import { findTopic, TOPICS, type Topic } from './help-topics.ts';
import { closestCommand, commands } from './registry.ts';

const schema = z.object({ command: z.string().max(60).optional() });

const ASK = textBlock(
  'You can also ask: ',
  code('who admins prod-eu?'),
  ', ',
  code('who is Megan?'),
  ', ',
  code('how do I get access to dev-eu?'),
  ', ',
  code('who is the security contact?'),
  ', ',
  code('what can I do?'),
);

/** The commands of a topic, split into those the caller can use now and the others. */
function split(ctx: CommandContext, topic: Topic) {
  const all = commands().filter((c) => topic.commands.includes(c.name));
  const mine = all.filter((c) => holdsAnywhere(ctx.company, ctx.caller, c.capability));
  return { mine, others: all.filter((c) => !mine.includes(c)) };
}

const helpRef = (subject: string): Action['command'] => ({ name: 'help', args: { command: subject } });

/** `help`: one line per topic the caller can use something in, and a button to open each. */
function overview(ctx: CommandContext) {
  const usable = TOPICS.map((t) => ({ t, n: split(ctx, t).mine.length })).filter((x) => x.n > 0);
  const blocks: Block[] = [
    textBlock(
      'Type ',
      code('help TOPIC'),
      ' for its commands, or ',
      code('help COMMAND'),
      ' for one of them.',
    ),
    {
      kind: 'table',
      columns: ['Topic', 'What it covers'],
      rows: usable.map(({ t, n }) => [[code(t.name)], [plain(`${t.summary} (${count(n, 'command')})`)]]),
    },
    {
      kind: 'actions',
      actions: usable
        .filter(({ t }) => t.name !== 'account')
        .map(({ t }) => ({ label: t.title, command: helpRef(t.name) })),
    },
    ASK,
  ];
  return { ok: true as const, view: view(blocks, { title: 'Portal bot help' }) };
}

/** `help TOPIC`: its commands the caller can use, with usage, and how many more need another role. */
function topicView(ctx: CommandContext, topic: Topic, same?: Command) {
  const { mine, others } = split(ctx, topic);
  const blocks: Block[] = [textBlock(strong(topic.title), `: ${topic.summary}.`)];
  if (mine.length)
    blocks.push({
      kind: 'table',
      columns: ['Command', 'What it does'],
      rows: mine.map((c) => [[code(c.usage)], [plain(c.summary)]]),
    });
  else blocks.push(textBlock('None of these is open to you with the roles you hold.'));
  if (others.length)
    blocks.push(
      textBlock(
        `${count(others.length, 'more command')} here ${others.length === 1 ? 'needs' : 'need'} a role you do not have: `,
        others.map((c) => c.name).join(', '),
        '.',
      ),
    );
  if (same) blocks.push(...commandBlocks(same));
  else
    blocks.push(
      textBlock(code('help COMMAND'), ' shows one with examples; ', code('help'), ' lists the topics.'),
    );
  return { ok: true as const, view: view(blocks, { title: `help ${topic.name}` }) };
}

function commandBlocks(cmd: Command): Block[] {
  const who = CAPABILITIES[cmd.capability];
  return [
    textBlock(strong(cmd.name), ': ', cmd.summary),
    textBlock('Usage: ', code(cmd.usage)),
    textBlock('Examples: ', ...cmd.examples.flatMap((e, i) => (i ? [plain(', '), code(e)] : [code(e)]))),
    textBlock(`Who: ${who.holders.join(', ').replaceAll('-', ' ')}.`),
  ];
}

export default defineCommand<z.infer<typeof schema>>({
  name: 'help',
  summary: 'The topics, the commands of one, or the details of one command',
  usage: 'help [TOPIC|COMMAND]',
  examples: ['help', 'help people', 'help invite', 'what can I do?'],
  positionals: ['command'],
  rest: true,
  flags: {},
  schema,
  capability: 'help',
  changes: false,
  authorize: needs('help'),
  run(ctx, args) {
    if (!args.command) return overview(ctx);
    const wanted = args.command.trim().toLowerCase().replace(/\s+/g, ' ');
    const exact = commands().find((c) => c.name === wanted);
    const topic = findTopic(wanted);
    // A topic that shares its name with a command (cases, slots, requests, audit) shows both.
    if (topic) return topicView(ctx, topic, exact);
    const cmd = exact ?? closestCommand(wanted);
    if (cmd) return { ok: true, view: view(commandBlocks(cmd), { title: `help ${cmd.name}` }) };
    const near = closest(
      wanted,
      TOPICS.map((t) => t.name),
      Math.max(2, Math.floor(wanted.length / 3)),
    );
    const nearTopic = near ? findTopic(near) : undefined;
    if (nearTopic) return topicView(ctx, nearTopic);
    return notFound(
      'topic or command',
      wanted,
      `topics are ${TOPICS.map((t) => t.name).join(', ')}; type \`help\` for the overview`,
    );
  },
});

// Hostile text through every text argument of every command, rendered by every renderer: what would break out, and a check for it.
import { renderBlocks } from '../../adapters/slack/render/blocks.ts';
import { renderModal } from '../../adapters/slack/render/modal.ts';
import { renderCard } from '../../adapters/teams/render/card.ts';
import { runOnce } from '../../src/app/delivery.ts';
import { commands } from '../../src/commands/registry.ts';
import { renderText } from '../../src/views/render-text.ts';
import type { View } from '../../src/views/view.ts';
import { memoryApp } from '../fakes/app.ts';
import { fakePort } from '../fakes/chat-port.ts';

/** At least forty strings, each a way out of a renderer that has worked somewhere. */
export const HOSTILE: readonly string[] = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<!subteam^S0ADMINS>',
  '<@U0BOT>',
  '<@U0ALEX|boss>',
  '<#C0GENERAL>',
  '<#C0GENERAL|general>',
  '<https://evil.example|Click to approve>',
  '<mailto:evil@example.com|security@company.example>',
  '&lt;!channel&gt;',
  '&amp;lt;@U1&amp;gt;',
  '@here @channel @everyone',
  '*BOLD* _ITAL_ ~STRIKE~',
  '`CODE` ```BLOCK```',
  '> QUOTED\n> twice',
  '<at>Alex Wilber</at>',
  '<at id="0">Megan</at>',
  '&lt;at&gt;Adele&lt;/at&gt;',
  '[Approve here](https://evil.example/approve)',
  '![pixel](https://evil.example/p.png)',
  '**BOLD** __UNDER__',
  '# HEADING',
  '- LIST',
  '1. ORDERED',
  '<b>html</b> <i>x</i>',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  'https://evil.example/login?next=portal',
  '\u202Egro.live',
  '\u2066RTL\u2069 isolate',
  'zero\u200Bwidth\u200Cjoin\u200Dword\u2060joiner\uFEFF',
  '\u001b[31mRED\u001b[0m',
  'line\nbreak\r\nCRLF',
  'tab\there',
  'nul\u0000byte',
  'bell\u0007 del\u007f c1\u0085',
  'line\u2028separator\u2029para',
  '😀👩\u200D💻🏳\uFE0F\u200D🌈',
  'x'.repeat(400),
  '"quoted" \'single\' \\backslash\\',
  '--company-admin --infra-admin prod-eu',
  '{"c":"remove","a":{"email":"adelev@example.com"}}',
  ['$', '{process.env.SLACK_BOT_TOKEN}'].join(''),
  '%0d%0aSet-Cookie: x=1',
  '](https://evil.example)',
  '\\*not bold\\*',
];

/** A value for an argument that is not the one under attack, so the command gets as far as it can. */
function usual(command: string, arg: string): string | undefined {
  const table: Record<string, string> = {
    email: 'adelev@example.com',
    infra: 'prod-eu',
    env: 'perf',
    name: 'Ana Hostile',
    'infra-admin': 'prod-eu',
    member: 'prod-eu',
    for: '8h',
    platform: 'slack',
    phone: '+44 20 7946 0000',
    title: 'Deploys fail',
    since: '7d',
    kind: 'infra-admin',
    reason: 'hotfix',
    first: 'C0APPROVE',
    type: 'maintenance',
    rest: 'prod-eu Saturday upgrade',
    status: 'active',
  };
  if (arg === 'id')
    return command.startsWith('case') ? 'CS-1001' : command === 'link-guest' ? 'U0GUEST' : 'AR-1001';
  if (arg === 'page' || arg === 'second' || arg === 'command') return undefined;
  return table[arg];
}

const quote = (s: string) => `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

/** Every command line with `s` in one text argument (each argument in turn), the others usual. */
export function linesWith(s: string): string[] {
  const lines = [s];
  for (const c of commands()) {
    const slots = [...c.positionals, ...Object.keys(c.flags).filter((f) => c.flags[f] === 'string')];
    for (const target of slots) {
      const words = [c.name];
      for (const p of c.positionals) {
        const v = p === target ? s : usual(c.name, p);
        if (v !== undefined) words.push(quote(v));
      }
      for (const f of Object.keys(c.flags)) {
        if (c.flags[f] !== 'string') continue;
        const flag = f === 'role:*' ? 'role:prod-eu' : f;
        const v = f === target ? s : f === 'role:*' ? 'member' : undefined;
        if (v !== undefined) words.push(`--${flag}`, quote(v));
      }
      lines.push(words.join(' '));
    }
  }
  return lines;
}

/**
 * The string in every place a view can hold text, handed to the renderers directly: data the commands
 * refuse today (control characters in a name) must still be harmless if it ever gets through.
 */
export function syntheticViews(s: string): View[] {
  const all = (t: string) => [
    { kind: 'plain' as const, text: t },
    { kind: 'strong' as const, text: t },
    { kind: 'code' as const, text: t },
    { kind: 'member' as const, name: t, email: t },
  ];
  const ref = { name: 'team', args: { infra: s } };
  return [
    {
      title: s,
      audience: 'caller',
      tone: 'refusal',
      blocks: [
        { kind: 'text', text: all(s) },
        { kind: 'fields', fields: [[s, all(s)]] },
        { kind: 'table', columns: [s, s], rows: [[all(s), all(s)]] },
        {
          kind: 'actions',
          actions: [
            { label: s, command: ref, confirm: s },
            { label: s, command: ref, style: 'danger' },
          ],
        },
        { kind: 'pager', page: 1, pages: 2, command: ref },
      ],
    },
    {
      audience: 'conversation',
      blocks: [
        {
          kind: 'form',
          form: {
            title: s,
            submitLabel: s,
            submit: ref,
            usage: s,
            errors: { name: s },
            fields: [
              { kind: 'text', name: 'name', label: s, required: true, placeholder: s, initial: s },
              { kind: 'checkbox', name: 'box', label: s, initial: true, hint: s },
              { kind: 'select', name: 'pick', label: s, options: [{ value: 'a', label: s }], initial: 'a' },
            ],
          },
        },
      ],
    },
  ];
}

const ALEX = 'alexw@example.com';
const ADELE = 'adelev@example.com';
const MEGAN = 'meganb@example.com';

/**
 * Runs every line with `s` as a Company Admin, a Member and an Infra Admin, then the reads that show what
 * was stored (team, requests, cases, audit), and delivers the outbox (notices, request cards) through
 * fake chats. Returns every view produced.
 */
export async function viewsFor(s: string): Promise<View[]> {
  const app = memoryApp();
  const views: View[] = syntheticViews(s);
  for (const line of linesWith(s))
    for (const who of [ALEX, ADELE, MEGAN])
      views.push((await app.run({ chat: 'console', email: who }, { kind: 'text', text: line })).reply.view);
  for (const line of [
    'team',
    'team pending',
    'requests',
    'cases',
    'audit',
    'notifications',
    'who admins prod-eu',
    'security-contacts',
  ])
    views.push((await app.run({ chat: 'console', email: ALEX }, { kind: 'text', text: line })).reply.view);
  const slack = fakePort('slack');
  const teams = fakePort('teams');
  while ((await runOnce({ store: app.store, clock: app.clock, ports: [slack, teams], log: () => {} })) > 0);
  views.push(...slack.sent.map((x) => x.view), ...teams.sent.map((x) => x.view));
  return views;
}

// --- What breaking out looks like, per renderer --------------------------------------------------------

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point of this pattern.
const BIDI_OR_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

/** Where a Slack payload carries our own data (a button's command, a modal's metadata, ids): never shown. */
const HIDDEN = new Set([
  'value',
  'portal',
  'private_metadata',
  'action_id',
  'block_id',
  'callback_id',
  'verb',
]);

/** Strings of a JSON value, with the key each sits under. */
function strings(
  x: unknown,
  key = '',
  out: Array<[string, string, Record<string, unknown>]> = [],
  parent: Record<string, unknown> = {},
) {
  if (typeof x === 'string') out.push([key, x, parent]);
  else if (Array.isArray(x)) for (const v of x) strings(v, key, out, parent);
  else if (x && typeof x === 'object')
    for (const [k, v] of Object.entries(x)) strings(v, k, out, x as Record<string, unknown>);
  return out;
}

const withoutCodeSpans = (s: string) => s.replace(/`[^`\n]+`/g, '');

/** Slack: no raw `<` anywhere (no mention, channel, special or link), every mrkdwn verbatim, no styling or quote from user text. */
const SLACK_DATE_TOKEN = /<!date\^\d+\^\{date_short_pretty\}(?: \{time\})?\|[^<>|]*>/g;

export function slackProblems(view: View): string[] {
  const problems: string[] = [];
  const rendered: unknown[] = [renderBlocks(view, { surface: 'message' })];
  for (const b of view.blocks) if (b.kind === 'form') rendered.push(renderModal(b.form, '{}'));
  for (const r of rendered)
    for (const [key, value, parent] of strings(r)) {
      // Button values and metadata are our own payloads, never shown; everything else may be.
      if (!HIDDEN.has(key) && BIDI_OR_CONTROL.test(value.replaceAll('\n', '')))
        problems.push(`control or bidi in Slack ${key}: ${JSON.stringify(value.slice(0, 80))}`);
      if (key !== 'text') continue;
      // The renderer's own local-time tokens (an epoch and a fixed format, never user text) are the only `<` allowed.
      if (value.replace(SLACK_DATE_TOKEN, '').includes('<'))
        problems.push(`raw < in Slack text: ${value.slice(0, 120)}`);
      if (parent.type === 'mrkdwn') {
        if (parent.verbatim !== true) problems.push('a mrkdwn object without verbatim: true');
        const plain = withoutCodeSpans(value);
        for (const marker of ['*BOLD*', '_ITAL_', '~STRIKE~'])
          if (plain.includes(marker)) problems.push(`user text styles Slack: ${marker}`);
        if (/(^|\n)&gt;/.test(plain)) problems.push('user text quotes in Slack');
      }
    }
  return problems;
}

/** Every object in a JSON value. */
function nodes(x: unknown, out: Array<Record<string, unknown>> = []) {
  if (Array.isArray(x)) for (const v of x) nodes(v, out);
  else if (x && typeof x === 'object') {
    out.push(x as Record<string, unknown>);
    for (const v of Object.values(x)) nodes(v, out);
  }
  return out;
}

/** Teams: no raw `<` (no `<at>` mention, no HTML), no markdown link, emphasis or heading from user text, no mention entities. */
export function teamsProblems(view: View): string[] {
  const problems: string[] = [];
  const card = renderCard(view);
  const json = JSON.stringify(card);
  if (json.includes('"mention"') || json.includes('msteams'))
    problems.push('a mention entity in a Teams card');
  for (const [key, value] of strings(card))
    if (key !== 'portal' && key !== 'verb' && BIDI_OR_CONTROL.test(value.replaceAll('\n', '')))
      problems.push(`control or bidi in a Teams card: ${JSON.stringify(value.slice(0, 80))}`);
  // The properties Teams reads as markdown: TextBlock text, Fact title and value, Toggle title.
  const markdown: string[] = [];
  for (const n of nodes(card)) {
    if (n.type === 'TextBlock' && typeof n.text === 'string') markdown.push(n.text);
    if (n.type === 'Input.Toggle' && typeof n.title === 'string') markdown.push(n.title);
    if (n.type === 'FactSet' && Array.isArray(n.facts))
      for (const f of n.facts as Array<{ title: string; value: string }>) markdown.push(f.title, f.value);
  }
  for (const value of markdown) {
    if (value.includes('<')) problems.push(`raw < in Teams markdown: ${value.slice(0, 120)}`);
    if (/(^|[^\\])\]\(/.test(value)) problems.push(`a markdown link in Teams: ${value.slice(0, 120)}`);
    if (/(^|[^\\])\*\*BOLD/.test(value)) problems.push('user text emphasises in Teams');
    if (/^\s*#/.test(value)) problems.push('user text makes a Teams heading');
  }
  return problems;
}

/** Console: nothing that moves the cursor, colours, fakes a line or reorders text. */
export function consoleProblems(view: View): string[] {
  const { text } = renderText(view);
  return BIDI_OR_CONTROL.test(text)
    ? [`control or bidi in console text: ${JSON.stringify(text.slice(0, 120))}`]
    : [];
}

/** Every problem of every view, by renderer, for one hostile string. */
export async function breakouts(s: string): Promise<{ views: number; problems: string[] }> {
  const views = await viewsFor(s);
  const problems: string[] = [];
  for (const v of views) {
    for (const [name, check] of [
      ['slack', slackProblems],
      ['teams', teamsProblems],
      ['console', consoleProblems],
    ] as const) {
      try {
        problems.push(...check(v).map((p) => `${name}: ${p}`));
      } catch (e) {
        problems.push(`${name}: the renderer threw ${(e as Error).message}`);
      }
    }
  }
  return { views: views.length, problems: [...new Set(problems)] };
}

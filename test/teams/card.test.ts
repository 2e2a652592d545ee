// The Teams renderer: every real view becomes a valid Adaptive Card 1.5, user text stays inert, presses read back.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type AdaptiveCard,
  MAX_CARD_BYTES,
  readCardSubmission,
  renderCard,
  TABLE_CHUNK_ROWS,
} from '../../adapters/teams/render/card.ts';
import { escapeTeamsText, replaceControls, spansToMarkdown } from '../../adapters/teams/render/escape.ts';
import { findCommand } from '../../src/commands/registry.ts';
import type { StoreData } from '../../src/domain/schemas.ts';
import { decodeAction, encodeAction } from '../../src/views/action-codec.ts';
import {
  code,
  type FormSpec,
  memberRef,
  plain,
  strong,
  text,
  type View,
  view,
} from '../../src/views/view.ts';
import { reviewCard } from '../../src/workflow/review-card.ts';
import { memoryApp, type TestApp } from '../fakes/app.ts';

// ---------------------------------------------------------------------------------------------------
// Checkers: the adaptivecards parser, the shipped 1.5 JSON schema, and our own rules for actions.

type AcEvent = { phase: number; event: number; message: string };
type AcContext = { eventCount: number; getEventAt(i: number): AcEvent };
type AcModule = {
  AdaptiveCard: new () => {
    parse(json: unknown, ctx: AcContext): void;
    validateProperties(): { validationEvents: AcEvent[] };
  };
  SerializationContext: new () => AcContext;
  ValidationEvent: Record<number, string>;
};
// The package's ESM entry does not load in Node; its UMD bundle does.
const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as AcModule;

/** Every event the parser logs while parsing, and every one its validation pass reports (none is fine). */
function parserProblems(card: AdaptiveCard): string[] {
  const ac = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext();
  ac.parse(card, ctx);
  const events: AcEvent[] = [];
  for (let i = 0; i < ctx.eventCount; i++) events.push(ctx.getEventAt(i));
  events.push(...ac.validateProperties().validationEvents);
  return events.map((e) => `${AC.ValidationEvent[e.event] ?? e.event}: ${e.message}`);
}

const schema = JSON.parse(
  readFileSync(new URL('../../adapters/teams/render/adaptive-card-1.5.schema.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const draft06 = createRequire(import.meta.url)('ajv/dist/refs/json-schema-draft-06.json') as Record<
  string,
  unknown
>;
// strict off: the schema is draft-06 (`id`) and carries its own annotations (`version`, `features`).
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addMetaSchema(draft06);
addFormats.default(ajv);
// Ajv 8 knows the draft-06 schema id only as `$id`; the shipped file stays as Microsoft publishes it.
const { id: schemaId, ...schemaBody } = schema;
const validateSchema = ajv.compile({ $id: String(schemaId), ...schemaBody });

function schemaProblems(card: AdaptiveCard): string[] {
  if (validateSchema(card)) return [];
  return (validateSchema.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

/** Every object in the card with `type: 'Action.Execute'`, however deep (ShowCards, refresh). */
function executes(node: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(node)) return node.flatMap(executes);
  if (!isObject(node)) return [];
  const inner = Object.values(node).flatMap(executes);
  return node.type === 'Action.Execute' ? [node, ...inner] : inner;
}

function elementsOfType(node: unknown, type: string): Array<Record<string, unknown>> {
  if (Array.isArray(node)) return node.flatMap((n) => elementsOfType(n, type));
  if (!isObject(node)) return [];
  const inner = Object.values(node).flatMap((n) => elementsOfType(n, type));
  return node.type === type ? [node, ...inner] : inner;
}

const bytes = (card: AdaptiveCard) => new TextEncoder().encode(JSON.stringify(card)).length;

/** All the checks a card from a real view must pass; returns the problems, so a failure says what broke. */
function cardProblems(card: AdaptiveCard): string[] {
  const problems = [...parserProblems(card).map((p) => `parser: ${p}`)];
  problems.push(...schemaProblems(card).map((p) => `schema: ${p}`));
  const verbs: string[] = [];
  for (const a of executes(card)) {
    if (typeof a.verb !== 'string' || a.verb === '')
      problems.push(`execute without verb: ${JSON.stringify(a)}`);
    else verbs.push(a.verb);
    const data = a.data;
    const ref = isObject(data) ? decodeAction(data.portal) : null;
    if (ref === null) problems.push(`data.portal does not decode: ${JSON.stringify(data)}`);
    else if (findCommand(ref.name) === undefined) problems.push(`no command ${ref.name}`);
  }
  const dupes = verbs.filter((v, i) => verbs.indexOf(v) !== i);
  if (dupes.length) problems.push(`duplicate verbs: ${dupes.join(', ')}`);
  if (bytes(card) >= 28 * 1024) problems.push(`card is ${bytes(card)} bytes`);
  return problems;
}

// ---------------------------------------------------------------------------------------------------

const ALEX = 'alexw@example.com'; // Company Admin
const MEGAN = 'meganb@example.com'; // Infra Admin of prod-eu, Security

const REAL_LINES: Array<[who: string, line: string]> = [
  [ALEX, 'team'],
  [ALEX, 'team pending'],
  [ALEX, 'team contacts'],
  [ALEX, 'team --page 2'],
  [ALEX, 'who admins prod-eu'],
  [ALEX, 'whoami'],
  [ALEX, 'help'],
  [ALEX, 'help invite'],
  [ALEX, 'invite'],
  [MEGAN, 'invite'],
  [ALEX, 'invite x@example.com --member prod-eu'],
  [ALEX, 'slots prod-eu'],
  [ALEX, 'license dev-eu'],
  [ALEX, 'cases'],
  [ALEX, 'security-contacts'],
  [MEGAN, 'security-contacts'],
  [ALEX, 'audit'],
  [ALEX, 'audit verify'],
  [MEGAN, 'grant company-admin alexw@example.com'], // denied
  [ALEX, 'invite not-an-email'], // invalid
  [ALEX, 'frobnicate'], // unknown
  [ALEX, 'remove x@example.com --confirm'], // no such member
  ['nobody@example.com', 'team'], // unknown user
  [ALEX, 'review start prod-eu'],
  [MEGAN, 'review status RV-1001'],
  [ALEX, 'review status'],
];

describe('renderCard over every view the real commands produce', () => {
  const views: Array<[string, View]> = [];

  beforeAll(async () => {
    const app = memoryApp();
    for (const [who, line] of REAL_LINES) {
      const r = await app.say(who, line);
      views.push([`${who}: ${line}`, r.outcome.reply.view]);
    }
    // The access review card is sent by the outbox, not answered: drawn here from the review just started.
    const c = (await app.data()).companies[0];
    const review = c?.reviews[0];
    if (!c || !review) throw new Error('the review did not start');
    views.push(['the review card for Megan', reviewCard(c, review, MEGAN, 1)]);
    // (No command returns a form with per-field errors yet; the form tests below cover that with FORM.)
  });

  it('covers forms, pagers and actions that ask first', () => {
    expect(views.length).toBe(REAL_LINES.length + 1);
    expect(views.some(([, v]) => v.blocks.some((b) => b.kind === 'form'))).toBe(true);
    expect(views.some(([, v]) => v.blocks.some((b) => b.kind === 'pager'))).toBe(true);
    expect(
      views.some(([, v]) => v.blocks.some((b) => b.kind === 'actions' && b.actions.some((a) => a.confirm))),
    ).toBe(true);
  });

  it('each card parses cleanly, validates against the 1.5 schema, has unique verbs and decodable commands, fits', () => {
    const failures = views.flatMap(([name, v]) => cardProblems(renderCard(v)).map((p) => `${name}: ${p}`));
    expect(failures).toEqual([]);
  });

  it('no table row is lost, and every action has a button', () => {
    for (const [name, v] of views) {
      const card = renderCard(v);
      const tableRows = elementsOfType(card, 'Table').reduce(
        (n, t) => n + (Array.isArray(t.rows) ? t.rows.length - 1 : 0),
        0,
      );
      const viewRows = v.blocks.reduce((n, b) => n + (b.kind === 'table' ? b.rows.length : 0), 0);
      expect(tableRows, name).toBe(viewRows);
      const viewButtons = v.blocks.reduce(
        (n, b) =>
          n +
          (b.kind === 'actions'
            ? b.actions.length
            : b.kind === 'form'
              ? 1
              : b.kind === 'pager'
                ? Number(b.page > 1) + Number(b.page < b.pages)
                : 0),
        0,
      );
      expect(executes(card).length, name).toBe(viewButtons);
    }
  });

  it('still validates with a refresh action', () => {
    const [, v] = views[0] ?? ['', view([])];
    const card = renderCard(v, {
      refresh: {
        verb: 'portal:refresh:0',
        data: { portal: encodeAction({ name: 'team', args: {} }) },
        userIds: ['29:1'],
      },
    });
    expect(cardProblems(card)).toEqual([]);
  });
});

describe('the checkers themselves', () => {
  it('the parser and the schema both catch a broken card', () => {
    const broken = {
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.5',
      body: [{ type: 'TextBlock', text: 'x', color: 'Pink' }, { type: 'Bogus' }],
    } as unknown as AdaptiveCard;
    expect(parserProblems(broken).length).toBeGreaterThan(0);
    expect(schemaProblems(broken).length).toBeGreaterThan(0);
  });

  it('our rules catch a missing verb and a duplicate one', () => {
    const portal = encodeAction({ name: 'team', args: {} });
    const card = renderCard(view([]));
    card.body.push({
      type: 'ActionSet',
      actions: [
        { type: 'Action.Execute', verb: '', title: 'a', data: { portal }, associatedInputs: 'none' },
        { type: 'Action.Execute', verb: 'v', title: 'b', data: { portal }, associatedInputs: 'none' },
        { type: 'Action.Execute', verb: 'v', title: 'c', data: { portal }, associatedInputs: 'none' },
      ],
    });
    expect(cardProblems(card)).toEqual([
      expect.stringContaining('execute without verb'),
      'duplicate verbs: v',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------

describe('escapeTeamsText', () => {
  it('neutralises links, mentions, emphasis and headings', () => {
    expect(escapeTeamsText('[click](https://evil.example) <at>Boss</at> **x** # head')).toBe(
      '\\[click\\]\\(https://evil.example) &lt;at&gt;Boss&lt;/at&gt; \\*\\*x\\*\\* \\# head',
    );
    expect(escapeTeamsText('![img](https://evil.example/x.png)')).toBe(
      '!\\[img\\]\\(https://evil.example/x.png)',
    );
    expect(escapeTeamsText('_it_ `code` <b>bold</b>')).toBe('\\_it\\_ \\`code\\` &lt;b&gt;bold&lt;/b&gt;');
  });

  it('escapes list markers only at the start of a line', () => {
    expect(escapeTeamsText('- item')).toBe('\\- item');
    expect(escapeTeamsText('+ item')).toBe('\\+ item');
    expect(escapeTeamsText('  - item')).toBe('  \\- item');
    expect(escapeTeamsText('1. first')).toBe('1\\. first');
    expect(escapeTeamsText('2) second')).toBe('2\\) second');
    expect(escapeTeamsText('> quote')).toBe('&gt; quote');
    expect(escapeTeamsText('a - b, 2026-11-28, v1.2')).toBe('a - b, 2026-11-28, v1.2');
  });

  it('keeps ordinary names, emails and parentheses readable', () => {
    expect(escapeTeamsText('Development Europe (dev-eu)')).toBe('Development Europe (dev-eu)');
    expect(escapeTeamsText('AT&T')).toBe('AT&T');
    expect(escapeTeamsText('first_last@example.com')).toBe('first\\_last@example.com');
  });

  it('shows entity-like text and backslashes as typed', () => {
    expect(escapeTeamsText('&amp; &#60; &lt;')).toBe('&amp;amp; &amp;\\#60; &amp;lt;');
    expect(escapeTeamsText('a\\*b')).toBe('a\\\\\\*b');
  });

  it('replaces control characters, line separators and bidi overrides', () => {
    expect(escapeTeamsText('a\nb\r\tc\u0000d\u007fe\u0085f\u2028g\u202eh\u2066i')).toBe(
      'a\uFFFDb\uFFFD\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFDg\uFFFDh\uFFFDi',
    );
    expect(replaceControls('Resend to A\nB [x]')).toBe('Resend to A\uFFFDB [x]');
  });
});

describe('spansToMarkdown', () => {
  it('bolds strong, leaves code plain, shows a member as Name (email)', () => {
    expect(
      spansToMarkdown([
        plain('Hi '),
        strong('there '),
        plain('run '),
        code('team --page 2'),
        plain(' - '),
        memberRef({ name: 'Alex Wilber', email: 'alexw@example.com' }),
      ]),
    ).toBe('Hi **there** run team --page 2 - Alex Wilber (alexw@example.com)');
  });

  it('never makes a mention or a link of a member, and shows a nameless member by email', () => {
    expect(spansToMarkdown([memberRef({ name: '<at>Boss</at>', email: 'boss@example.com' })])).toBe(
      '&lt;at&gt;Boss&lt;/at&gt; (boss@example.com)',
    );
    expect(spansToMarkdown([memberRef({ name: '[Boss]', email: 'x@evil.example' })])).toBe(
      '\\[Boss\\] (x@evil.example)',
    );
    expect(spansToMarkdown([memberRef({ name: '', email: 'a_b@example.com' })])).toBe('a\\_b@example.com');
  });

  it('escapes user text inside strong, and list markers only where the line starts', () => {
    expect(spansToMarkdown([strong('**x**')])).toBe('**\\*\\*x\\*\\***');
    expect(spansToMarkdown([plain(''), plain('- not a list')])).toBe('\\- not a list');
    expect(spansToMarkdown([plain('a '), plain('- b')])).toBe('a - b');
  });
});

// ---------------------------------------------------------------------------------------------------

const HOSTILE = '[click](https://evil.example) <at>Boss</at> **x** # head';
const HOSTILE_MD = '\\[click\\]\\(https://evil.example) &lt;at&gt;Boss&lt;/at&gt; \\*\\*x\\*\\* \\# head';

describe('hostile text through the real commands', () => {
  let app: TestApp;
  beforeAll(() => {
    app = memoryApp((d: StoreData) => {
      const company = d.companies[0];
      if (!company) throw new Error('no demo company');
      company.name = HOSTILE;
      for (const m of company.members) if (m.email === 'jonis@example.com') m.name = HOSTILE;
    });
  });

  const cardFor = async (who: string, line: string) => {
    const r = await app.say(who, line);
    const card = renderCard(r.outcome.reply.view);
    expect(cardProblems(card)).toEqual([]);
    return card;
  };

  it('a hostile member name is inert in a table cell and a button title', async () => {
    const card = await cardFor(ALEX, 'team pending');
    const texts = elementsOfType(card, 'TextBlock').map((t) => t.text);
    expect(texts).toContain(`${HOSTILE_MD} (jonis@example.com)`);
    const titles = executes(card).map((a) => a.title);
    // Button titles are plain text in Teams (no markdown): shown as typed, nothing to escape.
    expect(titles).toContain(`Resend to ${HOSTILE}`);
  });

  it('a hostile company name is inert in the title', async () => {
    const card = await cardFor(ALEX, 'team');
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: `${HOSTILE_MD} team`, size: 'Large' });
  });

  it('no markdown-read text anywhere holds a raw tag or a link', async () => {
    for (const line of ['team', 'team pending', 'whoami', 'who admins prod-eu']) {
      const card = await cardFor(ALEX, line);
      const markdown = [
        ...elementsOfType(card, 'TextBlock').map((t) => String(t.text)),
        ...elementsOfType(card, 'FactSet').flatMap((f) =>
          Array.isArray(f.facts)
            ? f.facts.flatMap((x: Json) => (isObject(x) ? [String(x.title), String(x.value)] : []))
            : [],
        ),
      ];
      for (const t of markdown) {
        expect(t).not.toMatch(/<|\]\(|(^|[^\\])\*\*x/);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------------

const cmd = (name: string, args: Record<string, string> = {}) => ({ name, args });

describe('renderCard, block by block', () => {
  it('title, text and fields', () => {
    const card = renderCard(
      view(
        [
          { kind: 'text', text: text('Hello ', strong('you')) },
          { kind: 'fields', fields: [['Name', text(memberRef({ name: 'Al', email: 'al@example.com' }))]] },
          { kind: 'text', text: text(code('help')) },
        ],
        { title: 'Who *you* are' },
      ),
    );
    expect(card).toEqual({
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.5',
      body: [
        {
          type: 'TextBlock',
          text: 'Who \\*you\\* are',
          wrap: true,
          size: 'Large',
          weight: 'Bolder',
          style: 'heading',
        },
        { type: 'TextBlock', text: 'Hello **you**', wrap: true },
        { type: 'FactSet', facts: [{ title: 'Name', value: 'Al (al@example.com)' }] },
        { type: 'TextBlock', text: 'help', wrap: true, fontType: 'Monospace' },
      ],
    });
  });

  it('tone colours the first TextBlock', () => {
    const refusal = renderCard(view([{ kind: 'text', text: text('No.') }], { tone: 'refusal' }));
    expect(refusal.body[0]).toMatchObject({ text: 'No.', color: 'Attention' });
    const error = renderCard(view([{ kind: 'text', text: text('Bad.') }], { tone: 'error', title: 'Oops' }));
    expect(error.body[0]).toMatchObject({ text: 'Oops', color: 'Attention' });
    expect(error.body[1]).not.toHaveProperty('color');
    const success = renderCard(view([{ kind: 'text', text: text('Done.') }], { tone: 'success' }));
    expect(success.body[0]).toMatchObject({ color: 'Good' });
    const info = renderCard(view([{ kind: 'text', text: text('Hi.') }], { tone: 'info' }));
    expect(info.body[0]).not.toHaveProperty('color');
  });

  it('actions: one ActionSet per block, unique verbs, the command in data.portal, styles', () => {
    const card = renderCard(
      view([
        {
          kind: 'actions',
          actions: [
            { label: 'Resend', command: cmd('resend', { email: 'a@example.com' }), style: 'primary' },
            { label: 'Remove', command: cmd('remove', { email: 'a@example.com' }), style: 'danger' },
          ],
        },
        {
          kind: 'actions',
          actions: [{ label: 'Resend again', command: cmd('resend', { email: 'a@example.com' }) }],
        },
        { kind: 'actions', actions: [] },
      ]),
    );
    expect(card.body).toEqual([
      {
        type: 'ActionSet',
        actions: [
          {
            type: 'Action.Execute',
            verb: 'portal:resend:1',
            title: 'Resend',
            data: { portal: '{"c":"resend","a":{"email":"a@example.com"}}' },
            style: 'positive',
            associatedInputs: 'none',
          },
          {
            type: 'Action.Execute',
            verb: 'portal:remove:2',
            title: 'Remove',
            data: { portal: '{"c":"remove","a":{"email":"a@example.com"}}' },
            style: 'destructive',
            associatedInputs: 'none',
          },
        ],
      },
      {
        type: 'ActionSet',
        actions: [
          {
            type: 'Action.Execute',
            verb: 'portal:resend:3',
            title: 'Resend again',
            data: { portal: '{"c":"resend","a":{"email":"a@example.com"}}' },
            associatedInputs: 'none',
          },
        ],
      },
    ]);
  });

  it('an action that asks first is a ShowCard holding the question and "Yes, <label>"', () => {
    const card = renderCard(
      view([
        {
          kind: 'actions',
          actions: [
            {
              label: 'Release dev',
              command: cmd('slot release', { infra: 'prod-eu', env: 'dev' }),
              style: 'danger',
              confirm: 'Release the slot of dev on prod-eu? The environment stops being licensed.',
            },
          ],
        },
      ]),
    );
    expect(card.body).toEqual([
      {
        type: 'ActionSet',
        actions: [
          {
            type: 'Action.ShowCard',
            title: 'Release dev',
            style: 'destructive',
            card: {
              type: 'AdaptiveCard',
              body: [
                {
                  type: 'TextBlock',
                  text: 'Release the slot of dev on prod-eu? The environment stops being licensed.',
                  wrap: true,
                },
              ],
              actions: [
                {
                  type: 'Action.Execute',
                  verb: 'portal:slot.release:1',
                  title: 'Yes, Release dev',
                  data: { portal: encodeAction(cmd('slot release', { infra: 'prod-eu', env: 'dev' })) },
                  style: 'destructive',
                  associatedInputs: 'none',
                },
              ],
            },
          },
        ],
      },
    ]);
    expect(cardProblems(card)).toEqual([]);
  });

  it('pager: the page, and Previous/Next only where there is a page to go to', () => {
    const pager = (page: number) =>
      renderCard(view([{ kind: 'pager', page, pages: 3, command: cmd('team', { status: 'all' }) }])).body;
    expect(pager(1)).toEqual([
      { type: 'TextBlock', text: 'Page 1 of 3', wrap: true, isSubtle: true },
      {
        type: 'ActionSet',
        actions: [
          {
            type: 'Action.Execute',
            verb: 'portal:team:1',
            title: 'Next',
            data: { portal: encodeAction(cmd('team', { status: 'all', page: '2' })) },
            associatedInputs: 'none',
          },
        ],
      },
    ]);
    expect(
      executes(pager(2)).map((a) => [a.title, decodeAction((a.data as { portal: string }).portal)]),
    ).toEqual([
      ['Previous', cmd('team', { status: 'all', page: '1' })],
      ['Next', cmd('team', { status: 'all', page: '3' })],
    ]);
    expect(pager(3).length).toBe(2);
    expect(renderCard(view([{ kind: 'pager', page: 1, pages: 1, command: cmd('team') }])).body).toEqual([
      { type: 'TextBlock', text: 'Page 1 of 1', wrap: true, isSubtle: true },
    ]);
  });

  it('refresh: a Universal Actions refresh clause', () => {
    const data = { portal: encodeAction(cmd('team')) };
    expect(
      renderCard(view([]), { refresh: { verb: 'portal:team:0', data, userIds: ['29:abc'] } }).refresh,
    ).toEqual({
      action: { type: 'Action.Execute', verb: 'portal:team:0', data },
      userIds: ['29:abc'],
    });
    expect(renderCard(view([]), { refresh: { verb: 'portal:team:0', data } }).refresh).toEqual({
      action: { type: 'Action.Execute', verb: 'portal:team:0', data },
    });
    expect(renderCard(view([]))).not.toHaveProperty('refresh');
  });
});

const FORM: FormSpec = {
  title: 'Add team member',
  submitLabel: 'Invite',
  submit: cmd('invite', { source: 'form' }),
  fields: [
    { kind: 'text', name: 'email', label: 'Email', required: true, placeholder: 'ana@example.com' },
    { kind: 'text', name: 'name', label: 'Name', required: false, initial: 'Ana' },
    {
      kind: 'checkbox',
      name: 'company-admin',
      label: 'Company Admin',
      initial: true,
      hint: 'Manages *everything*',
    },
    {
      kind: 'select',
      name: 'role:prod-eu',
      label: 'Production Europe (prod-eu)',
      initial: 'none',
      options: [
        { value: 'none', label: 'No access' },
        { value: 'member', label: 'Member' },
      ],
    },
  ],
  errors: { email: 'expected an email address', team: 'the team is full' },
};

describe('renderCard: forms', () => {
  it('renders inputs by field, errors next to their field, and a submit that gathers the inputs', () => {
    const card = renderCard(view([{ kind: 'form', form: FORM }]));
    expect(card.body).toEqual([
      { type: 'TextBlock', text: 'Add team member', wrap: true, size: 'Medium', weight: 'Bolder' },
      {
        type: 'Input.Text',
        id: 'email',
        label: 'Email',
        isRequired: true,
        errorMessage: 'Required',
        placeholder: 'ana@example.com',
        maxLength: 500,
      },
      {
        type: 'TextBlock',
        text: '! expected an email address',
        wrap: true,
        color: 'Attention',
        spacing: 'None',
      },
      { type: 'Input.Text', id: 'name', label: 'Name', isRequired: false, value: 'Ana', maxLength: 500 },
      {
        type: 'Input.Toggle',
        id: 'company-admin',
        title: 'Company Admin',
        value: 'true',
        valueOn: 'true',
        valueOff: 'false',
        wrap: true,
      },
      {
        type: 'TextBlock',
        text: 'Manages \\*everything\\*',
        wrap: true,
        isSubtle: true,
        size: 'Small',
        spacing: 'None',
      },
      {
        type: 'Input.ChoiceSet',
        id: 'role:prod-eu',
        label: 'Production Europe (prod-eu)',
        style: 'compact',
        value: 'none',
        choices: [
          { title: 'No access', value: 'none' },
          { title: 'Member', value: 'member' },
        ],
      },
      {
        type: 'TextBlock',
        text: '! team: the team is full',
        wrap: true,
        color: 'Attention',
        spacing: 'None',
      },
      {
        type: 'ActionSet',
        actions: [
          {
            type: 'Action.Execute',
            verb: 'portal:invite:1',
            title: 'Invite',
            data: { portal: encodeAction(FORM.submit) },
            style: 'positive',
            associatedInputs: 'auto',
          },
        ],
      },
    ]);
    expect(cardProblems(card)).toEqual([]);
  });

  it('refuses a field named like the command key', () => {
    const bad: FormSpec = {
      ...FORM,
      fields: [{ kind: 'text', name: 'portal', label: 'P', required: false }],
    };
    expect(() => renderCard(view([{ kind: 'form', form: bad }]))).toThrow(/reserved/);
  });

  it('what Teams sends back on submit reads as the form command with the typed values', () => {
    const card = renderCard(view([{ kind: 'form', form: FORM }]));
    const submit = executes(card)[0];
    // Teams merges the input values into the action's data, keyed by input id.
    const data = {
      ...(submit?.data as object),
      email: 'ana@example.com',
      name: 'Ana Lima',
      'company-admin': 'false',
      'role:prod-eu': 'member',
    };
    expect(readCardSubmission(data, FORM)).toEqual({
      ref: cmd('invite', {
        source: 'form',
        email: 'ana@example.com',
        name: 'Ana Lima',
        'company-admin': 'false',
        'role:prod-eu': 'member',
      }),
      inputs: {
        email: 'ana@example.com',
        name: 'Ana Lima',
        'company-admin': 'false',
        'role:prod-eu': 'member',
      },
    });
  });
});

describe('renderCard: big tables', () => {
  const rows = (n: number, width = 10) =>
    Array.from({ length: n }, (_, i) => [
      text(memberRef({ name: `Person ${i}`, email: `p${i}@example.com` })),
      text('x'.repeat(width)),
    ]);
  const tableView = (n: number, width?: number) =>
    view([
      { kind: 'text', text: text(`${n} members.`) },
      { kind: 'table', columns: ['Member', 'Note'], rows: rows(n, width) },
    ]);

  it('splits a long table into tables of 100 rows, each with its header', () => {
    const card = renderCard(tableView(250, 1), { maxBytes: 10_000_000 });
    const tables = elementsOfType(card, 'Table');
    expect(tables.map((t) => (t.rows as unknown[]).length)).toEqual([
      TABLE_CHUNK_ROWS + 1,
      TABLE_CHUNK_ROWS + 1,
      51,
    ]);
    for (const t of tables) expect(JSON.stringify((t.rows as unknown[])[0])).toContain('"Member"');
    expect(JSON.stringify(card)).toContain('Person 249 (p249@example.com)');
  });

  it('an empty table keeps its header', () => {
    const card = renderCard(view([{ kind: 'table', columns: ['A', 'B'], rows: [] }]));
    expect(elementsOfType(card, 'Table').map((t) => (t.rows as unknown[]).length)).toEqual([1]);
    expect(cardProblems(card)).toEqual([]);
  });

  it('a short row gets empty cells, and an empty field value is still a fact', () => {
    const card = renderCard(
      view([
        { kind: 'table', columns: ['A', 'B'], rows: [[text('only a')], []] },
        { kind: 'fields', fields: [['Note', []]] },
      ]),
    );
    const cells = elementsOfType(card, 'TableCell').map((c) => JSON.stringify(c.items));
    expect(cells.slice(2)).toEqual([
      '[{"type":"TextBlock","text":"only a","wrap":true}]',
      '[{"type":"TextBlock","text":"","wrap":true}]',
      '[{"type":"TextBlock","text":"","wrap":true}]',
      '[{"type":"TextBlock","text":"","wrap":true}]',
    ]);
    expect(card.body[1]).toEqual({ type: 'FactSet', facts: [{ title: 'Note', value: '' }] });
    expect(cardProblems(card)).toEqual([]);
  });

  it('keeps a huge table under the size limit and says how many rows are not shown', () => {
    const card = renderCard(tableView(2000, 40));
    expect(bytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(cardProblems(card)).toEqual([]);
    const shown = elementsOfType(card, 'Table').reduce((n, t) => n + (t.rows as unknown[]).length - 1, 0);
    expect(shown).toBeGreaterThan(20);
    const last = card.body[card.body.length - 1];
    expect(last).toMatchObject({ type: 'TextBlock', color: 'Attention' });
    expect(String(last && 'text' in last ? last.text : '')).toBe(
      `${2000 - shown} of 2000 rows are not shown: the card would be too large for Teams. Narrow the list with the command's filters or pages (see help) to see them.`,
    );
    // As many as fit: one more row would not.
    expect(bytes(renderCard(tableView(2000, 40), { maxBytes: 10_000_000 }))).toBeGreaterThan(MAX_CARD_BYTES);
  });

  it('a table that fits is not trimmed', () => {
    const card = renderCard(tableView(60));
    expect(elementsOfType(card, 'Table').reduce((n, t) => n + (t.rows as unknown[]).length - 1, 0)).toBe(60);
    expect(JSON.stringify(card)).not.toContain('not shown');
  });
});

// ---------------------------------------------------------------------------------------------------

describe('readCardSubmission', () => {
  const portal = encodeAction(cmd('resend', { email: 'a@example.com' }));

  it('reads the command back, merging string inputs over its arguments', () => {
    expect(readCardSubmission({ portal })).toEqual({
      ref: cmd('resend', { email: 'a@example.com' }),
      inputs: {},
    });
    expect(readCardSubmission({ portal, email: 'b@example.com', note: 'hi', count: 3, flag: true })).toEqual({
      ref: cmd('resend', { email: 'b@example.com', note: 'hi' }),
      inputs: { email: 'b@example.com', note: 'hi' },
    });
  });

  it('with a form, takes only its fields, and only for its own command', () => {
    const data = {
      portal: encodeAction(FORM.submit),
      email: 'a@example.com',
      evil: 'x',
      'role:prod-eu': 'member',
    };
    expect(readCardSubmission(data, FORM)).toEqual({
      ref: cmd('invite', { source: 'form', email: 'a@example.com', 'role:prod-eu': 'member' }),
      inputs: { email: 'a@example.com', 'role:prod-eu': 'member' },
    });
    // Another button on the same card: the form's inputs are not its arguments.
    expect(readCardSubmission({ portal, email: 'b@example.com' }, FORM)).toEqual({
      ref: cmd('resend', { email: 'a@example.com' }),
      inputs: {},
    });
  });

  it('rejects garbage', () => {
    for (const bad of [
      null,
      undefined,
      'portal',
      42,
      [],
      [portal],
      {},
      { portal: '' },
      { portal: 7 },
      { portal: 'not json' },
      { portal: '{"c":"resend"' },
      { portal: '{"c":1,"a":{}}' },
      { portal: '{"c":"resend","a":{"email":5}}' },
      { portal: JSON.stringify({ c: 'x', a: {} }).padEnd(3000, ' ') },
      { portal, email: 'x'.repeat(501) },
      { portal, ...Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) },
    ])
      expect(readCardSubmission(bad), JSON.stringify(bad)?.slice(0, 80)).toBeNull();
  });

  it('ignores keys that could not be an input, and pollutes no prototype', () => {
    const data: unknown = JSON.parse(
      `{"portal":${JSON.stringify(portal)},"__proto__":{"polluted":"yes"},"constructor":"x","bad key":"y","":"z"}`,
    );
    const read = readCardSubmission(data);
    expect(read?.ref).toEqual(cmd('resend', { email: 'a@example.com', constructor: 'x' }));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(read?.ref.args)).toBe(Object.prototype);
  });
});

// Block Kit rendering: every view the commands produce fits Slack's limits, and user text stays inert.
import { readFileSync } from 'node:fs';
import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { blockBudget, OPEN_FORM, renderBlocks, type Surface } from '../../adapters/slack/render/blocks.ts';
import { renderHome } from '../../adapters/slack/render/home.ts';
import { formErrors, readSubmission, renderModal } from '../../adapters/slack/render/modal.ts';
import { escapeMrkdwn, spansToMrkdwn, stripControls, ZWSP } from '../../adapters/slack/render/mrkdwn.ts';
import { findCommand } from '../../src/commands/registry.ts';
import { decodeAction, isPortalActionId } from '../../src/views/action-codec.ts';
import {
  type Action,
  type Block,
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
import { memoryApp } from '../fakes/app.ts';

const HOSTILE = '<!channel> *boss* <@U123> <https://evil.example|click>';
const HOSTILE_MRKDWN = `&lt;!channel&gt; *${ZWSP}boss*${ZWSP} &lt;@U123&gt; &lt;https://evil.example|click&gt;`;
const cmd = (name: string, args: Record<string, string> = {}) => ({ name, args });

/** Every plain_text and mrkdwn string in a payload. */
function texts(x: unknown): string[] {
  if (Array.isArray(x)) return x.flatMap(texts);
  if (typeof x !== 'object' || x === null) return [];
  const o = x as Record<string, unknown>;
  const own = (o.type === 'plain_text' || o.type === 'mrkdwn') && typeof o.text === 'string' ? [o.text] : [];
  return [...own, ...Object.values(o).flatMap(texts)];
}

/** Slack's limits, the codec round trip and escaping, as a list of problems (empty when all hold). */
function problems(blocks: KnownBlock[], surface: Surface): string[] {
  const out: string[] = [];
  const ids: string[] = [];
  const fail = (cond: boolean, msg: string) => {
    if (!cond) out.push(msg);
  };
  const checkValue = (value: string | undefined, where: string) => {
    const ref = decodeAction(value);
    const name = ref?.name === OPEN_FORM ? ref.args.command : ref?.name;
    fail(name !== undefined && findCommand(name) !== undefined, `${where}: ${value} is not a real command`);
  };
  fail(blocks.length <= blockBudget(surface), `${blocks.length} blocks on a ${surface}`);
  blocks.forEach((b, i) => {
    const at = `block ${i} (${b.type})`;
    switch (b.type) {
      case 'header':
        fail(b.text.text.length <= 150, `${at}: header over 150`);
        break;
      case 'section':
        fail(b.text !== undefined || (b.fields?.length ?? 0) > 0, `${at}: empty section`);
        if (b.text) fail(b.text.text.length >= 1 && b.text.text.length <= 3000, `${at}: text length`);
        fail((b.fields?.length ?? 0) <= 10, `${at}: more than 10 fields`);
        for (const f of b.fields ?? [])
          fail(f.text.length >= 1 && f.text.length <= 2000, `${at}: field length`);
        break;
      case 'context':
        fail(b.elements.length >= 1 && b.elements.length <= 10, `${at}: context elements`);
        break;
      case 'actions':
        fail(b.elements.length >= 1 && b.elements.length <= 25, `${at}: elements`);
        for (const e of b.elements) {
          if ('action_id' in e && e.action_id !== undefined) ids.push(e.action_id);
          if (e.type === 'button') {
            fail(e.text.text.length <= 75, `${at}: button text`);
            fail((e.value?.length ?? 0) <= 2000, `${at}: button value`);
            fail(isPortalActionId(e.action_id ?? ''), `${at}: action_id ${e.action_id}`);
            checkValue(e.value, at);
            if (e.confirm) {
              fail((e.confirm.title?.text.length ?? 0) <= 100, `${at}: confirm title`);
              fail(e.confirm.text.text.length <= 300, `${at}: confirm text`);
            }
          } else if (e.type === 'overflow') {
            fail(e.options.length >= 2 && e.options.length <= 5, `${at}: overflow options`);
            for (const o of e.options) {
              fail(o.text.text.length <= 75 && (o.value?.length ?? 0) <= 150, `${at}: option size`);
              checkValue(o.value, at);
            }
          } else out.push(`${at}: unexpected element ${e.type}`);
        }
        break;
      case 'input':
        fail(surface === 'modal', `${at}: input outside a modal`);
        fail(b.label.text.length <= 2000, `${at}: label`);
        if (b.element.type === 'static_select')
          fail((b.element.options?.length ?? 0) <= 100, `${at}: options`);
        break;
      default:
        out.push(`${at}: unexpected block type`);
    }
  });
  fail(new Set(ids).size === ids.length, `duplicate action_ids: ${ids.join(', ')}`);
  for (const t of texts(blocks)) {
    // Our own date tokens are the one markup allowed: Slack shows them in the reader's time zone.
    const own = t.replace(/<!date\^\d+\^\{date_short_pretty\}(?: \{time\})?\|[^<>|]*>/g, '');
    fail(!own.includes('<'), `raw < in ${JSON.stringify(t)}`);
    fail(!/&(?!amp;|lt;|gt;)/.test(t), `unescaped & in ${JSON.stringify(t)}`);
  }
  return out;
}

const LINES = [
  'team',
  'team pending',
  'team --page 2',
  'who admins prod-eu',
  'whoami',
  'help',
  'invite',
  'invite x@example.com --member prod-eu',
  'slots prod-eu',
  'license dev-eu',
  'cases',
  'security-contacts',
  'audit',
  'grant company-admin adelev@example.com',
  'invite notanemail',
  'frobnicate',
  'review start prod-eu',
  'review status RV-1001',
  'review status',
];
const PEOPLE = ['alexw@example.com', 'meganb@example.com', 'stranger@elsewhere.example'];

describe('every view the commands produce', () => {
  it('renders within Slack limits on every surface, with working buttons and inert text', async () => {
    const app = memoryApp();
    const seen = new Set<Block['kind']>();
    for (const who of PEOPLE)
      for (const line of LINES) {
        const { outcome } = await app.say(who, line);
        const v = outcome.reply.view;
        for (const b of v.blocks) seen.add(b.kind);
        for (const surface of ['message', 'modal', 'home'] as const) {
          const { blocks, text } = renderBlocks(v, { surface });
          expect(problems(blocks, surface), `${who}: ${line} (${surface})`).toEqual([]);
          expect(blocks.length, `${who}: ${line} renders something`).toBeGreaterThan(0);
          expect(text).not.toMatch(/<|&(?!amp;|lt;|gt;)/);
        }
        expect(problems(renderHome(v).blocks, 'home')).toEqual([]);
        for (const b of v.blocks)
          if (b.kind === 'form') expect(problems(renderModal(b.form, '{}').blocks, 'modal')).toEqual([]);
      }
    // The run covered every kind of block the renderer knows.
    expect([...seen].sort()).toEqual(['actions', 'fields', 'form', 'pager', 'table', 'text']);
  });

  it('renders an access review card (sent by the outbox, not answered) within Slack limits', async () => {
    const app = memoryApp();
    expect((await app.say('alexw@example.com', 'review start prod-eu')).ok).toBe(true);
    const c = (await app.data()).companies[0];
    const review = c?.reviews[0];
    if (!c || !review) throw new Error('the review did not start');
    for (const reviewer of ['meganb@example.com', 'alexw@example.com']) {
      const { blocks } = renderBlocks(reviewCard(c, review, reviewer, 1));
      expect(problems(blocks, 'message'), reviewer).toEqual([]);
      expect(blocks.some((b) => b.type === 'actions')).toBe(true);
    }
  });

  it('shows the pending members and a resend button for each', async () => {
    const { outcome } = await memoryApp().say('alexw@example.com', 'team pending');
    const { blocks, text } = renderBlocks(outcome.reply.view);
    expect(text).toEqual('Contoso team (pending): 3 members.');
    expect(blocks.slice(0, 3)).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'Contoso team (pending)', emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: '3 members.', verbatim: true } },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: '*Member*: Joni Sherman (jonis@example.com)  ·  *Status*: invited, expires <!date^1796396400^{date_short_pretty}|4 Dec 2026>  ·  *Roles*: Infra Admin of hybrid-ap',
          verbatim: true,
        },
      },
    ]);
    expect(blocks.at(-1)).toEqual({
      type: 'actions',
      elements: ['jonis', 'nestorw', 'pattif'].map((u, i) => ({
        type: 'button',
        text: { type: 'plain_text', text: expect.stringMatching(/^Resend to /) },
        action_id: `portal:resend:${i + 1}`,
        value: JSON.stringify({
          c: 'resend',
          a: { email: `${u}@example.com` },
          s: { c: 'team', a: { status: 'pending' } },
        }),
      })),
    });
  });

  it('asks before a destructive button, in plain words', async () => {
    const { outcome } = await memoryApp().say('alexw@example.com', 'slots prod-eu');
    const actions = renderBlocks(outcome.reply.view).blocks.at(-1);
    expect(actions?.type === 'actions' && actions.elements[0]).toEqual({
      type: 'button',
      text: { type: 'plain_text', text: 'Release dev' },
      action_id: 'portal:slot.release:1',
      value: JSON.stringify({
        c: 'slot release',
        a: { infra: 'prod-eu', env: 'dev' },
        s: { c: 'slots', a: { infra: 'prod-eu' } },
      }),
      style: 'danger',
      confirm: {
        title: { type: 'plain_text', text: 'Are you sure?' },
        text: {
          type: 'plain_text',
          text: 'Release the slot of dev on prod-eu? The environment stops being licensed.',
        },
        confirm: { type: 'plain_text', text: 'Yes' },
        deny: { type: 'plain_text', text: 'Cancel' },
        style: 'danger',
      },
    });
  });

  it('marks a refusal on its first section', async () => {
    const { outcome } = await memoryApp().say('meganb@example.com', 'audit');
    const first = renderBlocks(outcome.reply.view).blocks[0];
    expect(first).toEqual({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: ":no_entry: You can't do that: only Company Admins may read the whole audit trail.",
        verbatim: true,
      },
    });
  });
});

describe('user text is inert', () => {
  it('escapes &, < and > and defuses every formatting character', () => {
    expect(escapeMrkdwn('a < b && c > d')).toEqual('a &lt; b &amp;&amp; c &gt; d');
    expect(escapeMrkdwn('*b* _i_ ~s~ `c`')).toEqual(
      `*${ZWSP}b*${ZWSP} _${ZWSP}i_${ZWSP} ~${ZWSP}s~${ZWSP} \`${ZWSP}c\`${ZWSP}`,
    );
    expect(escapeMrkdwn('> quoted\n> again, a > b')).toEqual(
      `${ZWSP}&gt; quoted\n${ZWSP}&gt; again, a &gt; b`,
    );
  });

  it('shows a member as name and email, never as a mention or a mailto link', () => {
    expect(spansToMrkdwn([memberRef({ name: HOSTILE, email: 'evil@example.com' })])).toEqual(
      `${HOSTILE_MRKDWN} (evil@example.com)`,
    );
    expect(spansToMrkdwn([memberRef({ name: '', email: 'a_b@example.com' })])).toEqual(
      `a_${ZWSP}b@example.com`,
    );
  });

  it('marks strong and code around the words, with the text inside still escaped', () => {
    expect(spansToMrkdwn([strong('You can: '), plain('see'), code(' <x> '), strong('')])).toEqual(
      '*You can:* see `&lt;x&gt;` ',
    );
  });

  it('a command hint is a real code span: copied, it is exactly the command (no zero-width spaces)', () => {
    const hint = 'request infra-admin prod_eu --reason "fix *this* ~now~" --for 8h';
    const out = spansToMrkdwn([plain('Usage: '), code(hint)]);
    expect(out).toBe(`Usage: \`${hint}\``);
    expect(out).not.toContain(ZWSP);
  });

  it('a code span still escapes what Slack reads as markup, and cannot be closed from inside', () => {
    expect(spansToMrkdwn([code('<!channel> <@U1> a & b')])).toBe('`&lt;!channel&gt; &lt;@U1&gt; a &amp; b`');
    // A backtick cannot live in a Slack code span: such text is defused plain text instead.
    expect(spansToMrkdwn([code('a` *b*')])).toBe(`a\`${ZWSP} *${ZWSP}b*${ZWSP}`);
    expect(spansToMrkdwn([code('one\ntwo')])).toBe('`one`\n`two`');
  });

  it('replaces control characters, keeping newlines', () => {
    expect(stripControls('a\u0007b\u001b[31mc\u0085d\r\ne\tf\u202eg\u2028h')).toEqual(
      'a\uFFFDb\uFFFD[31mc\uFFFDd\ne f\uFFFDg\nh',
    );
  });

  it('a hostile member name renders inert wherever a command shows it', async () => {
    const app = memoryApp();
    const invited = await app.say(
      'alexw@example.com',
      `invite evil@example.com --name "${HOSTILE}" --member prod-eu`,
    );
    expect(invited.ok).toBe(true);
    const success = renderBlocks(invited.outcome.reply.view);
    expect(success.blocks[0]).toEqual({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `:white_check_mark: Invited ${HOSTILE_MRKDWN} (evil@example.com). The invitation expires on <!date^1796472000^{date_short_pretty}|5 Dec 2026>.`,
        verbatim: true,
      },
    });
    expect(success.text).toEqual(
      `Invited &lt;!channel&gt; *${ZWSP}boss*${ZWSP} &lt;@U123&gt; &lt;https://evil.example|click&gt; (evil@example.com). The invitation expires on 5 Dec 2026.`,
    );
    const { outcome } = await app.say('alexw@example.com', 'team pending');
    const { blocks } = renderBlocks(outcome.reply.view);
    expect(problems(blocks, 'message')).toEqual([]);
    const row = texts(blocks).find((t) => t.includes('evil@example.com'));
    expect(row).toEqual(
      `*Member*: ${HOSTILE_MRKDWN} (evil@example.com)  ·  *Status*: invited, expires <!date^1796472000^{date_short_pretty}|5 Dec 2026>  ·  *Roles*: Member of prod-eu`,
    );
    // The button label is plain text: escaped, and cut to Slack's 75 characters.
    const resend = blocks.flatMap((b) => (b.type === 'actions' ? b.elements : [])).at(0);
    expect(resend?.type === 'button' && resend.text.text.length).toEqual(75);
    expect(resend?.type === 'button' && resend.text.text).toEqual(
      'Resend to &lt;!channel&gt; *boss* &lt;@U123&gt; &lt;https://evil.example|c…',
    );
  });

  it('a title, a case title, a label and a confirmation with &<> render escaped', async () => {
    const app = memoryApp();
    const opened = await app.say('alexw@example.com', 'case open prod-eu "Logs <b>&</b> > 90 days <!here>"');
    expect(opened.ok).toBe(true);
    const { outcome } = await app.say('alexw@example.com', 'cases');
    const row = texts(renderBlocks(outcome.reply.view).blocks).find((t) => t.includes('Logs'));
    expect(row).toContain('*Title*: Logs &lt;b&gt;&amp;&lt;/b&gt; &gt; 90 days &lt;!here&gt;');

    const v = view(
      [
        { kind: 'text', text: text('Why: ', 'R&D <ops> said so') },
        {
          kind: 'actions',
          actions: [
            {
              label: 'Remove <@U1> & co',
              command: cmd('remove', { email: 'a@example.com' }),
              confirm: 'Remove <@U1> & co?',
            },
          ],
        },
      ],
      { title: 'R&D <team> > 1', tone: 'error' },
    );
    const { blocks, text: fallback } = renderBlocks(v);
    expect(blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'R&amp;D &lt;team&gt; &gt; 1', emoji: true },
    });
    expect(blocks[1]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: ':warning: Why: R&amp;D &lt;ops&gt; said so', verbatim: true },
    });
    const b = blocks[2]?.type === 'actions' ? blocks[2].elements[0] : undefined;
    expect(b?.type === 'button' && [b.text.text, b.confirm?.text.text]).toEqual([
      'Remove &lt;@U1&gt; &amp; co',
      'Remove &lt;@U1&gt; &amp; co?',
    ]);
    expect(fallback).toEqual('R&amp;D &lt;team&gt; &gt; 1: Why: R&amp;D &lt;ops&gt; said so');
  });
});

const row = (i: number, extra = '') => [
  text(memberRef({ name: `Person ${i}`, email: `p${i}@example.com` })),
  text(`active${extra}`),
  text('Member of prod-eu'),
];
const sectionTexts = (blocks: KnownBlock[]) =>
  blocks.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));
const contextTexts = (blocks: KnownBlock[]) =>
  blocks.flatMap((b) =>
    b.type === 'context' ? b.elements.flatMap((e) => ('text' in e ? [e.text] : [])) : [],
  );

describe('block budgets', () => {
  it('a 300-row table packs its rows into sections and keeps every one', () => {
    const rows = Array.from({ length: 300 }, (_, i) => row(i + 1));
    const v = view(
      [
        { kind: 'text', text: text('300 members.') },
        { kind: 'table', columns: ['Member', 'Status', 'Roles'], rows },
        { kind: 'pager', page: 1, pages: 2, command: cmd('team') },
      ],
      { title: 'Big team' },
    );
    const { blocks } = renderBlocks(v);
    expect(problems(blocks, 'message')).toEqual([]);
    const all = sectionTexts(blocks).join('\n');
    for (let i = 1; i <= 300; i++) expect(all).toContain(`Person ${i} (p${i}@example.com)`);
    expect(contextTexts(blocks)).toEqual(['Page 1 of 2']);
    expect(blocks.at(-1)?.type).toEqual('actions');
  });

  it('a table too big even packed shows what fits and says exactly how many rows are left out', () => {
    const long = ` ${'x'.repeat(2400)}`;
    const rows = Array.from({ length: 300 }, (_, i) => row(i + 1, long));
    const v = view([
      { kind: 'table', columns: ['Member', 'Status', 'Roles'], rows },
      { kind: 'pager', page: 1, pages: 30, command: cmd('team') },
    ]);
    const { blocks } = renderBlocks(v);
    expect(problems(blocks, 'message')).toEqual([]);
    expect(blocks.length).toEqual(50);
    // One row per section (each is ~2,500 characters), pager = 2 blocks, note = 1.
    const shown = sectionTexts(blocks).length;
    expect(shown).toEqual(47);
    expect(contextTexts(blocks)).toEqual([
      `47 of 300 rows shown; the other 253 do not fit in one Slack message (50 blocks at most). Use the pager or filters to see them.`,
      'Page 1 of 30',
    ]);
  });

  it('a modal or Home tab has room for 100 blocks', () => {
    const rows = Array.from({ length: 90 }, (_, i) => row(i + 1));
    const v = view([{ kind: 'table', columns: ['Member', 'Status', 'Roles'], rows }]);
    expect(renderHome(v).blocks.length).toEqual(90);
    expect(renderBlocks(v).blocks.length).toBeLessThanOrEqual(50);
    expect(
      sectionTexts(renderBlocks(v).blocks)
        .join('\n')
        .match(/Person \d+ /g)?.length,
    ).toEqual(90);
  });

  it('when even the fixed blocks are too many, the last block names what was left out', () => {
    const v = view(
      Array.from({ length: 60 }, (_, i) => ({ kind: 'text', text: text(`Line ${i}`) }) as Block),
    );
    const { blocks } = renderBlocks(v);
    expect(blocks.length).toEqual(50);
    expect(blocks.at(-1)).toEqual({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: "Not shown, to stay within Slack's limit of 50 blocks: 11 text sections. Use the pager or filters to see the rest.",
          verbatim: true,
        },
      ],
    });
  });

  it('splits a long text at line or word boundaries, losing no word', () => {
    const words = Array.from({ length: 1500 }, (_, i) => `w${i}`);
    const long = `${words.slice(0, 700).join(' ')}\n${words.slice(700).join(' ')}`;
    const sections = sectionTexts(renderBlocks(view([{ kind: 'text', text: text(long) }])).blocks);
    expect(sections.length).toBeGreaterThan(1);
    for (const s of sections) expect(s.length).toBeLessThanOrEqual(3000);
    expect(sections.join(' ').split(/\s+/)).toEqual(words);
  });

  it('puts ten fields to a section and a field too long for one into its own sections', () => {
    const fields = Array.from({ length: 12 }, (_, i): [string, ReturnType<typeof text>] => [
      `F${i}`,
      text(`v${i}`),
    ]);
    fields.push(['Long', text('y'.repeat(2500))]);
    const { blocks } = renderBlocks(view([{ kind: 'fields', fields }]));
    expect(blocks.map((b) => (b.type === 'section' ? (b.fields?.length ?? 'text') : b.type))).toEqual([
      10,
      2,
      'text',
    ]);
    expect(blocks[0]?.type === 'section' && blocks[0].fields?.[0]).toEqual({
      type: 'mrkdwn',
      text: '*F0*\nv0',
      verbatim: true,
    });
    expect(sectionTexts(blocks)).toEqual([`*Long*\n${'y'.repeat(2500)}`]);
  });
});

describe('actions', () => {
  it('puts at most 25 buttons in a block, with ids unique across the view', () => {
    const actions: Action[] = Array.from({ length: 30 }, (_, i) => ({
      label: `Do ${i}`,
      command: cmd(i % 2 ? 'resend' : 'remove', { email: `p${i}@example.com` }),
    }));
    const { blocks } = renderBlocks(
      view([
        { kind: 'actions', actions },
        { kind: 'actions', actions: actions.slice(0, 2) },
      ]),
    );
    expect(problems(blocks, 'message')).toEqual([]);
    expect(blocks.map((b) => (b.type === 'actions' ? b.elements.length : 0))).toEqual([25, 5, 2]);
  });

  it('many actions of one command become overflow menus of at most five options', () => {
    const actions: Action[] = Array.from({ length: 7 }, (_, i) => ({
      label: `Resend to P${i}`,
      command: cmd('resend', { email: `p${i}@example.com` }),
    }));
    const { blocks } = renderBlocks(view([{ kind: 'actions', actions }]));
    expect(problems(blocks, 'message')).toEqual([]);
    expect(blocks[0]).toEqual({
      type: 'context',
      elements: [{ type: 'plain_text', text: '7 actions, in the ⋯ menus below.' }],
    });
    expect(blocks[1]).toEqual({
      type: 'actions',
      elements: [
        {
          type: 'overflow',
          action_id: 'portal:resend:1',
          options: [0, 1, 2, 3].map((i) => ({
            text: { type: 'plain_text', text: `Resend to P${i}` },
            value: JSON.stringify({ c: 'resend', a: { email: `p${i}@example.com` } }),
          })),
        },
        {
          type: 'overflow',
          action_id: 'portal:resend:2',
          options: [4, 5, 6].map((i) => ({
            text: { type: 'plain_text', text: `Resend to P${i}` },
            value: JSON.stringify({ c: 'resend', a: { email: `p${i}@example.com` } }),
          })),
        },
      ],
    });
  });

  it('keeps buttons when the actions ask to confirm, since a menu has one confirmation for all', () => {
    const actions: Action[] = Array.from({ length: 7 }, (_, i) => ({
      label: `Remove P${i}`,
      command: cmd('remove', { email: `p${i}@example.com` }),
      style: 'danger',
      confirm: `Remove p${i}@example.com?`,
    }));
    const { blocks } = renderBlocks(view([{ kind: 'actions', actions }]));
    expect(blocks.length).toEqual(1);
    expect(blocks[0]?.type === 'actions' && blocks[0].elements.map((e) => e.type)).toEqual(
      Array(7).fill('button'),
    );
  });

  it('a pager offers Previous and Next with the page as an argument', () => {
    const pager = (page: number) =>
      renderBlocks(view([{ kind: 'pager', page, pages: 3, command: cmd('team', { status: 'pending' }) }]))
        .blocks;
    const nav = (label: string, page: string, n: number) => ({
      type: 'button',
      text: { type: 'plain_text', text: label },
      action_id: `portal:team:${n}`,
      value: JSON.stringify({ c: 'team', a: { status: 'pending', page } }),
    });
    expect(pager(2)).toEqual([
      { type: 'context', elements: [{ type: 'plain_text', text: 'Page 2 of 3' }] },
      { type: 'actions', elements: [nav('Previous', '1', 1), nav('Next', '3', 2)] },
    ]);
    expect(pager(1)[1]).toEqual({ type: 'actions', elements: [nav('Next', '2', 1)] });
    expect(pager(3)[1]).toEqual({ type: 'actions', elements: [nav('Previous', '2', 1)] });
  });

  it('a header carries the tone when no section does', () => {
    const v = view([{ kind: 'actions', actions: [{ label: 'Retry', command: cmd('team') }] }], {
      title: 'Nothing here',
      tone: 'refusal',
    });
    expect(renderBlocks(v).blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: ':no_entry: Nothing here', emoji: true },
    });
  });
});

const FORM: FormSpec = {
  title: 'Add a very important team member',
  submitLabel: 'Invite',
  submit: { name: 'invite', args: {} },
  usage: 'invite EMAIL',
  fields: [
    { kind: 'text', name: 'email', label: 'Email', required: true, placeholder: 'ana@example.com' },
    { kind: 'text', name: 'name', label: 'Name', required: false, initial: 'Ana' },
    { kind: 'checkbox', name: 'lifetime', label: 'LifeTime', initial: true, hint: 'Only for prod-eu.' },
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
  errors: { email: 'expected an email address' },
};

describe('forms', () => {
  it('a modal holds one input per field, named by the field', () => {
    const modal = renderModal(FORM, '{"c":"invite"}');
    const lifetime = {
      text: { type: 'plain_text', text: 'LifeTime' },
      value: 'true',
      description: { type: 'plain_text', text: 'Only for prod-eu.' },
    };
    const none = { text: { type: 'plain_text', text: 'No access' }, value: 'none' };
    expect(modal).toEqual({
      type: 'modal',
      callback_id: 'portal:form',
      title: { type: 'plain_text', text: 'Add a very important te…' },
      submit: { type: 'plain_text', text: 'Invite' },
      close: { type: 'plain_text', text: 'Cancel' },
      private_metadata: '{"c":"invite"}',
      blocks: [
        {
          type: 'input',
          block_id: 'email',
          label: { type: 'plain_text', text: 'Email' },
          optional: false,
          element: {
            type: 'plain_text_input',
            action_id: 'email',
            placeholder: { type: 'plain_text', text: 'ana@example.com' },
          },
        },
        {
          type: 'input',
          block_id: 'name',
          label: { type: 'plain_text', text: 'Name' },
          optional: true,
          element: { type: 'plain_text_input', action_id: 'name', initial_value: 'Ana' },
        },
        {
          type: 'input',
          block_id: 'lifetime',
          label: { type: 'plain_text', text: 'LifeTime' },
          optional: true,
          element: {
            type: 'checkboxes',
            action_id: 'lifetime',
            options: [lifetime],
            initial_options: [lifetime],
          },
        },
        {
          type: 'input',
          block_id: 'role:prod-eu',
          label: { type: 'plain_text', text: 'Production Europe (prod-eu)' },
          optional: false,
          element: {
            type: 'static_select',
            action_id: 'role:prod-eu',
            options: [none, { text: { type: 'plain_text', text: 'Member' }, value: 'member' }],
            initial_option: none,
          },
        },
      ],
    });
    expect(modal.title.text.length).toEqual(24);
  });

  it('refuses private_metadata over 3,000 characters', () => {
    expect(renderModal(FORM, 'x'.repeat(3000)).private_metadata).toHaveLength(3000);
    expect(() => renderModal(FORM, 'x'.repeat(3001))).toThrow(/3001/);
  });

  it('in a message, a form is a summary with its errors and an Open form button', () => {
    const { blocks } = renderBlocks(view([{ kind: 'form', form: FORM }]));
    expect(blocks).toEqual([
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: '*Add a very important team member*\nA form with: Email, Name, LifeTime, Production Europe (prod-eu).\n:warning: *email*: expected an email address\nOr type `invite EMAIL`',
          verbatim: true,
        },
      },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Open form' },
            action_id: 'portal:open-form:1',
            value: JSON.stringify({ c: OPEN_FORM, a: { command: 'invite' } }),
            style: 'primary',
          },
        ],
      },
    ]);
    expect(renderHome(view([{ kind: 'form', form: FORM }])).blocks).toEqual(blocks);
  });

  it('formErrors answers with errors keyed by field, and never loses one about another field', () => {
    expect(formErrors({ email: 'expected an email address' })).toEqual({
      response_action: 'errors',
      errors: { email: 'expected an email address' },
    });
    expect(
      formErrors({ email: 'bad', infra: 'no such infrastructure', name: `${'n'.repeat(200)}` }, [
        'email',
        'name',
      ]),
    ).toEqual({
      response_action: 'errors',
      errors: { email: 'bad; infra: no such infrastructure', name: `${'n'.repeat(149)}…` },
    });
  });

  it('reads the recorded view_submission payload', () => {
    const url = new URL('../fixtures/platform-payloads/slack-view_submission.modal.json', import.meta.url);
    const payload = JSON.parse(readFileSync(url, 'utf8')) as {
      view: { state: { values: Record<string, Record<string, unknown>> } };
    };
    expect(
      readSubmission(payload.view.state, [
        { kind: 'select', name: 'rating', label: 'Rating', initial: '1', options: [] },
        { kind: 'text', name: 'comment', label: 'Comment', required: true },
        { kind: 'text', name: 'date-of-visit', label: 'Date', required: false },
        { kind: 'checkbox', name: 'absent', label: 'Absent', initial: false },
      ]),
    ).toEqual({ rating: '3', comment: 'Just amazing!', 'date-of-visit': '', absent: '' });
  });

  it('reads our own form back into the arguments of its command, which then runs', async () => {
    const app = memoryApp();
    const { outcome } = await app.say('meganb@example.com', 'invite');
    const form = outcome.reply.view.blocks[0];
    if (form?.kind !== 'form') throw new Error('expected the invite form');
    const modal = renderModal(form.form, '{}');
    // Every input is addressed by its field name, as readSubmission expects.
    const inputs = modal.blocks.flatMap((b) => (b.type === 'input' && 'element' in b ? [b] : []));
    expect(inputs.map((b) => [b.block_id, b.element.action_id])).toEqual(
      form.form.fields.map((f) => [f.name, f.name]),
    );
    const state = {
      values: {
        email: { email: { type: 'plain_text_input', value: 'ana@example.com' } },
        name: { name: { type: 'plain_text_input', value: null } },
        'role:prod-eu': {
          'role:prod-eu': {
            type: 'static_select',
            selected_option: { text: { type: 'plain_text', text: 'Member' }, value: 'member' },
          },
        },
        lifetime: { lifetime: { type: 'checkboxes', selected_options: [] } },
      },
    };
    const args = readSubmission(state, form.form.fields);
    expect(args).toEqual({ email: 'ana@example.com', name: '', 'role:prod-eu': 'member', lifetime: 'false' });
    const done = await app.press('meganb@example.com', {
      name: 'invite',
      args: { ...form.form.submit.args, ...args },
    });
    expect(done.ok).toBe(true);
    expect(done.text).toContain('ana@example.com');
  });

  it('reads anything malformed as empty', () => {
    const state = {
      values: {
        email: { email: { type: 'plain_text_input', value: 42 } },
        box: { box: { type: 'checkboxes', selected_options: 'yes' } },
        pick: { a: { type: 'static_select' }, b: { type: 'static_select' } },
      },
    };
    const fields: FormSpec['fields'] = [
      { kind: 'text', name: 'email', label: 'Email', required: true },
      { kind: 'checkbox', name: 'box', label: 'Box', initial: false },
      { kind: 'select', name: 'pick', label: 'Pick', initial: 'a', options: [] },
    ];
    expect(readSubmission(state, fields)).toEqual({ email: '', box: '', pick: '' });
    expect(readSubmission({ values: null } as never, fields)).toEqual({ email: '', box: '', pick: '' });
  });
});

describe('the View type is rendered exhaustively', () => {
  it('every block kind yields blocks on a message', () => {
    const kinds: View['blocks'] = [
      { kind: 'text', text: text('t') },
      { kind: 'fields', fields: [['a', text('b')]] },
      { kind: 'table', columns: ['c'], rows: [[text('d')]] },
      { kind: 'actions', actions: [{ label: 'x', command: cmd('team') }] },
      { kind: 'form', form: FORM },
      { kind: 'pager', page: 1, pages: 2, command: cmd('team') },
    ];
    for (const k of kinds) expect(renderBlocks(view([k])).blocks.length, k.kind).toBeGreaterThan(0);
  });
});

// Access reviews end to end: who gets which card, pressing its buttons, Remove through revoke's rules,
// every copy kept in step, and what `review status` shows to whom.
import { stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { journalPathOf } from '../../src/store/load-errors.ts';
import { commit } from '../../src/store/store.ts';
import { renderText } from '../../src/views/render-text.ts';
import type { CommandRef, View } from '../../src/views/view.ts';
import { fileApp } from '../fakes/app.ts';
import {
  ADELE,
  ALEX,
  actionsOf,
  button,
  company,
  DAY,
  DIEGO,
  kind,
  LEE,
  MEGAN,
  member,
  PRADEEP,
  viewWords,
  type World,
  world,
} from './harness.ts';

const PATTI = 'pattif@example.com'; // pending, invited as Member of prod-eu

const cards = (w: World, op: 'direct' | 'update' = 'direct') =>
  w.sent().filter((s) => s.op === op && s.view.title?.startsWith('Access review'));
const cardTo = (w: World, email: string): View | undefined => cards(w).find((s) => s.to === email)?.view;
/** A review with its items (stored apart, as entities of their own). */
const reviewOf = async (w: World, id = 'RV-1001') => {
  const c = await company(w.app);
  const r = c.reviews.find((x) => x.id === id);
  return r && { ...r, items: c.reviewItems.filter((i) => i.review === id) };
};

/** Alex starts the prod-eu review (RV-1001) and the cards are delivered. */
async function started(w: World = world(), line = 'review start prod-eu') {
  const r = await w.app.say(ALEX, line);
  expect(r.ok, r.text).toBe(true);
  await w.deliver();
  return w;
}

describe('who reviews what', () => {
  it('the Infra Admin of prod-eu reviews its roles; her own Infra Admin role goes to the Company Admins', async () => {
    const w = await started();
    const r = await reviewOf(w);
    expect(
      r?.items.map((i) => [i.n, i.email, i.role.kind === 'infra' ? i.role.role : i.role.kind, i.reviewers]),
    ).toEqual([
      [1, ALEX, 'member', [MEGAN]],
      [2, MEGAN, 'admin', [ALEX, PRADEEP]],
      [3, ADELE, 'member', [MEGAN]],
      [4, DIEGO, 'member', [MEGAN]],
      [5, PATTI, 'member', [MEGAN]],
    ]);
    expect(r?.items.find((i) => i.n === 2)?.escalated).toBe(true);
    expect(cards(w).map((s) => s.to)).toEqual([MEGAN, ALEX, PRADEEP]);
    expect(w.sent().some((s) => s.to === LEE || s.to === ADELE)).toBe(false);
  });

  it("the card lists who holds what with Keep or Remove per person and Keep all; nobody sees their own item's buttons", async () => {
    const w = await started();
    const megan = viewWords(cardTo(w, MEGAN));
    expect(megan).toContain('Alex Wilber: Member of prod-eu — undecided');
    expect(megan).toContain('Patti Fernandez: Member of prod-eu — undecided');
    expect(megan).not.toContain('Megan Bowen: Infra Admin');
    expect(actionsOf(cardTo(w, MEGAN) as View).map((a) => a.label)).toEqual([
      ...Array.from({ length: 4 }, () => ['Keep', 'Remove']).flat(),
      'Keep all 4 undecided',
    ]);
    const alex = viewWords(cardTo(w, ALEX));
    expect(alex).toContain('Megan Bowen: Infra Admin of prod-eu — undecided · no other reviewer');
    expect(alex).not.toContain('Alex Wilber: Member');
  });

  it('a company-wide review sends Company Admin and security roles to the Company Admins, each other for their own', async () => {
    const w = await started(world(), 'review start');
    const r = await reviewOf(w);
    const of = (email: string, k: string) =>
      r?.items.find((i) => i.email === email && i.role.kind === k)?.reviewers;
    expect(of(ALEX, 'company-admin')).toEqual([PRADEEP]);
    expect(of(PRADEEP, 'company-admin')).toEqual([ALEX]);
    expect(of(MEGAN, 'security')).toEqual([ALEX, PRADEEP]);
    expect(of(DIEGO, 'security')).toEqual([ALEX, PRADEEP]);
    expect(of(LEE, 'infra')).toEqual([ALEX, PRADEEP]);
    expect(r?.items.filter((i) => i.reviewers.includes(i.email))).toEqual([]);
  });

  it('a role whose only possible reviewer is its holder is listed as needing a Company Admin', async () => {
    const w = world({
      extra: (d) => {
        const c = d.companies[0];
        for (const m of c?.members ?? []) if (m.email === PRADEEP) m.companyAdmin = false;
      },
    });
    const r = await w.app.say(ALEX, 'review start');
    expect(r.text).toContain('1 role has no reviewer and needs a Company Admin');
    const status = await w.app.say(ALEX, 'review status RV-1001');
    expect(status.text).toMatch(/nobody\s+0 \/ 1\s+needs a Company Admin/);
  });

  it('a second open review of the same scope is refused, naming the first; nothing is queued', async () => {
    const w = await started();
    const before = (await w.app.data()).outbox.length;
    const again = await w.app.say(MEGAN, 'review start prod-eu');
    expect(kind(again)).toBe('conflict');
    expect(again.text).toContain('RV-1001 already reviews prod-eu');
    expect((await w.app.data()).outbox.length).toBe(before);
  });

  it('an infrastructure nobody holds a role on has nothing to review, and nothing starts', async () => {
    const w = world({
      extra: (d) => {
        for (const m of d.companies[0]?.members ?? []) delete m.roles['sentry-us'];
      },
    });
    const r = await w.app.say(ALEX, 'review start sentry-us');
    expect(kind(r)).toBe('conflict');
    expect(r.text).toContain('Nobody holds a role on sentry-us');
    expect((await company(w.app)).reviews).toEqual([]);
  });
});

describe('pressing Keep and Remove', () => {
  it('Keep records who and when, is audited before -> after, and updates every card holding the item', async () => {
    const w = await started();
    const keep = button(cardTo(w, ALEX), 'Keep');
    const pressed = await w.app.press(ALEX, keep);
    expect(pressed.ok, pressed.text).toBe(true);
    expect(pressed.text).toContain('Kept: Megan Bowen');
    const item = (await reviewOf(w))?.items.find((i) => i.n === 2);
    expect(item).toMatchObject({ decision: 'keep', decidedBy: ALEX, decidedAt: '2026-11-28T12:00:00.000Z' });
    const audit = (await w.app.data()).audit.filter((e) => e.action === 'review.decide');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: ALEX,
      target: MEGAN,
      infra: 'prod-eu',
      before: { review: 'RV-1001', item: 2, decision: 'undecided' },
      after: { review: 'RV-1001', item: 2, decision: 'keep' },
    });
    await w.deliver();
    // Both Company Admins hold item 2: both cards change; Megan's card does not show it and stays.
    const updates = cards(w, 'update');
    expect(updates).toHaveLength(2);
    for (const u of updates)
      expect(viewWords(u.view)).toContain('Megan Bowen: Infra Admin of prod-eu — ✅ kept by Alex Wilber');
    expect(actionsOf(updates[0]?.view as View)).toEqual([]);
  });

  it('pressing the same button twice has one effect', async () => {
    const w = await started();
    const keep = button(cardTo(w, ALEX), 'Keep');
    await w.app.press(ALEX, keep);
    const events = (await w.app.data()).audit.length;
    const again = await w.app.press(ALEX, keep);
    expect(again.ok).toBe(true);
    expect(again.text).toContain('nothing changed');
    expect((await w.app.data()).audit.length).toBe(events);
  });

  it('once decided by one reviewer, the other reviewer pressing the other button is refused and changes nothing', async () => {
    const w = await started();
    await w.app.press(ALEX, button(cardTo(w, ALEX), 'Keep'));
    const before = await w.app.data();
    const late = await w.app.press(PRADEEP, {
      name: 'review decide',
      args: { id: 'RV-1001', item: '2', decision: 'remove' },
    });
    expect(kind(late)).toBe('conflict');
    expect(late.text).toContain('already kept by Alex Wilber');
    expect(await w.app.data()).toEqual(before);
  });

  it('Remove revokes through the same rule as `revoke access`: the role goes, the member is told, both events audited', async () => {
    const w = await started();
    const card = cardTo(w, MEGAN) as View;
    const removeAdele = actionsOf(card).filter((a) => a.label === 'Remove')[1];
    expect(removeAdele?.command.args).toEqual({ id: 'RV-1001', item: '3', decision: 'remove' });
    expect(removeAdele?.confirm).toContain('Remove Member of prod-eu from Adele Vance?');
    const pressed = await w.app.press(MEGAN, removeAdele?.command ?? { name: '', args: {} });
    expect(pressed.ok, pressed.text).toBe(true);
    expect((await member(w.app, ADELE))?.roles).toEqual({});
    const actions = (await w.app.data()).audit.map((e) => e.action);
    expect(actions.slice(-2)).toEqual(['role.change', 'review.decide']);
    await w.deliver();
    expect(
      w.sent().some((s) => s.to === ADELE && s.text.includes('Member of prod-eu -> *no role of prod-eu*')),
    ).toBe(true);
  });

  it('the last permanent Company Admin cannot be removed: the card says so and offers only Keep, and the press is refused', async () => {
    const w = world({
      extra: (d) => {
        // Pradeep is Company Admin for a while only: Alex is the last one holding it permanently.
        d.companies[0]?.grants.push({
          email: PRADEEP,
          kind: 'company-admin',
          until: '2026-12-31T00:00:00.000Z',
          warned: false,
          source: `granted by ${ALEX}`,
        });
      },
    });
    await started(w, 'review start');
    const pradeepCard = cardTo(w, PRADEEP) as View;
    const words = viewWords(pradeepCard);
    expect(words).toContain('Cannot be removed: Alex Wilber is the last permanent Company Admin');
    const alexItem = (await reviewOf(w))?.items.find(
      (i) => i.email === ALEX && i.role.kind === 'company-admin',
    );
    const forAlex = actionsOf(pradeepCard).filter((a) => a.command.args.item === String(alexItem?.n));
    expect(forAlex.map((a) => a.label)).toEqual(['Keep']);
    const before = await w.app.data();
    const typed = await w.app.press(PRADEEP, {
      name: 'review decide',
      args: { id: 'RV-1001', item: String(alexItem?.n), decision: 'remove' },
    });
    expect(kind(typed)).toBe('conflict');
    expect(typed.text).toContain('last permanent Company Admin');
    expect(await w.app.data()).toEqual(before);
  });

  it('a role that changed since the review started is not revoked by Remove: the decision says why', async () => {
    const w = await started();
    expect((await w.app.say(ALEX, `grant infra-admin ${ADELE} prod-eu`)).ok).toBe(true);
    const r = await w.app.press(MEGAN, {
      name: 'review decide',
      args: { id: 'RV-1001', item: '3', decision: 'remove' },
    });
    expect(r.ok, r.text).toBe(true);
    expect(r.text).toContain(
      'the role changed since the review started (now Infra Admin of prod-eu); nothing was revoked',
    );
    expect((await member(w.app, ADELE))?.roles).toEqual({ 'prod-eu': 'admin' });
    expect((await w.app.say(ALEX, `remove ${DIEGO} --confirm`)).ok).toBe(true);
    const gone = await w.app.press(MEGAN, {
      name: 'review decide',
      args: { id: 'RV-1001', item: '4', decision: 'keep' },
    });
    expect(gone.text).toContain('they have left the team');
  });

  it('a reviewer demoted after the card arrived can no longer press it (authorized afresh)', async () => {
    const w = await started();
    const keep = button(cardTo(w, MEGAN), 'Keep');
    expect((await w.app.say(ALEX, `revoke infra-admin ${MEGAN} prod-eu --confirm`)).ok).toBe(true);
    const pressed = await w.app.press(MEGAN, keep);
    expect(kind(pressed)).toBe('denied');
    expect(pressed.text).toContain('only the reviewers of item 1 of RV-1001');
    expect((await reviewOf(w))?.items[0]?.decision).toBe('undecided');
  });

  it('someone never asked cannot decide, even with the button from another card', async () => {
    const w = await started();
    const keep = button(cardTo(w, MEGAN), 'Keep');
    for (const who of [LEE, ADELE, PRADEEP]) {
      const r = await w.app.press(who, keep);
      expect(kind(r), who).toBe('denied');
    }
    expect((await reviewOf(w))?.items[0]?.decision).toBe('undecided');
  });

  it('Keep all keeps every undecided role on the card the presser may decide, one audit event each', async () => {
    const w = await started();
    await w.app.press(MEGAN, button(cardTo(w, MEGAN), 'Remove'));
    const all = await w.app.press(MEGAN, button(cardTo(w, MEGAN), 'Keep all'));
    expect(all.ok, all.text).toBe(true);
    expect(all.text).toContain('Kept 3 roles in RV-1001');
    const r = await reviewOf(w);
    expect(r?.items.map((i) => i.decision)).toEqual(['remove', 'undecided', 'keep', 'keep', 'keep']);
    expect((await w.app.data()).audit.filter((e) => e.action === 'review.decide')).toHaveLength(4);
    const again = await w.app.press(MEGAN, button(cardTo(w, MEGAN), 'Keep all'));
    expect(again.text).toContain('nothing changed');
  });
});

describe('long reviews come in parts', () => {
  it('a reviewer with 40 people gets three cards of at most 15, each button on the card of its item', async () => {
    const w = world({
      extra: (d) => {
        const c = d.companies[0];
        for (let i = 0; i < 36; i++)
          c?.members.push({
            email: `p${i}@example.com`,
            name: `Person ${i}`,
            status: 'active',
            companyAdmin: false,
            roles: { 'prod-eu': 'member' },
            identities: [],
          });
      },
    });
    await started(w);
    const megan = cards(w).filter((s) => s.to === MEGAN);
    expect(megan.map((s) => s.view.title)).toEqual([
      'Access review RV-1001 (part 1 of 3)',
      'Access review RV-1001 (part 2 of 3)',
      'Access review RV-1001 (part 3 of 3)',
    ]);
    expect(megan.map((s) => actionsOf(s.view).filter((a) => a.label === 'Keep').length)).toEqual([
      15, 15, 10,
    ]);
    const third = megan[2]?.view as View;
    await w.app.press(MEGAN, button(third, 'Keep all'));
    await w.deliver();
    // Only the third card changed.
    expect(cards(w, 'update').map((s) => s.view.title)).toEqual(['Access review RV-1001 (part 3 of 3)']);
  });
});

describe('review show (the console has no direct messages)', () => {
  it('draws the caller’s own card with numbered buttons on the console, and a button pressed from it works', async () => {
    const w = await started();
    const shown = await w.app.say(MEGAN, 'review show RV-1001');
    expect(shown.ok, shown.text).toBe(true);
    expect(shown.text).toContain('Adele Vance <adelev@example.com>: *Member of prod-eu* — undecided');
    const rendered = renderText(shown.outcome.reply.view);
    expect(rendered.buttons[0]).toEqual({
      name: 'review decide',
      args: { id: 'RV-1001', item: '1', decision: 'keep' },
    });
    expect(rendered.confirms[1]).toContain('Remove Member of prod-eu from Alex Wilber?');
    expect((await w.app.press(MEGAN, rendered.buttons[0] as CommandRef)).ok).toBe(true);
    expect((await w.app.say(MEGAN, 'review show RV-1001')).text).toContain(
      'Alex Wilber <alexw@example.com>: *Member of prod-eu* — ✅ kept by Megan Bowen',
    );
  });

  it('pages a long card with a pager, and is refused to someone who reviews nothing in it', async () => {
    const w = world({
      extra: (d) => {
        for (let i = 0; i < 20; i++)
          d.companies[0]?.members.push({
            email: `p${i}@example.com`,
            name: `Person ${i}`,
            status: 'active',
            companyAdmin: false,
            roles: { 'prod-eu': 'member' },
            identities: [],
          });
      },
    });
    await started(w);
    const second = await w.app.say(MEGAN, 'review show RV-1001 --page 2');
    expect(second.outcome.reply.view.title).toBe('Access review RV-1001 (part 2 of 2)');
    expect(second.outcome.reply.view.blocks.at(-1)).toEqual({
      kind: 'pager',
      page: 2,
      pages: 2,
      command: { name: 'review show', args: { id: 'RV-1001' } },
    });
    const lee = await w.app.say(LEE, 'review show RV-1001');
    expect(kind(lee)).toBe('denied');
    expect(lee.text).toContain('only the reviewers of RV-1001 may see its cards');
  });
});

describe('review status', () => {
  it('shows decided of total per reviewer to a reviewer and to any Company Admin', async () => {
    const w = await started();
    await w.app.press(MEGAN, button(cardTo(w, MEGAN), 'Keep'));
    for (const who of [MEGAN, PRADEEP]) {
      const r = await w.app.say(who, 'review status RV-1001');
      expect(r.ok, r.text).toBe(true);
      expect(r.text).toMatch(/Megan Bowen <meganb@example.com>\s+1 \/ 4/);
      expect(r.text).toMatch(/Alex Wilber <alexw@example.com>\s+0 \/ 1/);
      expect(r.text).toContain('Decided: 1 of 5');
    }
  });

  it('past the due date and before the review closes, says what is overdue and whose', async () => {
    const w = await started();
    await w.app.press(MEGAN, button(cardTo(w, MEGAN), 'Keep all'));
    w.app.clock.advance(15 * DAY);
    const r = await w.app.say(PRADEEP, 'review status RV-1001');
    expect(r.text).toContain('Due:     12 Dec 2026 12:00 UTC (overdue)');
    expect(r.text).toMatch(/Megan Bowen <meganb@example.com>\s+4 \/ 4\s+done/);
    expect(r.text).toMatch(/Alex Wilber <alexw@example.com>\s+0 \/ 1\s+overdue/);
  });

  it('is refused, with the reason and who could, to members who neither admin the company nor review it', async () => {
    const w = await started();
    for (const who of [ADELE, LEE]) {
      const r = await w.app.say(who, 'review status RV-1001');
      expect(kind(r), who).toBe('denied');
      expect(r.text).toContain('only Company Admins and the reviewers of RV-1001 may follow its progress');
      expect(r.text).toContain('Alex Wilber');
    }
  });

  it('without an id, lists the reviews the caller may follow', async () => {
    const w = await started();
    const list = await w.app.say(MEGAN, 'review status');
    expect(list.text).toMatch(/RV-1001\s+prod-eu\s+12 Dec 2026\s+open\s+0 \/ 5\s+3/);
    expect(kind(await w.app.say(ADELE, 'review status'))).toBe('denied');
    // An Infra Admin who reviews nothing yet may look, and sees none of the others' reviews.
    const lee = await w.app.say(LEE, 'review status');
    expect(lee.ok, lee.text).toBe(true);
    expect(lee.text).toContain('No access reviews for you to follow');
  });
});

describe('the cost of a decision', () => {
  it('writes one item and the review’s own fields, not the whole review: the same bytes for 5 or 400 people', async () => {
    const growth = async (extra: number) => {
      const app = await fileApp();
      try {
        await app.store.transaction((d) => {
          for (let i = 0; i < extra; i++)
            d.companies[0]?.members.push({
              email: `p${i}@example.com`,
              name: `Person ${i}`,
              status: 'active',
              companyAdmin: false,
              roles: { 'prod-eu': 'member' },
              identities: [],
            });
          return commit(null);
        });
        expect((await app.say(ALEX, 'review start prod-eu')).ok).toBe(true);
        const before = (await stat(journalPathOf(app.file))).size;
        expect((await app.say(MEGAN, 'review decide RV-1001 3 keep')).ok).toBe(true);
        return (await stat(journalPathOf(app.file))).size - before;
      } finally {
        await app.cleanup();
      }
    };
    const small = await growth(0);
    const large = await growth(400);
    expect(small).toBeGreaterThan(0);
    expect(Math.abs(large - small)).toBeLessThan(200);
  });
});

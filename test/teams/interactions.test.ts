// Adaptive Card actions: re-authorized, answered with the updated card, the message updated, idempotent, never guessed.
import { afterEach, describe, expect, it } from 'vitest';
import type { App as Core } from '../../src/app/app.ts';
import { memoryApp, type TestApp } from '../fakes/app.ts';
import {
  type Action,
  actionOf,
  cardOf,
  conversationOf,
  fixture,
  type Harness,
  type Reply,
  startTeams,
  THREAD,
  textOf,
} from './harness.ts';

let teams: Harness | undefined;
afterEach(async () => {
  await teams?.close();
  teams = undefined;
});

async function start(core?: Core, opts: Parameters<typeof startTeams>[1] = {}) {
  const app = memoryApp();
  teams = await startTeams(core ?? app, opts);
  return { app, teams };
}

/** Says `line` as `user` and returns the card sent back, with the id Teams gave that message. */
async function cardFor(h: Harness, user: string, line: string, scope: 'personal' | 'channel' = 'personal') {
  const before = h.sent.length;
  await h.say(user, line, { scope });
  const sent = (await h.waitForSent(before + 1))[before];
  return { card: cardOf(sent), id: `sent-${before + 1}` };
}

const answerText = (r: Reply) => textOf(cardOf(r));
const slotsOf = async (app: TestApp) =>
  (await app.data()).companies[0]?.subscriptions
    .flatMap((s) => s.infrastructures)
    .find((i) => i.id === 'prod-eu')
    ?.slots.map((s) => s.env);

describe('a press is the command again, authorized now', () => {
  it('the pager: the presser gets the next page; in a personal chat the message is updated too', async () => {
    const { teams } = await start();
    const { card, id } = await cardFor(teams, 'ALEX', 'team');
    const r = await teams.press('ALEX', actionOf(card, 'Next'), { replyToId: id });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(answerText(r)).toContain('Page 2 of 2');
    const update = teams.sent.find((s) => s.method === 'PUT');
    expect(update).toMatchObject({ conversation: conversationOf('personal'), activityId: id });
    expect(textOf(cardOf(update))).toContain('Page 2 of 2');
  });

  it('in a channel, turning a page changes only the presser’s view (no update for everyone)', async () => {
    const { teams } = await start();
    const { card, id } = await cardFor(teams, 'ALEX', 'team', 'channel');
    const r = await teams.press('ADELE', actionOf(card, 'Next'), { replyToId: id, scope: 'channel' });
    expect(answerText(r)).toContain('Page 2 of 2');
    expect(teams.sent.filter((s) => s.method === 'PUT')).toEqual([]);
  });

  it('a change pressed in a channel updates the message for everyone', async () => {
    const { app, teams } = await start();
    const { card, id } = await cardFor(teams, 'MEGAN', 'slots prod-eu', 'channel');
    const r = await teams.press('MEGAN', actionOf(card, 'Yes, Release test'), {
      replyToId: id,
      scope: 'channel',
    });
    expect(answerText(r)).toMatch(/released/i);
    const update = teams.sent.find((s) => s.method === 'PUT');
    expect(update?.activityId).toBe(id);
    expect(update?.conversation).toBe(THREAD);
    expect(cardOf(update)).toEqual(cardOf(r));
    expect(await slotsOf(app)).toEqual(['dev', 'prod']);
  });

  it('a button is no permission: a Member pressing an admin’s button is refused, and nothing changes', async () => {
    const { app, teams } = await start();
    const { card, id } = await cardFor(teams, 'MEGAN', 'slots prod-eu', 'channel');
    const r = await teams.press('ADELE', actionOf(card, 'Yes, Release test'), {
      replyToId: id,
      scope: 'channel',
    });
    expect(answerText(r)).toContain("You can't do that");
    expect(teams.sent.filter((s) => s.method === 'PUT')).toEqual([]);
    expect(await slotsOf(app)).toEqual(['dev', 'test', 'prod']);
    expect(app.denied.at(-1)).toMatchObject({ chat: 'teams', actor: 'adelev@example.com' });
  });

  it('a double-pressed button changes state once; the retry gets the same card back', async () => {
    const { app, teams } = await start();
    const { card, id } = await cardFor(teams, 'ALEX', 'slots prod-eu');
    const yes = actionOf(card, 'Yes, Release test');
    const first = await teams.press('ALEX', yes, { replyToId: id });
    const auditLength = (await app.data()).audit.length;
    const second = await teams.press('ALEX', yes, { replyToId: id });
    expect(cardOf(second)).toEqual(cardOf(first));
    expect((await app.data()).audit.length).toBe(auditLength);
    expect(teams.sent.filter((s) => s.method === 'PUT')).toHaveLength(1);
    expect(await slotsOf(app)).toEqual(['dev', 'prod']);
  });

  it('two presses at the same moment still change state once', async () => {
    const { app, teams } = await start();
    const { card, id } = await cardFor(teams, 'ALEX', 'slots prod-eu');
    const yes = actionOf(card, 'Yes, Release test');
    const answers = await Promise.all([
      teams.press('ALEX', yes, { replyToId: id }),
      teams.press('ALEX', yes, { replyToId: id }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(await slotsOf(app)).toEqual(['dev', 'prod']);
    expect((await app.data()).audit.filter((e) => e.action.startsWith('slot'))).toHaveLength(1);
  });

  it('a stale card says so and shows how things are now', async () => {
    const { app, teams } = await start();
    const { card: alexCard, id } = await cardFor(teams, 'ALEX', 'slots prod-eu');
    // Megan releases `test` from her own card first.
    const megan = await cardFor(teams, 'MEGAN', 'slots prod-eu');
    await teams.press('MEGAN', actionOf(megan.card, 'Yes, Release test'), { replyToId: megan.id });
    const r = await teams.press('ALEX', actionOf(alexCard, 'Yes, Release test'), { replyToId: id });
    const shown = answerText(r);
    expect(shown).toContain('This card was out of date, so nothing was changed.');
    expect(shown).toContain('No environment on prod-eu named');
    expect(shown).toContain('2 of 4 environment slots used');
    expect(shown).not.toContain('Release test');
    // The answer refreshes itself from now on.
    expect(cardOf(r).refresh?.action.verb).toBe('portal:refresh');
    expect(await slotsOf(app)).toEqual(['dev', 'prod']);
  });
});

describe('forms', () => {
  it('the invite form submits with its inputs; the message then shows the result', async () => {
    const { app, teams } = await start();
    const { card, id } = await cardFor(teams, 'ALEX', 'invite');
    const r = await teams.press('ALEX', actionOf(card, 'Invite'), {
      replyToId: id,
      inputs: { email: 'ana@example.com', name: 'Ana Lima', 'role:prod-eu': 'member', lifetime: 'true' },
    });
    expect(answerText(r)).toContain('Invited Ana Lima');
    const ana = (await app.data()).companies[0]?.members.find((m) => m.email === 'ana@example.com');
    expect(ana).toMatchObject({ status: 'pending', roles: { 'prod-eu': 'member' } });
    expect(cardOf(teams.sent.find((s) => s.method === 'PUT'))).toEqual(cardOf(r));
  });

  it('a refused field comes back next to the field, with what was typed; nothing changes', async () => {
    const { app, teams } = await start();
    const { card, id } = await cardFor(teams, 'ALEX', 'invite');
    const r = await teams.press('ALEX', actionOf(card, 'Invite'), {
      replyToId: id,
      inputs: { email: 'not-an-email', name: 'Ana Lima', 'role:prod-eu': 'member' },
    });
    const answer = cardOf(r);
    const json = JSON.stringify(answer.body);
    expect(json).toContain('"Input.Text"');
    expect(json).toContain('"value":"Ana Lima"');
    expect(json).toContain('"value":"not-an-email"');
    expect(textOf(answer)).toMatch(/! /);
    expect(teams.sent.filter((s) => s.method === 'PUT')).toEqual([]);
    expect((await app.data()).companies[0]?.members.some((m) => m.email === 'not-an-email')).toBe(false);
    // Fixed and sent again from the returned card, it goes through.
    const again = await teams.press('ALEX', actionOf(answer, 'Invite'), {
      replyToId: id,
      inputs: { email: 'ana@example.com', name: 'Ana Lima', 'role:prod-eu': 'member' },
    });
    expect(answerText(again)).toContain('Invited Ana Lima');
  });

  it('inputs that are not fields of the form are not arguments', async () => {
    const { app, teams } = await start();
    // Megan (Infra Admin of prod-eu) gets a form without the Company Admin box.
    const { card, id } = await cardFor(teams, 'MEGAN', 'invite');
    const r = await teams.press('MEGAN', actionOf(card, 'Invite'), {
      replyToId: id,
      inputs: {
        email: 'ana@example.com',
        'role:prod-eu': 'member',
        'company-admin': 'true',
        'infra-admin': 'dev-eu',
      },
    });
    expect(answerText(r)).toContain('Invited');
    const ana = (await app.data()).companies[0]?.members.find((m) => m.email === 'ana@example.com');
    expect(ana?.companyAdmin).toBe(false);
    expect(ana?.roles).toEqual({ 'prod-eu': 'member' });
  });
});

describe('what is not a press of ours gets an answer and no change', () => {
  const refused = async (action: Action, opts: Parameters<Harness['press']>[2] = {}) => {
    const { app, teams } = await start();
    const before = JSON.stringify(await app.data());
    const r = await teams.press('ALEX', action, opts);
    expect(r.status).toBe(200);
    expect(answerText(r)).toContain("I don't recognise that button; nothing was changed.");
    expect(JSON.stringify(await app.data())).toBe(before);
    expect(teams.sent).toEqual([]);
    return teams;
  };

  it('the real invoke payload, as captured: no verb', async () => {
    const { app, teams } = await start();
    const raw = fixture('teams-invoke.adaptiveCard-action.personal');
    const before = JSON.stringify(await app.data());
    const r = await teams.post({
      ...raw,
      serviceUrl: 'https://smba.test/amer/',
      conversation: { ...(raw.conversation as object), tenantId: '00000000-0000-0000-0000-0000000000001' },
      channelData: {
        ...(raw.channelData as object),
        tenant: { id: '00000000-0000-0000-0000-0000000000001' },
      },
    });
    expect(answerText(r)).toContain("I don't recognise that button");
    expect(JSON.stringify(await app.data())).toBe(before);
  });

  it('an unknown verb', () =>
    refused({
      type: 'Action.Execute',
      verb: 'approveEverything',
      data: { portal: '{"c":"remove","a":{}}' },
    }));

  it('a verb that does not name the command in the data', () =>
    refused({
      type: 'Action.Execute',
      verb: 'portal:team:1',
      data: { portal: JSON.stringify({ c: 'remove', a: { email: 'adelev@example.com' } }) },
    }));

  it('data that is not ours', () =>
    refused({ type: 'Action.Execute', verb: 'portal:remove:1', data: { x: 1 } }));

  it('an automatic trigger on a button that changes things', () =>
    refused(
      {
        type: 'Action.Execute',
        verb: 'portal:remove:1',
        data: { portal: JSON.stringify({ c: 'remove', a: { email: 'adelev@example.com' } }) },
      },
      { trigger: 'automatic' },
    ));

  it('a refresh that names a command that changes things', () =>
    refused({
      type: 'Action.Execute',
      verb: 'portal:refresh',
      data: { portal: JSON.stringify({ c: 'remove', a: { email: 'adelev@example.com' } }) },
    }));

  it('an invoke Teams sends for something else is not answered with a card (botbuilder says 501)', async () => {
    const { teams } = await start();
    const r = await teams.post({
      ...fixture('teams-invoke.adaptiveCard-action.personal'),
      name: 'task/fetch',
      serviceUrl: 'https://smba.test/amer/',
    });
    expect(r.status).toBe(501);
    expect(teams.sent).toEqual([]);
  });
});

describe('refresh', () => {
  it('runs the card’s read-only command for whoever is viewing it', async () => {
    const { teams } = await start();
    const { card } = await cardFor(teams, 'ALEX', 'security-contacts');
    const refresh = card.refresh?.action as Action;
    const asAlex = await teams.press('ALEX', refresh, { trigger: 'automatic' });
    const asAdele = await teams.press('ADELE', refresh, { trigger: 'automatic' });
    // Phone numbers are for admins: each viewer sees their own view of the same card.
    expect(answerText(asAlex)).toMatch(/\+44/);
    expect(answerText(asAdele)).not.toMatch(/\+44/);
    expect(teams.sent.filter((s) => s.method === 'PUT')).toEqual([]);
  });
});

describe('slow work', () => {
  it('is answered within the budget with a placeholder; the message shows the result when done', async () => {
    const app = memoryApp();
    let release = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const slow: Core = {
      ...app,
      run: async (id, input) => {
        if (input.kind === 'command' && input.ref.name === 'slot release') await gate;
        return app.run(id, input);
      },
    };
    const { teams } = await start(slow, { invokeBudgetMs: 200 });
    const { card, id } = await cardFor(teams, 'ALEX', 'slots prod-eu');
    const t0 = Date.now();
    const r = await teams.press('ALEX', actionOf(card, 'Yes, Release test'), { replyToId: id });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(answerText(r)).toContain('Working on it');
    release();
    const sent = await teams.waitForSent(2);
    expect(sent[1]).toMatchObject({ method: 'PUT', activityId: id });
    expect(textOf(cardOf(sent[1]))).toMatch(/released/i);
    // Work that outlived its invoke still updates the message with a summary for previews.
    expect(sent[1]?.body).toMatchObject({ summary: expect.stringMatching(/released/i) });
    expect(await slotsOf(app)).toEqual(['dev', 'prod']);
  });
});

describe('cards sent are what Teams accepts', () => {
  it('every Action.Execute carries a verb; the card is Adaptive Card 1.5', async () => {
    const { teams } = await start();
    const { card } = await cardFor(teams, 'ALEX', 'slots prod-eu');
    const verbs: unknown[] = [];
    JSON.stringify(card, (_k, v) => {
      if (v && typeof v === 'object' && (v as Action).type === 'Action.Execute')
        verbs.push((v as Action).verb);
      return v;
    });
    expect(verbs.length).toBeGreaterThan(3);
    for (const v of verbs) expect(v).toMatch(/^portal:/);
    expect(card.version).toBe('1.5');
  });
});

// Issue 8, reproduction 5: every offer can be taken, help lists only usable commands, and the most general rule is named first.
import { describe, expect, it } from 'vitest';
import { ALEX, actionsOf, GRADY, kind, LEE, MEGAN, world } from '../workflow/harness.ts';

const OPS = 'ops@msp.example'; // support contact of CS-1003
const labels = (r: Awaited<ReturnType<ReturnType<typeof world>['app']['say']>>) =>
  actionsOf(r.outcome.reply.view).map((a) => a.label);

describe('every action a view offers, its viewer may take', () => {
  it('an Infra Admin who invites is not offered Cancel invitation (only Company Admins may cancel one)', async () => {
    const w = world();
    const r = await w.app.say(MEGAN, 'invite new1@example.com --member prod-eu');
    expect(r.ok, r.text).toBe(true);
    expect(labels(r)).not.toContain('Cancel invitation');
    // Every button she is offered is accepted when she presses it.
    for (const a of actionsOf(r.outcome.reply.view)) {
      const pressed = await w.app.press(MEGAN, a.command);
      expect(pressed.outcome.result.ok ? 'ok' : kind(pressed), a.label).not.toBe('denied');
    }
  });

  it('a Company Admin who invites is offered Cancel invitation, and pressing it is accepted', async () => {
    const w = world();
    const r = await w.app.say(ALEX, 'invite new1@example.com --member prod-eu');
    const cancel = actionsOf(r.outcome.reply.view).find((a) => a.label === 'Cancel invitation');
    expect(cancel).toBeDefined();
    if (!cancel) return;
    const pressed = await w.app.press(ALEX, cancel.command);
    expect(pressed.outcome.result.ok || kind(pressed) !== 'denied', pressed.text).toBe(true);
  });

  it('an offer sent by message is drawn for its reader: a warned invitee gets no Extend (see removal.test.ts)', async () => {
    const w = world();
    await w.app.say(ALEX, 'grant access nestorw@example.com prod-eu --for 2h');
    await w.app.say(ALEX, `grant access ${GRADY} prod-eu --for 2h`);
    w.app.clock.advance(90 * 60_000);
    await w.deliver();
    const grady = w.sent().find((s) => s.to === GRADY && /ends at/.test(JSON.stringify(s.view)));
    expect(grady && actionsOf(grady.view).map((a) => a.label)).toEqual(['Extend (ask for 2 hours more)']);
    const extend = grady ? actionsOf(grady.view)[0] : undefined;
    if (extend) expect((await w.app.press(GRADY, extend.command)).ok).toBe(true);
  });
});

describe('help lists only the commands the caller can use', () => {
  it('a support contact is not shown `case cc`, which would be refused', async () => {
    const w = world();
    const help = await w.app.say(OPS, 'help cases');
    expect(help.ok, help.text).toBe(true);
    expect(help.text).not.toMatch(/case cc ID EMAIL/);
    expect(kind(await w.app.say(OPS, 'case cc CS-1003 vendor@partner.example'))).toBe('denied');
  });

  it('a Member is shown `case cc`, and may use it on a case they can see', async () => {
    const w = world();
    expect((await w.app.say(GRADY, 'help cases')).text).toMatch(/case cc ID EMAIL/);
  });
});

describe('a refusal names the most general rule the caller fails first', () => {
  it("a Member typing `invite` is told Members can't invite, not the rule about infrastructure roles", async () => {
    const w = world();
    for (const line of ['invite', 'invite ana@example.com', 'invite ana@example.com --company-admin']) {
      const r = await w.app.say(GRADY, line);
      expect(kind(r), line).toBe('denied');
      expect(r.text, line).toContain("Members can't invite");
      expect(r.text, line).not.toContain('without any infrastructure role');
    }
  });

  it('an Infra Admin inviting without an infrastructure role hears that rule, since she may invite elsewhere', async () => {
    const w = world();
    const r = await w.app.say(LEE, 'invite ana@example.com');
    expect(kind(r)).toBe('denied');
    expect(r.text).toContain('only Company Admins may invite a member without any infrastructure role');
  });
});

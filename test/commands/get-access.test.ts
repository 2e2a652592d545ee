// "how do I get access to X?": a Request button (opening the request form) when a request could be decided, and
// otherwise who can grant it; who approves what, by the rules.
import { describe, expect, it } from 'vitest';
import { memoryApp } from '../fakes/app.ts';

const ADELE = 'adelev@example.com'; // Member of prod-eu
const GRADY = 'gradya@example.com'; // Member of dev-eu

describe('get-access / "how do I get access to X?"', () => {
  it('offers a Request button and names who decides', async () => {
    const r = await memoryApp().say(ADELE, 'how do I get access to dev-eu?');
    expect(r.ok).toBe(true);
    expect(r.text).toContain('To get access to *dev-eu*, ask for it with a reason.');
    expect(r.text).toContain('Its Infra Admins (Lee Gu <leeg@example.com>) or a Company Admin');
    const actions = r.outcome.reply.view.blocks.flatMap((b) => (b.kind === 'actions' ? b.actions : []));
    expect(actions).toEqual([
      {
        label: 'Request access to dev-eu',
        command: { name: 'get-access', args: { infra: 'dev-eu', form: 'true' } },
        style: 'primary',
      },
    ]);
  });

  it('the button opens the request form, and submitting it files the request', async () => {
    const app = memoryApp();
    const first = await app.say(ADELE, 'how do I get access to dev-eu?');
    const button = first.outcome.reply.view.blocks.flatMap((b) => (b.kind === 'actions' ? b.actions : []))[0];
    const form = await app.press(ADELE, button?.command ?? { name: '', args: {} });
    const spec = form.outcome.reply.view.blocks.find((b) => b.kind === 'form');
    expect(spec?.kind === 'form' && spec.form.submit).toEqual({
      name: 'request',
      args: { kind: 'access', infra: 'dev-eu' },
    });
    expect(spec?.kind === 'form' && spec.form.fields.map((f) => f.name)).toEqual(['reason', 'for']);
    // Submitted as a chat would: the submit command with the fields' values, a blank duration included.
    const filed = await app.press(ADELE, {
      name: 'request',
      args: { kind: 'access', infra: 'dev-eu', reason: 'QA', for: '' },
    });
    expect(filed.ok).toBe(true);
    const request = (await app.data()).companies[0]?.requests.at(-1);
    expect(request).toMatchObject({
      requester: ADELE,
      kind: 'access',
      infra: 'dev-eu',
      reason: 'QA',
      status: 'pending',
    });
    expect(request?.forMs).toBeUndefined();
    // Asked again: it points at the waiting request instead of offering a second one.
    const again = await app.say(ADELE, 'how do I get access to dev-eu?');
    expect(again.text).toContain(`You already asked for it in ${request?.id}`);
    expect(again.outcome.reply.view.blocks.some((b) => b.kind === 'actions')).toBe(false);
  });

  it('says so when the caller already has access', async () => {
    const r = await memoryApp().say(GRADY, 'how do I get access to dev-eu?');
    expect(r.text).toContain('You already have access to *dev-eu* as Member.');
    expect(r.outcome.reply.view.blocks.some((b) => b.kind === 'actions')).toBe(false);
  });

  it('without anyone who could decide, says who can grant it and offers no button', async () => {
    const app = memoryApp((d) => {
      const c = d.companies[0];
      if (!c) return;
      // Only Alex could grant access to dev-eu, and it is Alex who asks.
      for (const m of c.members) {
        if (m.email !== 'alexw@example.com') m.companyAdmin = false;
        if (m.roles['dev-eu'] === 'admin') m.roles['dev-eu'] = 'member';
      }
    });
    const r = await app.say('alexw@example.com', 'how do I get access to dev-eu?');
    expect(r.text).toContain('Only Company Admins or the Infra Admins of *dev-eu* can grant access');
    expect(r.outcome.reply.view.blocks.some((b) => b.kind === 'actions')).toBe(false);
  });

  it('an unknown infrastructure gets the nearest one', async () => {
    const r = await memoryApp().say(ADELE, 'how do I get access to dev-ue?');
    expect(r.ok).toBe(false);
    expect(r.text).toContain('did you mean dev-eu?');
  });

  it('is refused to a pending invitee and a support contact, naming who to ask', async () => {
    for (const who of ['nestorw@example.com', 'ops@msp.example']) {
      const r = await memoryApp().say(who, 'how do I get access to dev-eu?');
      expect(r.ok).toBe(false);
      expect(r.text).toContain("You can't do that");
      expect(r.text).toContain('Alex Wilber');
    }
  });
});

describe('who approves', () => {
  it('Company Admin requests: the Company Admins, and how many approvals', async () => {
    const r = await memoryApp().say(ADELE, 'who approves company-admin');
    expect(r.text).toContain('decided by the Company Admins (2 approvals needed, never the requester)');
  });

  it('access requests: the Infra Admins of X and the Company Admins', async () => {
    const r = await memoryApp().say(ADELE, 'who approves access dev-eu');
    expect(r.text).toContain('Access requests for *dev-eu* are decided by its Infra Admins: Lee Gu');
    expect(r.text).toContain('and by the Company Admins: Alex Wilber');
  });

  it.each([
    ['who approves', 'say what is approved: cases, access, infra-admin or company-admin'],
    ['who approves cases', 'cases needs an infrastructure, e.g. prod-eu'],
    ['who approves company-admin prod-eu', 'leave out the infrastructure'],
    ['who approves lunch prod-eu', 'say what is approved'],
  ])('%j is refused with what would work', async (line, problem) => {
    const r = await memoryApp().say(ADELE, line);
    expect(r.ok).toBe(false);
    expect(r.text).toContain(problem);
    expect(r.text).toContain('who approves cases|access|infra-admin|company-admin [INFRA]');
  });
});

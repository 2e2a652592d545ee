// Bad input through the real pipeline on a real file: a clear answer naming what is wrong, and not one byte changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Failure } from '../../src/commands/failure.ts';
import type { CommandRef } from '../../src/views/view.ts';
import { fileApp } from '../fakes/app.ts';

const ALEX = 'alexw@example.com';
const INVITE_USAGE =
  'invite EMAIL [--name N] [--company-admin] [--infra-admin X,...] [--member X,...] [--lifetime]';

type Case = {
  line: string | CommandRef;
  kind: Failure['kind'];
  /** Strings the rendered reply must contain: the field or problem, and the usage where it applies. */
  says: string[];
  usage?: string;
};

const cases: Record<string, Case> = {
  'link-guest on a chat that does not exist': {
    line: 'link-guest adelev@example.com irc U0GUEST1',
    kind: 'invalid',
    says: ['platform', 'expected slack or teams'],
    usage: 'link-guest EMAIL slack|teams ID',
  },
  'link-guest with an id that is not one': {
    line: 'link-guest adelev@example.com slack "<@U1>"',
    kind: 'invalid',
    says: ['id', 'expected a Slack user id'],
    usage: 'link-guest EMAIL slack|teams ID',
  },
  'edit with a role that does not exist': {
    line: 'edit adelev@example.com --role:prod-eu boss',
    kind: 'invalid',
    says: ['expected none, member or admin'],
  },
  'request with no reason': {
    line: 'request access dev-eu',
    kind: 'invalid',
    says: ['reason', '--reason is missing'],
  },
  'approve with an id that is not one': {
    line: 'approve 1001',
    kind: 'invalid',
    says: ['id', 'expected a request id such as AR-1001'],
  },
  'notify with an unknown kind': {
    line: 'notify outage prod-eu down',
    kind: 'invalid',
    says: ['type', 'expected maintenance, disruptive or security'],
  },
  'a malformed email': {
    line: 'grant access not-an-email prod-eu',
    kind: 'invalid',
    says: ['email', 'expected an email address'],
    usage: 'grant access EMAIL INFRA [--for 8h]',
  },
  'an email without a domain': {
    line: 'invite a@b',
    kind: 'invalid',
    says: ['email', 'expected an email address'],
    usage: INVITE_USAGE,
  },
  'an unknown infrastructure': {
    line: 'grant access adelev@example.com prod-us',
    kind: 'not-found',
    says: ['prod-us', 'did you mean prod-eu?'],
  },
  'an unknown member close to a real one': {
    line: 'grant access adelv@example.com prod-eu',
    kind: 'not-found',
    says: ['adelv@example.com', 'did you mean adelev@example.com?'],
  },
  'an unknown member': {
    line: 'revoke access nobody@example.com prod-eu',
    kind: 'not-found',
    says: ['No member', 'nobody@example.com'],
  },
  'a 300-character case title': {
    line: `case open prod-eu ${'t'.repeat(300)}`,
    kind: 'invalid',
    says: ['title', 'at most 200 characters'],
    usage: 'case open INFRA TITLE',
  },
  'a 150-character name': {
    line: `invite ana@example.com --name ${'n'.repeat(150)} --member prod-eu`,
    kind: 'invalid',
    says: ['name', 'at most 100 characters'],
    usage: INVITE_USAGE,
  },
  'a control character in a typed name': {
    line: 'invite ana@example.com --name "Ana\u0007Lima" --member prod-eu',
    kind: 'invalid',
    says: ['message', 'control characters'],
  },
  'a control character in a name from a form': {
    line: {
      name: 'invite',
      args: { email: 'ana@example.com', name: 'Ana\u001b[31mLima', member: 'prod-eu' },
    },
    kind: 'invalid',
    says: ['name', 'control characters'],
    usage: INVITE_USAGE,
  },
  'grant access with no arguments': {
    line: 'grant access',
    kind: 'invalid',
    says: ['email', 'EMAIL is missing'],
    usage: 'grant access EMAIL INFRA [--for 8h]',
  },
  'grant access with no infrastructure': {
    line: 'grant access adelev@example.com',
    kind: 'invalid',
    says: ['infra', 'INFRA is missing'],
    usage: 'grant access EMAIL INFRA [--for 8h]',
  },
  'case open with no title': {
    line: 'case open prod-eu',
    kind: 'invalid',
    says: ['title', 'TITLE is missing'],
    usage: 'case open INFRA TITLE',
  },
  'case open with a blank title': {
    line: 'case open prod-eu "   "',
    kind: 'invalid',
    says: ['title', 'cannot be empty'],
    usage: 'case open INFRA TITLE',
  },
  'invite --name with no value': {
    line: 'invite --name',
    kind: 'invalid',
    says: ['--name', 'needs a value'],
    usage: INVITE_USAGE,
  },
  'a phone number without a country code': {
    line: 'security-contact set meganb@example.com 12345',
    kind: 'invalid',
    says: ['phone', '12345 is not a valid international number', 'country code'],
    usage: 'security-contact set EMAIL PHONE',
  },
  'a local phone number': {
    line: 'security-contact set meganb@example.com 555-1234',
    kind: 'invalid',
    says: ['phone', '555-1234 is not a valid international number'],
    usage: 'security-contact set EMAIL PHONE',
  },
  'an impossible international number': {
    line: 'security-contact set meganb@example.com +1 555',
    kind: 'invalid',
    says: ['phone', 'is not a valid international number'],
    usage: 'security-contact set EMAIL PHONE',
  },
  'a duration that is not one': {
    line: 'audit --since forever',
    kind: 'invalid',
    says: ['since', 'expected a duration such as 30m, 8h, 7d or 2w'],
    usage: 'audit [--member EMAIL] [--infra X] [--since 7d] [--page N] [--export csv]',
  },
  'page zero': {
    line: 'team --page 0',
    kind: 'invalid',
    says: ['page', 'PAGE starts at 1'],
    usage: 'team [active|pending|contacts] [--infra X] [--search TEXT] [--page N] [--export csv]',
  },
  'a page that is not a number': {
    line: 'team --page two',
    kind: 'invalid',
    says: ['page'],
    usage: 'team [active|pending|contacts] [--infra X] [--search TEXT] [--page N] [--export csv]',
  },
  'an unknown team status': {
    line: 'team everyone',
    kind: 'invalid',
    says: ['status', 'expected active, pending or contacts'],
    usage: 'team [active|pending|contacts] [--infra X] [--search TEXT] [--page N] [--export csv]',
  },
  'an export format the bot does not write': {
    line: 'audit --export pdf',
    kind: 'invalid',
    says: ['export', 'the export format is csv: --export csv'],
    usage: 'audit [--member EMAIL] [--infra X] [--since 7d] [--page N] [--export csv]',
  },
  'undo with arguments': {
    line: 'undo everything',
    kind: 'invalid',
    says: ['arguments', 'undo takes no arguments, got 1'],
    usage: 'undo',
  },
  'an infrastructure to get access to that is not an id': {
    line: 'get-access "dev eu!"',
    kind: 'invalid',
    says: ['infra', 'expected a short id'],
    usage: 'get-access INFRA',
  },
  'an unknown infrastructure to get access to': {
    line: 'get-access dev-ue',
    kind: 'not-found',
    says: ['dev-ue', 'did you mean dev-eu?'],
  },
  'an empty search': {
    line: 'team --search " "',
    kind: 'invalid',
    says: ['search', 'the search text cannot be empty'],
    usage: 'team [active|pending|contacts] [--infra X] [--search TEXT] [--page N] [--export csv]',
  },
  'an infrastructure id that is not a slug': {
    line: 'grant access adelev@example.com "prod eu!"',
    kind: 'invalid',
    says: ['infra', 'expected a short id'],
    usage: 'grant access EMAIL INFRA [--for 8h]',
  },
  'an unknown infrastructure in an invitation': {
    line: 'invite ana@example.com --member prod-eu,prod-uk',
    kind: 'not-found',
    says: ['prod-uk', 'did you mean prod-eu?'],
  },
  'review start due in zero days': {
    line: 'review start prod-eu --due 0d',
    kind: 'invalid',
    says: ['due', 'at least 1 day'],
    usage: 'review start [INFRA] [--due 14d]',
  },
  'review start due in a negative time': {
    line: 'review start prod-eu --due -3d',
    kind: 'invalid',
    says: ['due', 'such as 14d or 2w'],
    usage: 'review start [INFRA] [--due 14d]',
  },
  'review start due beyond 90 days': {
    line: 'review start --due 13w',
    kind: 'invalid',
    says: ['due', 'within 90d at most'],
    usage: 'review start [INFRA] [--due 14d]',
  },
  'review start due in hours': {
    line: 'review start --due 8h',
    kind: 'invalid',
    says: ['due', 'days or weeks'],
  },
  'review start due as garbage': {
    line: 'review start prod-eu --due soon',
    kind: 'invalid',
    says: ['due', 'such as 14d or 2w'],
  },
  'review start of an infrastructure that does not exist': {
    line: 'review start prod-uk',
    kind: 'not-found',
    says: ['prod-uk', 'did you mean prod-eu?'],
  },
  'review decide with a decision that is neither': {
    line: 'review decide RV-1001 1 maybe',
    kind: 'invalid',
    says: ['decision', 'expected keep or remove'],
    usage: 'review decide ID ITEM keep|remove',
  },
  'review decide with an item that is not a number': {
    line: 'review decide RV-1001 first keep',
    kind: 'invalid',
    says: ['item', 'expected a number'],
  },
  'review decide with a review id that is not one': {
    line: 'review decide AR-1001 1 keep',
    kind: 'invalid',
    says: ['id', 'expected a review id such as RV-1001'],
  },
  'review decide of a review that does not exist': {
    line: 'review decide RV-4242 1 keep',
    kind: 'not-found',
    says: ['RV-4242', 'review status'],
  },
  'review status of a review that does not exist': {
    line: 'review status RV-4242',
    kind: 'not-found',
    says: ['RV-4242'],
  },
  'review keep-all with a page that is not one': {
    line: 'review keep-all RV-1001 --page 0',
    kind: 'invalid',
    says: ['page', 'PAGE starts at 1'],
  },
  'settings review.revoke-undecided with a value that is neither': {
    line: 'settings review.revoke-undecided sometimes',
    kind: 'invalid',
    says: ['value', 'expected on or off'],
    usage: 'settings review.revoke-undecided on|off',
  },
  'a near-miss command': {
    line: 'grnat access adelev@example.com prod-eu',
    kind: 'unknown-command',
    says: ['Did you mean', 'grant access'],
    usage: 'grant access EMAIL INFRA [--for 8h]',
  },
};

describe('bad input, as Company Admin alexw, on a real store file', () => {
  let app: Awaited<ReturnType<typeof fileApp>>;
  beforeAll(async () => {
    app = await fileApp();
  });
  afterAll(async () => {
    await app.cleanup();
  });

  it.each(Object.entries(cases))('%s', async (_, c) => {
    const before = await app.bytes();
    const r = typeof c.line === 'string' ? await app.say(ALEX, c.line) : await app.press(ALEX, c.line);
    const after = await app.bytes();

    expect(r.ok).toBe(false);
    const result = r.outcome.result;
    if (result.ok) throw new Error('expected a failure');
    expect(result.failure.kind).toBe(c.kind);
    for (const s of c.says) expect(r.text).toContain(s);
    if (c.usage) expect(r.text).toContain(`\`${c.usage}\``);
    expect(r.text).not.toMatch(/\bat \S+ \(|\bat file:|Error:|node:internal|\.ts:\d+/);
    expect(after.equals(before)).toBe(true);
  });

  it('the store still holds the demo team untouched after all of it', async () => {
    const data = await app.data();
    const contoso = data.companies.find((c) => c.id === 'contoso');
    expect(contoso?.members.find((m) => m.email === 'adelev@example.com')?.roles).toEqual({
      'prod-eu': 'member',
    });
    expect(contoso?.members.some((m) => m.email === 'ana@example.com')).toBe(false);
    expect(contoso?.cases).toHaveLength(4);
    expect(data.audit).toEqual([]);
  });

  it('a good command after all of them still changes the file (the comparison can see a change)', async () => {
    const before = await app.bytes();
    const r = await app.say(ALEX, 'grant access adelev@example.com dev-eu');
    expect(r.ok).toBe(true);
    expect((await app.bytes()).equals(before)).toBe(false);
  });
});

// Every registry command through the real pipeline: one caller allowed, one refused, and a refusal changes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../../src/commands/registry.ts';
import { fileApp, memoryApp, type TestApp } from '../fakes/app.ts';

const ALEX = 'alexw@example.com'; // Company Admin, Member of prod-eu
const MEGAN = 'meganb@example.com'; // Infra Admin of prod-eu
const LEE = 'leeg@example.com'; // Infra Admin of dev-eu and hybrid-ap
const DIEGO = 'diegos@example.com'; // Infra Admin of onprem-1, Member of prod-eu
const ADELE = 'adelev@example.com'; // Member of prod-eu
const GRADY = 'gradya@example.com'; // Member of dev-eu only
const NESTOR = 'nestorw@example.com'; // pending, invited to dev-eu
const OPS = 'ops@msp.example'; // support contact of CS-1003
const NOBODY = 'nobody@example.com'; // unknown

const WHO: Record<string, string> = {
  [ALEX]: 'Alex (Company Admin)',
  [MEGAN]: 'Megan (Infra Admin of prod-eu)',
  [LEE]: 'Lee (Infra Admin of dev-eu)',
  [DIEGO]: 'Diego (Infra Admin of onprem-1)',
  [ADELE]: 'Adele (Member of prod-eu)',
  [GRADY]: 'Grady (Member of dev-eu)',
  [NESTOR]: 'Nestor (pending)',
  [OPS]: 'ops@msp.example (support contact)',
  [NOBODY]: 'nobody@example.com (unknown)',
};

type Try = { as: string; line: string };
type Case = (
  | { allowed: Try; denied: Try & { kind?: 'denied' | 'unknown-user' }; extra?: Try[] }
  | { allowed: Try; never: string }
) & {
  /** Lines run (and expected to succeed) on the fresh app before the case, e.g. filing the request to approve. */
  setup?: Try[];
};

/** Adele asks for access to dev-eu: AR-1001, decided by Alex, Pradeep or Lee. */
const A_REQUEST: Try[] = [{ as: ADELE, line: 'request access dev-eu --reason "QA"' }];

/** Alex starts a review of prod-eu: RV-1001. Item 1 is Alex's own Member role, reviewed by Megan; item 2 is Megan's Infra Admin role, reviewed by the Company Admins. */
const A_REVIEW: Try[] = [{ as: ALEX, line: 'review start prod-eu' }];

/** One case per registry command; a command missing here fails the test below. */
const CASES: Record<string, Case> = {
  help: {
    allowed: { as: NOBODY, line: 'help' },
    never: 'help is open to everyone, even people the bot does not know',
  },
  whoami: {
    allowed: { as: ADELE, line: 'whoami' },
    denied: { as: NOBODY, line: 'whoami', kind: 'unknown-user' },
  },
  'who approves': {
    allowed: { as: GRADY, line: 'who approves cases prod-eu' },
    denied: { as: NESTOR, line: 'who approves cases prod-eu' },
  },
  'get-access': {
    allowed: { as: ADELE, line: 'get-access dev-eu' },
    denied: { as: OPS, line: 'get-access dev-eu' },
    extra: [{ as: NESTOR, line: 'how do I get access to dev-eu?' }],
  },
  undo: {
    setup: [{ as: ALEX, line: 'grant access gradya@example.com prod-eu' }],
    allowed: { as: ALEX, line: 'undo' },
    denied: { as: NESTOR, line: 'undo' },
  },
  team: {
    allowed: { as: ADELE, line: 'team' },
    denied: { as: OPS, line: 'team' },
    extra: [{ as: NESTOR, line: 'team --search megan' }],
  },
  'who admins': {
    allowed: { as: GRADY, line: 'who admins prod-eu' },
    extra: [{ as: OPS, line: 'who are the admins?' }],
    denied: { as: NESTOR, line: 'who admins prod-eu' },
  },
  invite: {
    allowed: { as: MEGAN, line: 'invite ana@example.com --member prod-eu' },
    denied: { as: LEE, line: 'invite ana@example.com --member prod-eu' },
    extra: [
      { as: MEGAN, line: 'invite ana@example.com --company-admin --member prod-eu' },
      { as: MEGAN, line: 'invite ana@example.com' },
      { as: ADELE, line: 'invite' },
    ],
  },
  accept: { allowed: { as: NESTOR, line: 'accept' }, denied: { as: ADELE, line: 'accept' } },
  resend: {
    allowed: { as: MEGAN, line: 'resend pattif@example.com' },
    denied: { as: LEE, line: 'resend pattif@example.com' },
  },
  'cancel-invite': {
    allowed: { as: ALEX, line: 'cancel-invite nestorw@example.com --confirm' },
    denied: { as: LEE, line: 'cancel-invite nestorw@example.com --confirm' },
  },
  'grant company-admin': {
    allowed: { as: ALEX, line: `grant company-admin ${MEGAN}` },
    denied: { as: MEGAN, line: `grant company-admin ${MEGAN}` },
  },
  'revoke company-admin': {
    allowed: { as: ALEX, line: 'revoke company-admin pradeepg@example.com --confirm' },
    denied: { as: MEGAN, line: 'revoke company-admin pradeepg@example.com --confirm' },
  },
  'grant infra-admin': {
    allowed: { as: MEGAN, line: `grant infra-admin ${ADELE} prod-eu` },
    denied: { as: LEE, line: `grant infra-admin ${ADELE} prod-eu` },
    extra: [{ as: MEGAN, line: `grant infra-admin ${GRADY} dev-eu` }],
  },
  'revoke infra-admin': {
    allowed: { as: ALEX, line: `revoke infra-admin ${MEGAN} prod-eu` },
    denied: { as: LEE, line: `revoke infra-admin ${MEGAN} prod-eu` },
  },
  'grant access': {
    allowed: { as: MEGAN, line: `grant access ${GRADY} prod-eu` },
    denied: { as: ADELE, line: `grant access ${GRADY} prod-eu` },
  },
  'revoke access': {
    allowed: { as: MEGAN, line: `revoke access ${ADELE} prod-eu` },
    denied: { as: LEE, line: `revoke access ${ADELE} prod-eu` },
  },
  remove: {
    allowed: { as: ALEX, line: `remove ${ADELE} --confirm` },
    denied: { as: MEGAN, line: `remove ${ADELE} --confirm` },
  },
  'link-guest': {
    allowed: { as: ALEX, line: 'link-guest adelev@example.com slack U0GUEST1' },
    denied: { as: MEGAN, line: 'link-guest adelev@example.com slack U0GUEST1' },
  },
  'remove-contact': {
    allowed: { as: ALEX, line: 'remove-contact kim@partner.example --confirm' },
    denied: { as: MEGAN, line: 'remove-contact kim@partner.example --confirm' },
  },
  'security-contact set': {
    allowed: { as: MEGAN, line: `security-contact set ${ADELE} +351912345678` },
    denied: { as: LEE, line: `security-contact set ${ADELE} +351912345678` },
    extra: [
      { as: LEE, line: `security-contact set ${ADELE} +351 912 345 678` },
      { as: ADELE, line: `security-contact set ${ADELE} 00351912345678` },
    ],
  },
  'security-contact clear': {
    allowed: { as: MEGAN, line: `security-contact clear ${DIEGO}` },
    denied: { as: LEE, line: `security-contact clear ${DIEGO}` },
  },
  'security-contacts': {
    allowed: { as: ADELE, line: 'security-contacts' },
    denied: { as: NESTOR, line: 'security-contacts' },
  },
  'case open': {
    allowed: { as: ADELE, line: 'case open prod-eu "Login fails after the upgrade"' },
    denied: { as: NESTOR, line: 'case open prod-eu "Login fails after the upgrade"' },
  },
  cases: { allowed: { as: OPS, line: 'cases' }, denied: { as: NESTOR, line: 'cases' } },
  'case list': {
    allowed: { as: ADELE, line: 'case list prod-eu' },
    denied: { as: NESTOR, line: 'case list prod-eu' },
  },
  'case approve': {
    allowed: { as: DIEGO, line: 'case approve CS-1003' },
    denied: { as: ALEX, line: 'case approve CS-1003' },
    extra: [{ as: OPS, line: 'case approve CS-1003' }],
  },
  'case cc': {
    allowed: { as: ADELE, line: 'case cc CS-1001 vendor@partner.example' },
    denied: { as: GRADY, line: 'case cc CS-1001 vendor@partner.example' },
    extra: [{ as: OPS, line: 'case cc CS-1003 vendor@partner.example' }],
  },
  slots: { allowed: { as: MEGAN, line: 'slots prod-eu' }, denied: { as: ADELE, line: 'slots prod-eu' } },
  'slot register': {
    allowed: { as: MEGAN, line: 'slot register prod-eu perf' },
    denied: { as: ADELE, line: 'slot register prod-eu perf' },
  },
  'slot release': {
    allowed: { as: MEGAN, line: 'slot release prod-eu dev' },
    denied: { as: LEE, line: 'slot release prod-eu dev' },
  },
  license: {
    allowed: { as: MEGAN, line: 'license prod-eu' },
    denied: { as: ADELE, line: 'license prod-eu' },
  },
  audit: { allowed: { as: MEGAN, line: 'audit --infra prod-eu' }, denied: { as: MEGAN, line: 'audit' } },
  'audit verify': {
    allowed: { as: ALEX, line: 'audit verify' },
    denied: { as: MEGAN, line: 'audit verify' },
  },
  request: {
    allowed: { as: ADELE, line: 'request access dev-eu --reason "QA"' },
    denied: { as: NESTOR, line: 'request access dev-eu --reason "QA"' },
  },
  requests: { allowed: { as: ADELE, line: 'requests' }, denied: { as: NESTOR, line: 'requests' } },
  decide: {
    setup: A_REQUEST,
    allowed: { as: GRADY, line: 'decide AR-1001' },
    denied: { as: OPS, line: 'decide AR-1001' },
  },
  approve: {
    setup: A_REQUEST,
    allowed: { as: LEE, line: 'approve AR-1001' },
    denied: { as: MEGAN, line: 'approve AR-1001' },
    extra: [{ as: GRADY, line: 'approve AR-1001' }],
  },
  deny: {
    setup: A_REQUEST,
    allowed: { as: LEE, line: 'deny AR-1001 --reason "use staging"' },
    denied: { as: GRADY, line: 'deny AR-1001 --reason "use staging"' },
  },
  'cancel-request': {
    setup: A_REQUEST,
    allowed: { as: ADELE, line: 'cancel-request AR-1001' },
    denied: { as: NESTOR, line: 'cancel-request AR-1001' },
  },
  'settings approvals-channel': {
    allowed: { as: ALEX, line: 'settings approvals-channel C0APPROVALS --platform slack' },
    denied: { as: MEGAN, line: 'settings approvals-channel prod-eu C0APPROVALS --platform slack' },
  },
  notify: {
    allowed: { as: ALEX, line: 'notify maintenance prod-eu "Saturday 02:00 UTC: upgrade"' },
    denied: { as: MEGAN, line: 'notify maintenance prod-eu "Saturday 02:00 UTC: upgrade"' },
  },
  'review start': {
    allowed: { as: MEGAN, line: 'review start prod-eu' },
    denied: { as: LEE, line: 'review start prod-eu' },
    extra: [
      { as: MEGAN, line: 'review start' },
      { as: ADELE, line: 'review start prod-eu' },
    ],
  },
  'review status': {
    setup: A_REVIEW,
    allowed: { as: MEGAN, line: 'review status RV-1001' },
    denied: { as: ADELE, line: 'review status RV-1001' },
    extra: [{ as: LEE, line: 'review status RV-1001' }],
  },
  'review show': {
    setup: A_REVIEW,
    allowed: { as: MEGAN, line: 'review show RV-1001' },
    denied: { as: LEE, line: 'review show RV-1001' },
    extra: [{ as: ADELE, line: 'review show RV-1001' }],
  },
  'review decide': {
    setup: A_REVIEW,
    allowed: { as: MEGAN, line: 'review decide RV-1001 1 keep' },
    denied: { as: LEE, line: 'review decide RV-1001 1 keep' },
    extra: [
      { as: MEGAN, line: 'review decide RV-1001 2 keep' },
      { as: ADELE, line: 'review decide RV-1001 1 remove' },
    ],
  },
  'review keep-all': {
    setup: A_REVIEW,
    allowed: { as: MEGAN, line: 'review keep-all RV-1001' },
    denied: { as: LEE, line: 'review keep-all RV-1001' },
  },
  'settings review.revoke-undecided': {
    allowed: { as: ALEX, line: 'settings review.revoke-undecided on' },
    denied: { as: MEGAN, line: 'settings review.revoke-undecided on' },
  },
  edit: {
    allowed: { as: MEGAN, line: `edit ${ADELE} --role:prod-eu admin` },
    denied: { as: LEE, line: `edit ${ADELE} --role:prod-eu admin` },
  },
  notifications: {
    allowed: { as: ADELE, line: 'notifications' },
    denied: { as: NESTOR, line: 'notifications' },
  },
};

const registry = commands();
const caseOf = (name: string): Case => {
  const c = CASES[name];
  if (!c) throw new Error(`registry command "${name}" has no allowed/denied case in this test`);
  return c;
};
const refusals = (c: Case): Array<Try & { kind?: 'denied' | 'unknown-user' }> =>
  'denied' in c ? [c.denied, ...(c.extra ?? [])] : [];

/** Every run of digits in a line long enough to be (part of) a phone number. */
const digitRuns = (line: string) => (line.match(/\+?\d[\d\s]{5,}\d/g) ?? []).map((m) => m.replace(/\D/g, ''));

/** Runs a case's setup lines; each must succeed, or the case would test the wrong thing. */
async function setUp(app: TestApp, c: Case) {
  for (const t of c.setup ?? []) {
    const { ok, text } = await app.say(t.as, t.line);
    if (!ok) throw new Error(`setup \`${t.line}\` failed: ${text}`);
  }
}

describe('every registry command has a case here', () => {
  it.each(registry.map((c) => c.name))('%s has an allowed and a denied (or never-denied) case', (name) => {
    expect(CASES[name], `add "${name}" to CASES`).toBeDefined();
  });

  it('names no command the registry does not have', () => {
    expect(Object.keys(CASES).sort()).toEqual(registry.map((c) => c.name).sort());
  });
});

describe('through the pipeline: allowed for the right caller, refused for the wrong one', () => {
  for (const command of registry) {
    const c = caseOf(command.name);

    it(`\`${c.allowed.line}\` is allowed for ${WHO[c.allowed.as]}`, async () => {
      const app = memoryApp();
      await setUp(app, c);
      const { ok, outcome, text } = await app.say(c.allowed.as, c.allowed.line);
      expect(outcome.command).toBe(command.name);
      expect(ok, text).toBe(true);
    });

    if ('never' in c)
      it(`\`${c.allowed.line}\` is never refused: ${c.never}`, async () => {
        const app = memoryApp();
        await setUp(app, c);
        for (const as of [ALEX, ADELE, NESTOR, OPS, NOBODY])
          expect((await app.say(as, c.allowed.line)).ok, WHO[as]).toBe(true);
      });
    for (const d of refusals(c))
      it(`\`${d.line}\` is refused to ${WHO[d.as]}`, async () => {
        const app = memoryApp();
        await setUp(app, c);
        const { ok, outcome } = await app.say(d.as, d.line);
        expect(outcome.command).toBe(command.name);
        expect(ok).toBe(false);
        expect(outcome.result.ok ? 'ok' : outcome.result.failure.kind).toBe(d.kind ?? 'denied');
      });
  }
});

describe('a refused change leaves the store file byte for byte as it was, and is logged without phone numbers', () => {
  let app: Awaited<ReturnType<typeof fileApp>> | undefined;
  afterEach(async () => {
    await app?.cleanup();
    app = undefined;
  });

  const changing = registry.filter((c) => c.changes);

  it('every changing command has a refusal to check', () => {
    for (const c of changing) expect(refusals(caseOf(c.name)).length, c.name).toBeGreaterThan(0);
  });

  for (const command of changing)
    for (const d of refusals(caseOf(command.name)))
      it(`\`${d.line}\` by ${WHO[d.as]} writes nothing and logs the rule`, async () => {
        app = await fileApp();
        await setUp(app, caseOf(command.name));
        const before = await app.bytes();
        const logged = app.denied.length;

        const { outcome } = await app.say(d.as, d.line);

        expect(outcome.result.ok ? 'ok' : outcome.result.failure.kind).toBe('denied');
        expect((await app.bytes()).equals(before)).toBe(true);
        expect(app.denied).toHaveLength(logged + 1);
        const entry = app.denied.at(-1) ?? {};
        expect(entry.capability).toBeTruthy();
        // A rule names who may; the most general one ("Members can't invite ...") names who can't first.
        expect(entry.rule).toMatch(/^(only .+ may |\w+ can't .+: only .+ may)/);
        expect(entry.command).toBe(command.name);
        expect(entry.actor).toBe(d.as);
        const logText = Object.values(entry).join('\n');
        for (const digits of digitRuns(d.line)) expect(logText.replace(/\D/g, '')).not.toContain(digits);
      });
});

describe('pending members, support contacts and unknown users get help and little else', () => {
  const everyone = [
    { who: 'a pending member', as: NESTOR, refusedAs: 'denied', may: ['help', 'whoami', 'accept'] },
    {
      who: 'a support contact',
      as: OPS,
      refusedAs: 'denied',
      // DESIGN.md: a contact may register a case (it waits for approval) and see their own cases.
      may: ['help', 'whoami', 'case open', 'cases', 'case list'],
    },
    { who: 'an unknown user', as: NOBODY, refusedAs: 'unknown-user', may: ['help'] },
  ] as const;

  for (const { who, as, refusedAs, may } of everyone)
    for (const command of registry) {
      const { line } = caseOf(command.name).allowed;
      const allowed = (may as readonly string[]).includes(command.name);
      it(`${who} ${allowed ? 'may' : 'may not'} run \`${line}\``, async () => {
        const app: TestApp = memoryApp();
        await setUp(app, caseOf(command.name));
        const before = JSON.stringify(await app.data());
        const { outcome, text } = await app.say(as, line);
        expect(outcome.command).toBe(command.name);
        if (allowed) expect(outcome.result.ok, text).toBe(true);
        else {
          expect(outcome.result.ok ? 'ok' : outcome.result.failure.kind).toBe(refusedAs);
          expect(JSON.stringify(await app.data())).toBe(before);
        }
      });
    }
});

describe('rules found by these tests', () => {
  // Resend must not let an Infra Admin revive a Company Admin invitation she could never have sent.
  it('an Infra Admin cannot renew an invitation that would make someone Company Admin', async () => {
    const app = memoryApp();
    expect((await app.say(ALEX, 'invite ana@example.com --company-admin --member prod-eu')).ok).toBe(true);
    app.clock.advance(8 * 86_400_000); // past the 7-day expiry
    const { outcome } = await app.say(MEGAN, 'resend ana@example.com');
    expect(outcome.result.ok ? 'ok' : outcome.result.failure.kind).toBe('denied');
  });

  it('nobody approves their own support case, even after becoming Infra Admin', async () => {
    const app = memoryApp();
    expect((await app.say(LEE, 'case open prod-eu "Own case"')).text).toContain('waits');
    await app.say(ALEX, 'grant infra-admin leeg@example.com prod-eu');
    const own = await app.say(LEE, 'case approve CS-1005');
    expect(own.outcome.result).toMatchObject({ ok: false, failure: { kind: 'denied' } });
    expect(own.text).toContain('Megan Bowen');
    expect((await app.say(MEGAN, 'case approve CS-1005')).ok).toBe(true);
  });

  it('nobody approves or denies their own access request, even a Company Admin', async () => {
    const app = memoryApp();
    expect((await app.say(ALEX, 'request infra-admin prod-eu --reason "on call"')).ok).toBe(true);
    for (const line of ['approve AR-1001', 'deny AR-1001']) {
      const own = await app.say(ALEX, line);
      expect(own.outcome.result).toMatchObject({ ok: false, failure: { kind: 'denied' } });
      expect(own.text).toContain('nobody approves or denies their own request');
      expect(own.text).toContain('Megan Bowen');
    }
    expect((await app.say(MEGAN, 'approve AR-1001')).ok).toBe(true);
  });

  it('approving a request that does not exist is "not found", not a denial', async () => {
    const app = memoryApp();
    const r = await app.say(ALEX, 'approve AR-9999');
    expect(r.outcome.result).toMatchObject({ ok: false, failure: { kind: 'not-found' } });
    expect(app.denied).toHaveLength(0);
  });

  it('approving a case that does not exist is "not found", not a denial', async () => {
    const app = memoryApp();
    const r = await app.say(ALEX, 'case approve CS-9999');
    expect(r.outcome.result).toMatchObject({ ok: false, failure: { kind: 'not-found' } });
    expect(app.denied).toHaveLength(0);
  });
});

// The capability table read as DESIGN.md's "Who may do what": every capability against every kind of caller.
import { describe, expect, it } from 'vitest';
import { seedData } from '../../src/app/app.ts';
import type { Company } from '../../src/domain/schemas.ts';
import type { Caller } from '../../src/policy/caller.ts';
import { authorize, CAPABILITIES, type Capability, type Decision } from '../../src/policy/capabilities.ts';

const demo = (): Company => {
  const company = seedData(true, new Date('2026-11-28T12:00:00Z')).companies[0];
  if (!company) throw new Error('the demo company did not load');
  return company;
};
const contoso = demo();

const member = (email: string): Caller => ({ kind: 'member', chat: 'console', companyId: 'contoso', email });

// The callers, each a column of the table below. Scoped capabilities are asked about prod-eu.
const CALLERS = {
  CA: { who: 'a Company Admin who is a Member of prod-eu (Alex)', caller: member('alexw@example.com') },
  CA0: { who: 'a Company Admin with no role on prod-eu (Pradeep)', caller: member('pradeepg@example.com') },
  IA: { who: 'an Infra Admin of prod-eu (Megan)', caller: member('meganb@example.com') },
  IAx: { who: 'an Infra Admin of dev-eu (Lee)', caller: member('leeg@example.com') },
  M: { who: 'a Member of prod-eu (Adele)', caller: member('adelev@example.com') },
  Mx: { who: 'a Member not on prod-eu (Grady)', caller: member('gradya@example.com') },
  P: {
    who: 'a pending member (Nestor)',
    caller: { kind: 'pending', chat: 'console', companyId: 'contoso', email: 'nestorw@example.com' },
  },
  C: {
    who: 'a support contact (ops@msp.example)',
    caller: { kind: 'contact', chat: 'console', companyId: 'contoso', email: 'ops@msp.example' },
  },
  U: {
    who: 'an unknown user',
    caller: { kind: 'unknown', chat: 'console', companyId: 'contoso', reason: 'not on the team' },
  },
} satisfies Record<string, { who: string; caller: Caller }>;
type Column = keyof typeof CALLERS;

/*
 * Written out by hand from DESIGN.md, "Who may do what" (scope X = prod-eu). Compare line by line:
 * - browse:                       "use the bot, see account info, browse the team": every active member; pending/contact/unknown "help only".
 * - invite / invite-without-infra: Company Admin on any infrastructure, an Infra Admin "only X"; with no infrastructure role, only a Company Admin.
 * - open-case:                    every active member may register one (on an infrastructure they are not on it waits for approval);
 *                                 a contact too ("needs approval").
 * - open-case-unreviewed:         a Company Admin or Member only "if associated with X", an Infra Admin of X always.
 * - view-cases-of-infra:          "all of X" only for an Infra Admin of X (a Company Admin sees their own, and all of X where Infra Admin).
 * - approve-case:                 "only as Infra Admin of X": being Company Admin is not enough.
 * - manage-security-contact:      Company Admin; Infra Admin "for members on X".
 * Not rows of DESIGN.md, and read from the commands' own docs instead:
 * - help for anyone; whoami answers anyone about themselves (an unknown caller hears they are unknown);
 *   accept-invitation only for a pending member (that is how they stop being pending).
 * - see-phone-numbers: security-contacts shows phone numbers "to admins only" (Company Admins and Infra Admins of any infrastructure).
 * - view-audit (of X), view-company-audit, verify-audit: a Company Admin reads everything; an Infra Admin only the trail of X.
 * - link-guests (DESIGN.md "An admin can link a guest explicitly": Company Admins, as they hold the team),
 * - manage-settings (where approval requests are posted, whether access reviews revoke the undecided), send-notices (the manual `notify`) and
 *   view-all-notifications (the company's whole outbox): Company Admins only.
 * - review-access (issue 12): a Company Admin reviews the company or any infrastructure, an Infra Admin only their own.
 * The "receives" rows of DESIGN.md (scope X = prod-eu):
 * - receive-disruptive: Company Admin "yes", Infra Admin "for X".
 * - receive-maintenance: Company Admin "no", Infra Admin of X "yes" (a Company Admin who is only a Member of X gets none).
 * - receive-license: Company Admin "yes", Infra Admin of X "yes".
 * - receive-security: "the Security role holders", whatever else they are: of these callers only Megan.
 */
const MATRIX = `
  capability               CA   CA0  IA   IAx  M    Mx   P    C    U
  help                     yes  yes  yes  yes  yes  yes  yes  yes  yes
  whoami                   yes  yes  yes  yes  yes  yes  yes  yes  yes
  accept-invitation        no   no   no   no   no   no   yes  no   no
  browse                   yes  yes  yes  yes  yes  yes  no   no   no
  invite                   yes  yes  yes  no   no   no   no   no   no
  invite-without-infra     yes  yes  no   no   no   no   no   no   no
  manage-company-admins    yes  yes  no   no   no   no   no   no   no
  manage-infra-roles       yes  yes  yes  no   no   no   no   no   no
  remove-people            yes  yes  no   no   no   no   no   no   no
  open-case                yes  yes  yes  yes  yes  yes  no   yes  no
  open-case-unreviewed     yes  no   yes  no   yes  no   no   no   no
  view-cases-of-infra      no   no   yes  no   no   no   no   no   no
  view-own-cases           yes  yes  yes  yes  yes  yes  no   yes  no
  approve-case             no   no   yes  no   no   no   no   no   no
  manage-slots             yes  yes  yes  no   no   no   no   no   no
  manage-security-contact  yes  yes  yes  no   no   no   no   no   no
  see-phone-numbers        yes  yes  yes  yes  no   no   no   no   no
  view-audit               yes  yes  yes  no   no   no   no   no   no
  view-company-audit       yes  yes  no   no   no   no   no   no   no
  verify-audit             yes  yes  no   no   no   no   no   no   no
  link-guests              yes  yes  no   no   no   no   no   no   no
  manage-settings          yes  yes  no   no   no   no   no   no   no
  review-access            yes  yes  yes  no   no   no   no   no   no
  send-notices             yes  yes  no   no   no   no   no   no   no
  view-all-notifications   yes  yes  no   no   no   no   no   no   no
  receive-disruptive       yes  yes  yes  no   no   no   no   no   no
  receive-maintenance      no   no   yes  no   no   no   no   no   no
  receive-license          yes  yes  yes  no   no   no   no   no   no
  receive-security         no   no   yes  no   no   no   no   no   no
`;

function readMatrix(table: string): Map<string, Map<Column, boolean>> {
  const [head, ...lines] = table
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/));
  const columns = (head ?? []).slice(1) as Column[];
  const rows = new Map<string, Map<Column, boolean>>();
  for (const [name = '', ...cells] of lines) {
    if (cells.length !== columns.length) throw new Error(`row ${name} has ${cells.length} cells`);
    if (cells.some((c) => c !== 'yes' && c !== 'no')) throw new Error(`row ${name}: cells are yes or no`);
    rows.set(name, new Map(columns.map((col, i) => [col, cells[i] === 'yes'])));
  }
  return rows;
}

const expected = readMatrix(MATRIX);
const SCOPE = 'prod-eu';

/** The row's own words, about the caller in the third person: "cannot accept their own invitation". */
function phrase(cap: Capability, scope: string): string {
  const { does, scoped } = CAPABILITIES[cap];
  const said = does.replace(/\byour\b/g, 'their').replace(/\byou\b/g, 'them');
  return scoped ? `${said} ${scope}` : said;
}

const names = (d: Decision) => (d.allowed ? [] : d.couldInstead.map((p) => p.name));

function denied(d: Decision) {
  if (d.allowed) throw new Error(`expected a denial, got allowed via ${d.via}`);
  return d;
}

describe('the capability table, as DESIGN.md says', () => {
  it('has a row in the expected matrix for every capability, and no row for one that is gone', () => {
    expect([...expected.keys()].sort()).toEqual(Object.keys(CAPABILITIES).sort());
  });

  const cases = [...expected].flatMap(([cap, row]) =>
    [...row].map(([col, yes]) => ({
      cap: cap as Capability,
      col,
      yes,
      name: `${CALLERS[col].who} ${yes ? 'can' : 'cannot'} ${phrase(cap as Capability, SCOPE)}`,
    })),
  );

  for (const { cap, col, yes, name } of cases)
    it(name, () => {
      const decision = authorize(contoso, CALLERS[col].caller, cap, SCOPE);
      expect(decision.allowed).toBe(yes);
      if (!decision.allowed) {
        expect(decision.capability).toBe(cap);
        expect(decision.rule).toMatch(/^only .+ may .+/);
      }
    });
});

describe('the scope of an Infra Admin is their own infrastructures', () => {
  const megan = CALLERS.IA.caller;
  const lee = CALLERS.IAx.caller;

  it('an Infra Admin of dev-eu cannot grant or revoke roles on prod-eu', () => {
    expect(authorize(contoso, lee, 'manage-infra-roles', 'prod-eu').allowed).toBe(false);
  });

  it('an Infra Admin of dev-eu can grant or revoke roles on dev-eu and hybrid-ap', () => {
    expect(authorize(contoso, lee, 'manage-infra-roles', 'dev-eu').allowed).toBe(true);
    expect(authorize(contoso, lee, 'manage-infra-roles', 'hybrid-ap').allowed).toBe(true);
  });

  it('an Infra Admin of prod-eu who is a Member of dev-eu cannot manage slots, roles or cases on dev-eu', () => {
    for (const cap of ['manage-slots', 'manage-infra-roles', 'approve-case', 'view-cases-of-infra'] as const)
      expect(authorize(contoso, megan, cap, 'dev-eu').allowed, cap).toBe(false);
  });

  it('a scoped capability asked with no infrastructure is refused to an Infra Admin', () => {
    expect(authorize(contoso, megan, 'manage-infra-roles').allowed).toBe(false);
    expect(authorize(contoso, CALLERS.CA.caller, 'manage-infra-roles').allowed).toBe(true);
  });

  it('an infrastructure nobody administers can be managed by the Company Admins only', () => {
    expect(authorize(contoso, megan, 'manage-slots', 'nowhere-1').allowed).toBe(false);
    expect(authorize(contoso, CALLERS.CA0.caller, 'manage-slots', 'nowhere-1').allowed).toBe(true);
  });

  it('a member who left the team holds nothing, even with a member caller', () => {
    const gone = member('someone-else@example.com');
    for (const cap of Object.keys(CAPABILITIES) as Capability[])
      if (cap !== 'help' && cap !== 'whoami')
        expect(authorize(contoso, gone, cap, SCOPE).allowed, cap).toBe(false);
  });

  it('a pending invitee flagged Company Admin holds none of it until they join', () => {
    const company = demo();
    const nestor = company.members.find((m) => m.email === 'nestorw@example.com');
    if (!nestor) throw new Error('Nestor is missing from the demo');
    nestor.companyAdmin = true;
    nestor.roles['prod-eu'] = 'admin';
    for (const cap of [
      'manage-company-admins',
      'manage-infra-roles',
      'remove-people',
      'manage-slots',
    ] as const)
      expect(authorize(company, CALLERS.P.caller, cap, SCOPE).allowed, cap).toBe(false);
  });
});

describe('who receives notices', () => {
  const holders = (cap: Capability, scope?: string) =>
    contoso.members.filter((m) => authorize(contoso, member(m.email), cap, scope).allowed).map((m) => m.name);

  it('security notices go to the Security role holders of the demo, Megan and Diego, and nobody else', () => {
    expect(holders('receive-security')).toEqual(['Megan Bowen', 'Diego Siciliani']);
  });

  it('a pending invitee who is an Infra Admin of hybrid-ap receives nothing about hybrid-ap until they join', () => {
    for (const cap of ['receive-disruptive', 'receive-maintenance', 'receive-license'] as const)
      expect(holders(cap, 'hybrid-ap'), cap).toEqual(
        cap === 'receive-maintenance' ? ['Lee Gu'] : ['Alex Wilber', 'Pradeep Gupta', 'Lee Gu'],
      );
  });
});

describe('a denial names the rule and who could do it instead', () => {
  it('Adele (Member) denied managing roles on prod-eu hears: Company Admins or the Infra Admins of prod-eu, by name', () => {
    const d = denied(authorize(contoso, CALLERS.M.caller, 'manage-infra-roles', 'prod-eu'));
    expect(d.rule).toContain('Company Admins');
    expect(d.rule).toContain('Infra Admins of prod-eu');
    expect(d.rule).toBe(
      'only Company Admins or the Infra Admins of prod-eu may grant or revoke roles on prod-eu',
    );
    expect(names(d)).toEqual(['Alex Wilber', 'Pradeep Gupta', 'Megan Bowen']);
    expect(names(d)).not.toContain('Adele Vance');
    expect(d.couldInstead).toContainEqual({ name: 'Megan Bowen', email: 'meganb@example.com' });
  });

  it('a Company Admin denied approving a case on onprem-1 is pointed to its Infra Admin only', () => {
    const d = denied(authorize(contoso, CALLERS.CA.caller, 'approve-case', 'onprem-1'));
    expect(d.rule).toBe(
      'only the Infra Admins of onprem-1 may approve an unauthorized support case on onprem-1',
    );
    expect(names(d)).toEqual(['Diego Siciliani']);
  });

  it('an Infra Admin denied granting Company Admin is pointed to both Company Admins', () => {
    const d = denied(authorize(contoso, CALLERS.IAx.caller, 'manage-company-admins'));
    expect(d.rule).toBe('only Company Admins may invite with, grant or revoke Company Admin');
    expect(names(d)).toEqual(['Alex Wilber', 'Pradeep Gupta']);
  });

  it('an Infra Admin of prod-eu denied slots on dev-eu is pointed to the Company Admins and Lee, not to herself', () => {
    const d = denied(authorize(contoso, CALLERS.IA.caller, 'manage-slots', 'dev-eu'));
    expect(d.rule).toContain('the Infra Admins of dev-eu');
    expect(names(d)).toEqual(['Alex Wilber', 'Pradeep Gupta', 'Lee Gu']);
  });

  it('a Member denied phone numbers is pointed to the Company Admins and every Infra Admin', () => {
    const d = denied(authorize(contoso, CALLERS.M.caller, 'see-phone-numbers'));
    expect(names(d).sort()).toEqual(
      ['Alex Wilber', 'Pradeep Gupta', 'Megan Bowen', 'Lee Gu', 'Diego Siciliani', 'Isaiah Langer'].sort(),
    );
  });

  it('a pending invitee Infra Admin of hybrid-ap is never offered as someone who could do it', () => {
    const d = denied(authorize(contoso, CALLERS.M.caller, 'manage-slots', 'hybrid-ap'));
    expect(names(d)).toEqual(['Alex Wilber', 'Pradeep Gupta', 'Lee Gu']);
    expect(names(d)).not.toContain('Joni Sherman');
  });

  it('someone both Company Admin and Infra Admin of the scope is named once', () => {
    const company = demo();
    const alex = company.members.find((m) => m.email === 'alexw@example.com');
    if (!alex) throw new Error('Alex is missing from the demo');
    alex.roles['prod-eu'] = 'admin';
    const d = denied(authorize(company, CALLERS.M.caller, 'manage-infra-roles', 'prod-eu'));
    expect(names(d)).toEqual(['Alex Wilber', 'Pradeep Gupta', 'Megan Bowen']);
  });

  it.each([
    ['a pending member', CALLERS.P.caller],
    ['a support contact', CALLERS.C.caller],
    ['an unknown user', CALLERS.U.caller],
  ])('%s denied browsing the team is told it is for active members, and who can invite them', (_, caller) => {
    const d = denied(authorize(contoso, caller, 'browse'));
    expect(d.rule).toBe(
      'only active members of the team may use the bot, see account info, browse the team and its permissions',
    );
    expect(names(d)).toEqual(['Alex Wilber', 'Pradeep Gupta']);
  });

  it('an unknown user of no known company is denied with nobody to name', () => {
    const d = denied(
      authorize(undefined, { kind: 'unknown', chat: 'console', reason: 'stranger' }, 'browse'),
    );
    expect(d.couldInstead).toEqual([]);
    expect(d.rule).toContain('active members');
  });
});

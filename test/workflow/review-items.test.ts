// The review rules as tables: who reviews an item, who may still decide it, and when Remove is refused outright.
import { describe, expect, it } from 'vitest';
import { seedData } from '../../src/app/app.ts';
import type { Company, ReviewItem } from '../../src/domain/schemas.ts';
import { buildItems, cannotRemove, mayDecide } from '../../src/workflow/review-items.ts';
import { ALEX, DIEGO, LEE, MEGAN, PRADEEP } from './harness.ts';

const demo = (change: (c: Company) => void = () => {}): Company => {
  const c = seedData(true, new Date('2026-11-28T12:00:00Z')).companies[0];
  if (!c) throw new Error('no demo company');
  change(c);
  return c;
};
const who = (c: Company, email: string) => {
  const m = c.members.find((x) => x.email === email);
  if (!m) throw new Error(`${email} is not in the demo`);
  return m;
};
const timedCompanyAdmin = (c: Company, email: string) =>
  c.grants.push({
    email,
    kind: 'company-admin',
    until: '2026-12-31T00:00:00.000Z',
    warned: false,
    source: `granted by ${ALEX}`,
  });
/** A change to the demo: `who` no longer a Company Admin. */
const notCompanyAdmin = (email: string) => (c: Company) => {
  who(c, email).companyAdmin = false;
};

const caItem = (email: string): ReviewItem => ({
  review: 'RV-1',
  n: 1,
  email,
  role: { kind: 'company-admin' },
  reviewers: [],
  escalated: false,
  decision: 'undecided',
});

describe('Remove is refused outright only for the last permanent Company Admin', () => {
  const cases: Array<{ rule: string; company: () => Company; holder: string; refused: boolean }> = [
    {
      rule: 'two permanent Company Admins: either may go',
      company: () => demo(),
      holder: ALEX,
      refused: false,
    },
    {
      rule: 'the only Company Admin stays',
      company: () => demo(notCompanyAdmin(PRADEEP)),
      holder: ALEX,
      refused: true,
    },
    {
      rule: 'the one permanent Company Admin stays while the other holds it for a while',
      company: () => demo((c) => void timedCompanyAdmin(c, PRADEEP)),
      holder: ALEX,
      refused: true,
    },
    {
      rule: 'a Company Admin for a while may be removed while a permanent one remains',
      company: () => demo((c) => void timedCompanyAdmin(c, PRADEEP)),
      holder: PRADEEP,
      refused: false,
    },
    {
      rule: 'a pending Company Admin counts for nothing, and may be removed',
      company: () =>
        demo((c) => {
          who(c, 'nestorw@example.com').companyAdmin = true;
          who(c, PRADEEP).companyAdmin = false;
        }),
      holder: 'nestorw@example.com',
      refused: false,
    },
  ];
  for (const t of cases)
    it(t.rule, () => {
      const c = t.company();
      expect(cannotRemove(c, caItem(t.holder)) !== null).toBe(t.refused);
    });

  it('other roles are never refused outright (their own rules apply when revoked)', () => {
    const c = demo(notCompanyAdmin(PRADEEP));
    expect(cannotRemove(c, { ...caItem(ALEX), role: { kind: 'security' } })).toBeNull();
    expect(
      cannotRemove(c, { ...caItem(ALEX), role: { kind: 'infra', infra: 'prod-eu', role: 'member' } }),
    ).toBeNull();
  });
});

describe('who reviews, and who may still decide', () => {
  it('nobody is ever a reviewer of their own role, in any scope', () => {
    const c = demo();
    for (const scope of [{ kind: 'company' } as const, { kind: 'infra', infra: 'prod-eu' } as const])
      for (const item of buildItems(c, 'RV-1', scope))
        expect(item.reviewers, JSON.stringify(item)).not.toContain(item.email);
  });

  it('an infrastructure with two Infra Admins: each reviews the other, nobody else is asked', () => {
    const c = demo((x) => {
      who(x, DIEGO).roles['dev-eu'] = 'admin';
    });
    const items = buildItems(c, 'RV-1', { kind: 'infra', infra: 'dev-eu' });
    const of = (email: string) => items.find((i) => i.email === email);
    expect(of(LEE)?.reviewers).toEqual([DIEGO]);
    expect(of(DIEGO)?.reviewers).toEqual([LEE]);
    expect(of(LEE)?.escalated).toBe(false);
  });

  const decide: Array<{ rule: string; change: (c: Company) => void; who: string; may: boolean }> = [
    { rule: 'the Infra Admin asked may decide', change: () => {}, who: MEGAN, may: true },
    { rule: 'a Company Admin not asked may not', change: () => {}, who: ALEX, may: false },
    {
      rule: 'the Infra Admin asked, since demoted, may not',
      change: (c) => {
        who(c, MEGAN).roles['prod-eu'] = 'member';
      },
      who: MEGAN,
      may: false,
    },
    {
      rule: 'the Infra Admin asked, since removed from the team, may not',
      change: (c) => {
        c.members = c.members.filter((m) => m.email !== MEGAN);
      },
      who: MEGAN,
      may: false,
    },
  ];
  for (const t of decide)
    it(t.rule, () => {
      const c = demo();
      const item = buildItems(c, 'RV-1', { kind: 'infra', infra: 'prod-eu' }).find(
        (i) => i.email === 'adelev@example.com',
      );
      if (!item) throw new Error('Adele holds no prod-eu role in the demo');
      t.change(c);
      expect(mayDecide(c, item, t.who)).toBe(t.may);
    });
});

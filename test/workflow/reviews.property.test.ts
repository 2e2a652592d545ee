// Access reviews under any order of presses, by anyone, on any item: the company keeps an active Company
// Admin, nobody decides their own access, every decision is audited once, and a removal really removed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { activeCompanyAdmins, findMember } from '../../src/domain/company.ts';
import type { Company, ReviewItem } from '../../src/domain/schemas.ts';
import type { CommandRef } from '../../src/views/view.ts';
import { ADELE, ALEX, company, DIEGO, LEE, MEGAN, PRADEEP, world } from './harness.ts';

const PEOPLE = [ALEX, PRADEEP, MEGAN, LEE, DIEGO, ADELE];

const press = fc.record({
  who: fc.constantFrom(...PEOPLE),
  item: fc.integer({ min: 1, max: 30 }),
  decision: fc.constantFrom('keep', 'remove'),
  keepAll: fc.boolean(),
});

const held = (c: Company, i: ReviewItem) => {
  const m = findMember(c, i.email);
  if (!m) return false;
  if (i.role.kind === 'company-admin') return m.companyAdmin;
  if (i.role.kind === 'security') return m.security !== undefined;
  return m.roles[i.role.infra] !== undefined;
};

describe('a company-wide review, pressed at random', () => {
  it('keeps every rule whatever is pressed, by whom, in what order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(press, { minLength: 1, maxLength: 12 }), async (presses) => {
        const w = world();
        expect((await w.app.say(ALEX, 'review start')).ok).toBe(true);
        for (const p of presses) {
          const ref: CommandRef = p.keepAll
            ? { name: 'review keep-all', args: { id: 'RV-1001' } }
            : { name: 'review decide', args: { id: 'RV-1001', item: String(p.item), decision: p.decision } };
          const r = await w.app.press(p.who, ref);
          expect(r.text).not.toMatch(/Error:|\.ts:\d+/);
          expect(activeCompanyAdmins(await company(w.app)).length).toBeGreaterThan(0);
        }
        const data = await w.app.data();
        const c = data.companies[0] as Company;
        const decided = c.reviewItems.filter((i) => i.decidedBy);
        for (const i of decided) {
          expect(i.decidedBy).not.toBe(i.email);
          expect(i.reviewers).toContain(i.decidedBy);
          if (i.decision === 'remove' && !i.note) expect(held(c, i), JSON.stringify(i)).toBe(false);
        }
        expect(data.audit.filter((e) => e.action === 'review.decide')).toHaveLength(decided.length);
      }),
      { numRuns: 25 },
    );
  });
});

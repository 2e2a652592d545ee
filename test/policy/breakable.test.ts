// The test-only breakage switch: it breaks exactly the rule named, and only under vitest.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { seedData } from '../../src/app/app.ts';
import { roleChangeRefusal } from '../../src/domain/invariants.ts';
import type { Company } from '../../src/domain/schemas.ts';
import { breakRule, INVARIANT_IDS, isBroken, RULE_IDS } from '../../src/policy/breakable.ts';
import type { Caller } from '../../src/policy/caller.ts';
import { authorize, CAPABILITIES } from '../../src/policy/capabilities.ts';

const contoso = (): Company => {
  const company = seedData(true, new Date('2026-11-28T12:00:00Z')).companies[0];
  if (!company) throw new Error('the demo company did not load');
  return company;
};
const adele: Caller = { kind: 'member', chat: 'console', companyId: 'contoso', email: 'adelev@example.com' };

afterEach(() => {
  vi.unstubAllEnvs();
  breakRule(null);
});

describe('the breakage switch', () => {
  it('lists one rule a capability row, then each invariant', () => {
    expect(RULE_IDS).toEqual([...Object.keys(CAPABILITIES), ...INVARIANT_IDS]);
    expect(new Set(RULE_IDS).size).toBe(RULE_IDS.length);
  });

  it('a broken capability row lets a Member do what only Company Admins may', () => {
    const company = contoso();
    expect(authorize(company, adele, 'remove-people').allowed).toBe(false);
    breakRule('remove-people');
    expect(isBroken('remove-people')).toBe(true);
    expect(authorize(company, adele, 'remove-people').allowed).toBe(true);
    // Only the rule named is broken.
    expect(authorize(company, adele, 'manage-company-admins').allowed).toBe(false);
    breakRule(null);
    expect(authorize(company, adele, 'remove-people').allowed).toBe(false);
  });

  it('a broken invariant skips its check, and only that one', () => {
    const company = contoso();
    const selfRaise = {
      actor: 'pradeepg@example.com',
      actorPermanent: true,
      target: 'pradeepg@example.com',
      change: 'raise',
      role: { kind: 'infra', infra: 'prod-eu', role: 'admin' },
    } as const;
    expect(roleChangeRefusal(company, selfRaise)?.rule).toBe('time-bound-no-self-change');
    breakRule('time-bound-no-demote-permanent');
    expect(roleChangeRefusal(company, selfRaise)?.rule).toBe('time-bound-no-self-change');
    breakRule('time-bound-no-self-change');
    expect(roleChangeRefusal(company, selfRaise)).toBeNull();
  });

  it('refuses an unknown rule id', () => {
    expect(() => breakRule('no-such-rule' as never)).toThrow(/no such rule/);
  });

  it('refuses to work outside vitest, so production can never be switched', () => {
    vi.stubEnv('VITEST', '');
    expect(() => breakRule('remove-people')).toThrow(/only under vitest/);
    expect(isBroken('remove-people')).toBe(false);
  });
});

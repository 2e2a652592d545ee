// Identity resolution in the core: bound ids first, then the verified email; refusals and conflicts are unknown.
import { describe, expect, it } from 'vitest';
import { seedData } from '../../src/app/app.ts';
import { type Identity, resolveIn } from '../../src/app/identity.ts';

const data = () => {
  const d = seedData(true, new Date('2026-11-28T12:00:00Z'));
  const megan = d.companies[0]?.members.find((m) => m.email === 'meganb@example.com');
  megan?.identities.push({
    platform: 'teams',
    tenantId: '00000000-0000-0000-0000-0000000000001',
    aadObjectId: 'aad-megan',
  });
  return d;
};
const teams = (over: Partial<Extract<Identity, { chat: 'teams' }>>): Identity => ({
  chat: 'teams',
  tenantId: '00000000-0000-0000-0000-0000000000001',
  aadObjectId: 'aad-x',
  email: null,
  ...over,
});

describe('resolveIn', () => {
  it('a bound id is the identity, whatever email the platform now reports', () => {
    const r = resolveIn(data(), teams({ aadObjectId: 'aad-megan', email: 'alexw@example.com' }));
    expect(r.caller).toMatchObject({ kind: 'member', email: 'meganb@example.com' });
    expect(r.bind).toBeUndefined();
  });

  it('a refused account is unknown even when bound', () => {
    const r = resolveIn(
      data(),
      teams({ aadObjectId: 'aad-megan', refused: 'guest accounts cannot use this' }),
    );
    expect(r.caller).toMatchObject({ kind: 'unknown', reason: 'guest accounts cannot use this' });
  });

  it('a first match by verified email asks to bind', () => {
    const r = resolveIn(data(), teams({ aadObjectId: 'aad-adele', email: 'AdeleV@Example.com' }));
    expect(r.caller).toMatchObject({ kind: 'member', email: 'adelev@example.com' });
    expect(r.bind?.identity).toEqual({
      platform: 'teams',
      tenantId: '00000000-0000-0000-0000-0000000000001',
      aadObjectId: 'aad-adele',
    });
  });

  it('another account claiming an already bound member is refused', () => {
    const r = resolveIn(data(), teams({ aadObjectId: 'aad-other', email: 'meganb@example.com' }));
    expect(r.caller).toMatchObject({ kind: 'unknown' });
    expect(r.caller.kind === 'unknown' && r.caller.reason).toContain('already linked');
  });

  it('no verified email, a foreign tenant, or an email not on the team: unknown', () => {
    expect(resolveIn(data(), teams({})).caller.kind).toBe('unknown');
    expect(resolveIn(data(), teams({ tenantId: 'other', email: 'alexw@example.com' })).caller).toMatchObject({
      kind: 'unknown',
      reason: 'this Microsoft Teams tenant is not connected to a company',
    });
    expect(resolveIn(data(), teams({ email: 'x@example.com' })).caller.kind).toBe('unknown');
  });

  it('a support contact by verified email is a contact, never bound', () => {
    const r = resolveIn(data(), teams({ email: 'kim@partner.example' }));
    expect(r.caller).toMatchObject({ kind: 'contact', email: 'kim@partner.example' });
    expect(r.bind).toBeUndefined();
  });
});

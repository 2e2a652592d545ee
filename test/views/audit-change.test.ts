// Each audit row says what changed, before → after: a table of recorded events and the words they read as.
import { describe, expect, it } from 'vitest';
import { auditChange } from '../../src/views/audit-change.ts';
import { plainOf } from '../../src/views/view.ts';

const roles = (
  companyAdmin: boolean,
  r: Record<string, 'admin' | 'member'>,
  until: string | null = null,
) => ({
  companyAdmin,
  roles: r,
  until,
});
const AT = '2026-11-28T14:00:00.000Z';

type Row = { rule: string; action: string; infra?: string; before: unknown; after: unknown; reads: string };
const ROWS: Row[] = [
  {
    rule: 'a promotion on one infrastructure names it and both roles',
    action: 'role.change',
    infra: 'prod-eu',
    before: roles(false, { 'prod-eu': 'member' }),
    after: roles(false, { 'prod-eu': 'admin' }),
    reads: 'prod-eu: member → admin',
  },
  {
    rule: 'a time-bound grant says until when',
    action: 'role.change',
    infra: 'dev-eu',
    before: roles(false, {}),
    after: roles(false, { 'dev-eu': 'member' }, AT),
    reads: 'dev-eu: none → member (until 28 Nov 2026 14:00 UTC)',
  },
  {
    rule: 'Company Admin granted for a while reads no → yes (until …)',
    action: 'company-admin.grant',
    before: roles(false, { 'prod-eu': 'member' }),
    after: roles(true, { 'prod-eu': 'member' }, AT),
    reads: 'Company Admin: no → yes (until 28 Nov 2026 14:00 UTC)',
  },
  {
    rule: 'Company Admin revoked reads yes → no',
    action: 'company-admin.revoke',
    before: roles(true, {}),
    after: roles(false, {}),
    reads: 'Company Admin: yes → no',
  },
  {
    rule: 'an extended grant shows the old and new end',
    action: 'role.change',
    infra: 'prod-eu',
    before: roles(false, { 'prod-eu': 'admin' }, '2026-11-28T10:00:00.000Z'),
    after: roles(false, { 'prod-eu': 'admin' }, AT),
    reads: 'prod-eu: admin (until 28 Nov 2026 10:00 UTC) → admin (until 28 Nov 2026 14:00 UTC)',
  },
  {
    rule: 'an expired grant restores the role before it',
    action: 'grant.expire',
    infra: 'prod-eu',
    before: { companyAdmin: false, roles: { 'prod-eu': 'admin' } },
    after: { companyAdmin: false, roles: { 'prod-eu': 'member' } },
    reads: 'prod-eu: admin → member',
  },
  {
    rule: 'the last Company Admin kept says why',
    action: 'grant.kept-last-admin',
    before: roles(true, {}),
    after: roles(true, {}),
    reads: 'Company Admin: yes (kept: the last active Company Admin)',
  },
  {
    rule: 'an invitation shows the roles it offers',
    action: 'member.invite',
    before: null,
    after: { email: 'a@example.com', status: 'pending', companyAdmin: false, roles: { 'prod-eu': 'member' } },
    reads: 'not on the team → invited (prod-eu: member)',
  },
  {
    rule: 'a cancelled invitation',
    action: 'member.cancel-invite',
    before: { status: 'pending', companyAdmin: true, roles: {} },
    after: null,
    reads: 'invited (Company Admin) → invitation cancelled',
  },
  {
    rule: 'a removed member',
    action: 'member.remove',
    before: { status: 'active', companyAdmin: false, roles: { 'dev-eu': 'admin', 'prod-eu': 'member' } },
    after: null,
    reads: 'active (dev-eu: admin, prod-eu: member) → removed',
  },
  {
    rule: 'an accepted invitation',
    action: 'member.accept',
    before: { status: 'pending', invitation: { invitedBy: 'x@example.com' } },
    after: { status: 'active' },
    reads: 'status: pending → active; invitation: set → none',
  },
  {
    rule: 'a resent invitation moves its expiry',
    action: 'member.resend',
    before: { expiresAt: '2026-11-30T12:00:00.000Z' },
    after: { expiresAt: '2026-12-05T12:00:00.000Z' },
    reads: 'expiresAt: 30 Nov 2026 12:00 UTC → 5 Dec 2026 12:00 UTC',
  },
  {
    rule: 'a security contact set',
    action: 'security-contact.set',
    before: null,
    after: { phone: '+442079460958' },
    reads: 'security contact: none → +442079460958',
  },
  {
    rule: 'a security contact cleared',
    action: 'security-contact.clear',
    before: { phone: '+442079460958' },
    after: null,
    reads: 'security contact: +442079460958 → none',
  },
  {
    rule: 'a decided request shows its status and reason',
    action: 'request.deny',
    before: { status: 'pending', approvals: 0 },
    after: { status: 'denied', approvals: 0, reason: 'use staging' },
    reads: 'status: pending → denied; reason: none → use staging',
  },
  {
    rule: 'a cc lists the addresses before and after',
    action: 'case.cc',
    before: { cc: [] },
    after: { cc: ['v@partner.example'] },
    reads: 'cc: none → v@partner.example',
  },
  {
    rule: 'a linked account names the platform ids',
    action: 'identity.link',
    before: null,
    after: { platform: 'slack', teamId: 'T1', userId: 'U1' },
    reads: 'linked: none → slack T1/U1',
  },
  {
    rule: 'a new record reads none → its status',
    action: 'request.create',
    before: null,
    after: { id: 'AR-1001', status: 'pending' },
    reads: 'none → pending',
  },
  {
    rule: 'a released slot reads … → removed',
    action: 'slot.release',
    before: { env: 'perf' },
    after: null,
    reads: 'present → removed',
  },
  {
    rule: 'an undo names the event it reverses and what moved back',
    action: 'undo',
    infra: 'prod-eu',
    before: { undoes: 41, action: 'role.change', state: roles(false, { 'prod-eu': 'admin' }) },
    after: { inverse: 'role.change', state: roles(false, { 'prod-eu': 'member' }) },
    reads: 'undoes #41 (role.change): prod-eu: admin → member',
  },
  {
    rule: 'a long value is cut, not spilled',
    action: 'notice.security',
    before: { text: 'x'.repeat(200) },
    after: { text: 'y' },
    reads: `text: ${'x'.repeat(59)}… → y`,
  },
];

describe('audit change: before → after', () => {
  it.each(ROWS)('$rule', ({ action, infra, before, after, reads }) => {
    expect(plainOf(auditChange({ action, ...(infra ? { infra } : {}), before, after }))).toBe(reads);
  });

  it('an instant stays a time span, so each chat shows it in its reader zone', () => {
    const t = auditChange({
      action: 'company-admin.grant',
      before: roles(false, {}),
      after: roles(true, {}, AT),
    });
    expect(t.some((s) => s.kind === 'time' && s.at === AT)).toBe(true);
  });
});

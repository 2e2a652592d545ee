// Shrunk counterexamples and fixed disagreements, kept as regression tests: each short sequence must agree with
// the model at every step, with nothing tolerated.
import { describe, it } from 'vitest';
import type { Step } from './run.ts';
import { runSequence } from './run.ts';
import { by, email, later } from './sequences.ts';
import { openWorld, seedWorld } from './world.ts';

const CASES: Record<string, Step[]> = {
  // D4, fixed on rules: a time-bound Infra Admin grants the role to themselves again.
  'a time-bound Infra Admin cannot make the role permanent by granting it to themselves': [
    by('alexw', { c: 'grant', kind: 'infra-admin', email: email('adelev'), infra: 'prod-eu', forHours: 8 }),
    by('adelev', { c: 'grant', kind: 'infra-admin', email: email('adelev'), infra: 'prod-eu' }),
    by('adelev', { c: 'grant', kind: 'infra-admin', email: email('adelev'), infra: 'prod-eu', forHours: 8 }),
    later(9),
  ],
  'a Company Admin cannot make their own time-bound access permanent': [
    by('alexw', { c: 'grant', kind: 'access', email: email('pradeepg'), infra: 'dev-eu', forHours: 8 }),
    by('pradeepg', { c: 'grant', kind: 'access', email: email('pradeepg'), infra: 'dev-eu' }),
    later(9),
  ],
  // D5, fixed on rules: time-bound access demotes the permanent Infra Admin who approved it.
  'a time-bound Infra Admin cannot demote the permanent one': [
    by('alexw', { c: 'grant', kind: 'infra-admin', email: email('adelev'), infra: 'prod-eu', forHours: 8 }),
    by('adelev', {
      c: 'revoke',
      kind: 'infra-admin',
      email: email('meganb'),
      infra: 'prod-eu',
      confirm: true,
    }),
    by('adelev', { c: 'revoke', kind: 'access', email: email('meganb'), infra: 'prod-eu', confirm: true }),
  ],
  // D6, fixed on rules: a time-bound Company Admin revokes the permanent ones, then expiry keeps them on.
  'a time-bound Company Admin cannot revoke the permanent ones, and expiry ends the role': [
    by('leeg', { c: 'request', kind: 'company-admin', forHours: 2 }),
    by('alexw', { c: 'approve', id: 'AR-1001' }),
    by('pradeepg', { c: 'approve', id: 'AR-1001' }),
    by('leeg', { c: 'revoke', kind: 'company-admin', email: email('pradeepg'), confirm: true }),
    by('leeg', { c: 'remove', email: email('alexw'), confirm: true }),
    later(3),
  ],
  // D2, fixed on rules: the quorum exceeded the eligible approvers.
  'with one other Company Admin, a Company Admin request needs one approval and passes with it': [
    by('alexw', { c: 'revoke', kind: 'company-admin', email: email('pradeepg'), confirm: true }),
    by('meganb', { c: 'request', kind: 'company-admin' }),
    by('alexw', { c: 'approve', id: 'AR-1001' }),
  ],
  // D12, from the 50,000-sequence deep run (seed 20261129): someone asks for access, is then made Infra Admin
  // directly; the reminder offered Approve, and approving was refused ("an Infra Admin already has access").
  'an access request made moot by a direct Infra Admin grant is not offered for approval, and approving it is refused':
    [
      by('leeg', { c: 'request', kind: 'access', infra: 'prod-eu' }),
      by('alexw', { c: 'grant', kind: 'infra-admin', email: email('leeg'), infra: 'prod-eu' }),
      later(1),
      by('alexw', { c: 'approve', id: 'AR-1001' }),
    ],
  // D7, fixed on rules: a reminder offered Approve to someone whose time-bound role ended in the same pass.
  'a reminder never offers Approve to someone whose time-bound role ends in that pass': [
    by('alexw', { c: 'grant', kind: 'infra-admin', email: email('meganb'), infra: 'dev-eu', forHours: 1 }),
    by('adelev', { c: 'request', kind: 'access', infra: 'dev-eu' }),
    later(1),
  ],
  // D1, fixed on rules: removal left requests, grants and approvals behind.
  'removing a member withdraws their request, ends their grants and drops their approvals': [
    by('adelev', { c: 'request', kind: 'infra-admin', infra: 'prod-eu' }),
    by('alexw', { c: 'remove', email: email('adelev'), confirm: true }),
    by('alexw', { c: 'grant', kind: 'access', email: email('leeg'), infra: 'prod-eu', forHours: 2 }),
    by('leeg', { c: 'request', kind: 'company-admin' }),
    by('alexw', { c: 'approve', id: 'AR-1002' }),
    by('pradeepg', { c: 'remove', email: email('leeg'), confirm: true }),
    later(3),
  ],
  // D8, fixed on rules: an invitee with a time-bound role was offered Extend.
  'an invitee with a time-bound role is not offered Extend': [
    by('alexw', { c: 'grant', kind: 'access', email: email('nestorw'), infra: 'prod-eu', forHours: 2 }),
    later(1),
  ],
  // D3, fixed on rules.
  "an Infra Admin's invite reply offers only what they may press (no Cancel invitation)": [
    by('meganb', { c: 'invite', email: 'new1@example.com', companyAdmin: false, member: 'prod-eu' }),
  ],
  D9: [
    by('alexw', { c: 'grant', kind: 'infra-admin', email: email('adelev'), infra: 'prod-eu', forHours: 8 }),
    by('alexw', { c: 'grant', kind: 'infra-admin', email: email('adelev'), infra: 'prod-eu', forHours: 1 }),
  ],
  // D9, fixed on rules.
  'a second, shorter time-bound grant never makes the role permanent': [
    by('alexw', { c: 'grant', kind: 'infra-admin', email: email('adelev'), infra: 'prod-eu', forHours: 8 }),
    by('alexw', { c: 'grant', kind: 'infra-admin', email: email('adelev'), infra: 'prod-eu', forHours: 1 }),
  ],
  // D10, fixed on rules.
  'the "ends within the hour" notice offers no Extend while the same request is pending': [
    by('alexw', { c: 'grant', kind: 'infra-admin', email: email('adelev'), infra: 'prod-eu', forHours: 2 }),
    by('adelev', { c: 'request', kind: 'infra-admin', infra: 'prod-eu', forHours: 8 }),
    later(1),
  ],
  // D11, fixed on rules.
  'after an approver leaves, the one left completes the request': [
    by('adelev', { c: 'request', kind: 'company-admin' }),
    by('pradeepg', { c: 'remove', email: email('pradeepg'), confirm: true }),
    by('alexw', { c: 'approve', id: 'AR-1001' }),
  ],
  // Shrunk from the deep run (seed 7): the model counted only joined members as permanent holders.
  'a time-bound Company Admin cannot revoke an invitee named Company Admin for good': [
    by('leeg', { c: 'request', kind: 'company-admin', forHours: 2 }),
    by('alexw', { c: 'approve', id: 'AR-1001' }),
    by('pradeepg', { c: 'approve', id: 'AR-1001' }),
    by('alexw', { c: 'grant', kind: 'company-admin', email: email('nestorw') }),
    by('leeg', { c: 'revoke', kind: 'company-admin', email: email('nestorw'), confirm: true }),
    by('leeg', { c: 'cancel-invite', email: email('nestorw'), confirm: true }),
  ],
  // After rules' confirmations: typed without --confirm, a removal explains itself and offers a Confirm
  // that its viewer may press (the offers check presses it).
  'remove and revoke without --confirm offer a Confirm the caller may press': [
    by('alexw', { c: 'remove', email: email('adelev') }),
    by('alexw', { c: 'revoke', kind: 'company-admin', email: email('pradeepg') }),
    by('alexw', { c: 'revoke', kind: 'infra-admin', email: email('meganb'), infra: 'prod-eu' }),
    by('alexw', { c: 'cancel-invite', email: email('nestorw') }),
  ],
  // A model bug found by the first run: a guest carrying a member's email is nobody, not that member.
  "a guest with a member's email cannot withdraw that member's request": [
    by('adelev', { c: 'request', kind: 'access', infra: 'dev-eu' }),
    {
      kind: 'cmd',
      actor: { email: email('adelev'), guest: true },
      cmd: { c: 'cancel-request', id: 'AR-1001' },
    },
  ],
  'clearing the Security role of someone who does not hold it changes nothing': [
    by('alexw', { c: 'security-contact', set: false, email: email('alexw') }),
    by('alexw', { c: 'security-contact', set: true, email: email('adelev') }),
    by('meganb', { c: 'security-contact', set: false, email: email('adelev') }),
  ],
};

/** Shrunk from random runs, which start with time-bound roles held (Adele Infra Admin of prod-eu, Lee Company Admin). */
const FROM_TIME_BOUND_START: Record<string, Step[]> = {
  // D13, from a random run of npm test (seed 1246898230): Lee, a Company Admin for a time, is also made Infra
  // Admin of prod-eu for an hour; revoking Megan's role there was refused ("you hold Infra Admin of prod-eu
  // for a time") though a time-bound Company Admin may revoke it. The strongest standing decides.
  'a time-bound Company Admin who also holds an Infra Admin role for a time still acts as a Company Admin': [
    by('alexw', { c: 'grant', kind: 'infra-admin', email: email('leeg'), infra: 'prod-eu', forHours: 1 }),
    by('leeg', { c: 'revoke', kind: 'access', email: email('meganb'), infra: 'prod-eu', confirm: true }),
    later(1),
  ],
  // Deep run, seed 8: the model refused the second approval that completes a request nobody else can pass.
  'when the other approvers are gone, one who already approved may complete the request': [
    by('meganb', { c: 'request', kind: 'company-admin' }),
    by('alexw', { c: 'remove', email: email('pradeepg'), confirm: true }),
    by('alexw', { c: 'approve', id: 'AR-1001' }),
    later(12),
    by('alexw', { c: 'approve', id: 'AR-1001' }),
  ],
};

describe('counterexamples, replayed: the code agrees with the model at every step', () => {
  for (const [name, steps] of Object.entries(CASES)) it(name, () => runSequence(steps));
  for (const [name, steps] of Object.entries(FROM_TIME_BOUND_START))
    it(name, () => runSequence(steps, { world: openWorld(seedWorld(true)) }));
});

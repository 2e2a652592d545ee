// The open disagreements of known.ts, each as the shortest sequence that shows it (see disagreements.md).
import type { Step } from './run.ts';
import { by, email, later } from './sequences.ts';

export const OPEN_SEQUENCES: Record<string, Step[]> = {
  D1: [
    by('adelev', { c: 'request', kind: 'infra-admin', infra: 'prod-eu' }),
    by('alexw', { c: 'remove', email: email('adelev') }),
  ],
  D2: [
    by('alexw', { c: 'revoke', kind: 'company-admin', email: email('pradeepg') }),
    by('meganb', { c: 'request', kind: 'company-admin' }),
  ],
  D3: [by('meganb', { c: 'invite', email: 'new1@example.com', companyAdmin: false, member: 'prod-eu' })],
  D4: [
    by('alexw', { c: 'grant', kind: 'infra-admin', email: email('adelev'), infra: 'prod-eu', forHours: 8 }),
    by('adelev', { c: 'grant', kind: 'infra-admin', email: email('adelev'), infra: 'prod-eu' }),
  ],
  D5: [
    by('alexw', { c: 'grant', kind: 'infra-admin', email: email('adelev'), infra: 'prod-eu', forHours: 8 }),
    by('adelev', { c: 'revoke', kind: 'infra-admin', email: email('meganb'), infra: 'prod-eu' }),
  ],
  D6: [
    by('leeg', { c: 'request', kind: 'company-admin', forHours: 2 }),
    by('alexw', { c: 'approve', id: 'AR-1001' }),
    by('pradeepg', { c: 'approve', id: 'AR-1001' }),
    by('leeg', { c: 'revoke', kind: 'company-admin', email: email('pradeepg') }),
    by('leeg', { c: 'revoke', kind: 'company-admin', email: email('alexw') }),
    later(3),
  ],
  D7: [
    by('alexw', { c: 'grant', kind: 'infra-admin', email: email('meganb'), infra: 'dev-eu', forHours: 1 }),
    by('adelev', { c: 'request', kind: 'access', infra: 'dev-eu' }),
    later(1),
  ],
  D8: [
    by('alexw', { c: 'grant', kind: 'access', email: email('nestorw'), infra: 'prod-eu', forHours: 2 }),
    later(1),
  ],
};

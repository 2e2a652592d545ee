// The open disagreements of known.ts, each as the shortest sequence that shows it (see disagreements.md).
import type { Step } from './run.ts';
import { by, email, later } from './sequences.ts';

export const OPEN_SEQUENCES: Record<string, Step[]> = {
  D3: [by('meganb', { c: 'invite', email: 'new1@example.com', companyAdmin: false, member: 'prod-eu' })],
  D9: [
    by('alexw', { c: 'grant', kind: 'infra-admin', email: email('adelev'), infra: 'prod-eu', forHours: 8 }),
    by('alexw', { c: 'grant', kind: 'infra-admin', email: email('adelev'), infra: 'prod-eu', forHours: 1 }),
  ],
  D10: [
    by('alexw', { c: 'grant', kind: 'infra-admin', email: email('adelev'), infra: 'prod-eu', forHours: 2 }),
    by('adelev', { c: 'request', kind: 'infra-admin', infra: 'prod-eu', forHours: 8 }),
    later(1),
  ],
  D11: [
    by('adelev', { c: 'request', kind: 'company-admin' }),
    by('pradeepg', { c: 'remove', email: email('pradeepg') }),
    by('alexw', { c: 'approve', id: 'AR-1001' }),
  ],
};

// Fabrikam: a second company beside the demo's Contoso, with ids that clash on purpose (prod-eu, CS-1001).
import { type Company, CompanySchema, type Member } from '../../src/domain/schemas.ts';

export const ROSA = 'rosa@fabrikam.example';
export const TOM = 'tom@fabrikam.example';

export const member = (email: string, name: string, extra: Partial<Member> = {}): Member => ({
  email,
  name,
  status: 'active',
  companyAdmin: false,
  roles: {},
  identities: [],
  joinedAt: '2026-01-05T09:00:00Z',
  ...extra,
});

export const fabrikam = (): Company =>
  CompanySchema.parse({
    id: 'fabrikam',
    name: 'Fabrikam',
    slackTeamIds: ['T0FABRIKAM'],
    teamsTenantIds: [],
    subscriptions: [
      {
        id: 'fabrikam-enterprise',
        edition: 'Enterprise',
        infrastructures: [
          {
            id: 'prod-eu',
            name: 'Fabrikam Production',
            hosting: 'cloud',
            slotLimit: 2,
            slots: [],
            licenseExpiresOn: '2027-09-30',
          },
        ],
      },
    ],
    members: [
      member(ROSA, 'Rosa Diaz', { companyAdmin: true }),
      member(TOM, 'Tom Ng', { roles: { 'prod-eu': 'admin' } }),
      member('uma@fabrikam.example', 'Uma Ito', { roles: { 'prod-eu': 'member' } }),
    ],
    contacts: [{ email: 'vendor@outside.example', caseIds: ['CS-1001'] }],
    cases: [
      {
        id: 'CS-1001',
        infra: 'prod-eu',
        title: 'Fabrikam printers are on fire',
        openedBy: 'vendor@outside.example',
        openedAt: '2026-11-27T09:00:00Z',
        status: 'awaiting-approval',
        cc: [],
      },
    ],
    nextCaseNumber: 1002,
  });

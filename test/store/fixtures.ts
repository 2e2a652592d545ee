// Small valid store states for the store tests.
import { type Company, CompanySchema, emptyStoreData, type StoreData } from '../../src/domain/schemas.ts';

export const AT = '2025-01-01T00:00:00.000Z';

export function company(id = 'acme'): Company {
  return CompanySchema.parse({
    id,
    name: 'Acme',
    slackTeamIds: [],
    teamsTenantIds: [],
    subscriptions: [],
    members: [
      {
        email: 'ana@example.com',
        name: 'Ana',
        status: 'active',
        companyAdmin: true,
        roles: {},
        identities: [],
      },
    ],
    contacts: [],
    cases: [],
    nextCaseNumber: 1,
  });
}

export function storeWith(...companies: Company[]): StoreData {
  return { ...emptyStoreData(), companies };
}

/** The text of a snapshot file holding `data`, without the checksum the JSON store adds: opening it validates it. */
export const snapshotText = (data: StoreData, journal = { seq: 0, auditBytes: 0 }) =>
  JSON.stringify({ ...data, journal });

/** A whole store holding these companies and nothing else. */
export const emptyStoreDataOf = (...companies: Company[]): StoreData => storeWith(...companies);

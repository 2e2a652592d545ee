// The team as CSV rows: one line per member (or support contact), roles spelled out per infrastructure.
import { isExpired } from '../domain/invitation.ts';
import type { Member, SupportContact, TimedGrant } from '../domain/schemas.ts';
import { targetName } from '../workflow/grants.ts';

export type CsvTable = { columns: string[]; rows: string[][] };

const roleWord = (r: 'admin' | 'member') => (r === 'admin' ? 'Infra Admin' : 'Member');

/**
 * Members with what they hold. Phone numbers stay out: anyone who may browse the team may export it, and only
 * admins see security contacts' numbers.
 */
export function memberTable(members: readonly Member[], grants: readonly TimedGrant[], now: Date): CsvTable {
  const columns = [
    'Name',
    'Email',
    'Status',
    'Company Admin',
    'Roles',
    'Time-bound until',
    'Security contact',
    'Invitation expires',
  ];
  const rows = members.map((m) => [
    m.name,
    m.email,
    m.status === 'active' ? 'active' : isExpired(m.invitation, now) ? 'invitation expired' : 'invited',
    m.companyAdmin ? 'yes' : 'no',
    Object.entries(m.roles)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([id, r]) => `${roleWord(r)} of ${id}`)
      .join('; '),
    grants
      .filter((g) => g.email === m.email)
      .map((g) => `${targetName(g.kind, g.infra)} until ${g.until}`)
      .join('; '),
    m.security ? 'yes' : 'no',
    m.invitation?.expiresAt ?? '',
  ]);
  return { columns, rows };
}

export const contactTable = (contacts: readonly SupportContact[]): CsvTable => ({
  columns: ['Email', 'Name', 'Cases'],
  rows: contacts.map((c) => [c.email, c.name ?? '', c.caseIds.join('; ')]),
});

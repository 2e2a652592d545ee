// An invited person joins: the one change `accept` in a chat and the emailed link both make.
import type { Member } from '../domain/schemas.ts';

/** Makes `m` an active member now; returns the audit entry that records it. */
export function joinTeam(m: Member, now: Date) {
  const before = { status: m.status, invitation: m.invitation };
  m.status = 'active';
  m.joinedAt = now.toISOString();
  delete m.invitation;
  return { action: 'member.accept', target: m.email, before, after: { status: m.status } };
}

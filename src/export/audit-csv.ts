// The audit trail as CSV rows: each event's fields, its change in words, and before/after as recorded.
import type { AuditEvent } from '../domain/schemas.ts';
import { auditChange } from '../views/audit-change.ts';
import { plainOf } from '../views/view.ts';

export function auditTable(events: readonly AuditEvent[]): [string[], string[][]] {
  const columns = [
    'Seq',
    'When (UTC)',
    'Who',
    'From',
    'Action',
    'Target',
    'Infrastructure',
    'Change',
    'Before',
    'After',
  ];
  const rows = events.map((e) => [
    String(e.seq),
    e.at,
    e.actor,
    e.chat,
    e.action,
    e.target,
    e.infra ?? '',
    plainOf(auditChange(e)),
    JSON.stringify(e.before ?? null),
    JSON.stringify(e.after ?? null),
  ]);
  return [columns, rows];
}

// What one audit event changed, as "before → after" text: roles per infrastructure, flags, statuses, dates.
import { z } from 'zod';
import type { AuditEvent } from '../domain/schemas.ts';
import { plain, type Span, type Text, timeAt } from './view.ts';

/** Long values (a whole member, a notice) are cut: a row says what changed, the event holds the rest. */
const MAX_VALUE = 60;
const MAX_PARTS = 4;
const ARROW = ' → ';
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;

const Roles = z.object({
  companyAdmin: z.boolean(),
  roles: z.record(z.string(), z.enum(['admin', 'member'])),
  until: z.string().nullable().optional(),
});
type Roles = z.infer<typeof Roles>;

/** Who a member event is about: enough to say "invited (Member of prod-eu)". */
const Person = z.object({
  status: z.enum(['active', 'pending']).optional(),
  companyAdmin: z.boolean().optional(),
  roles: z.record(z.string(), z.enum(['admin', 'member'])).optional(),
});

/** An undo names the event it reverses and what the inverse changed (src/commands/undo.ts writes it). */
const UndoBefore = z.object({
  undoes: z.number().int().positive(),
  action: z.string(),
  state: z.unknown(),
});
const UndoAfter = z.object({ inverse: z.string(), state: z.unknown() });

const yesNo = (b: boolean) => (b ? 'yes' : 'no');
const until = (at: string | null | undefined): Span[] =>
  at ? [plain(' (until '), timeAt(at), plain(')')] : [];

/** "prod-eu: member → admin (until …)", "Company Admin: no → yes", for each role that moved. */
function roleChange(b: Roles, a: Roles, infra: string | undefined): Text {
  const out: Text[] = [];
  if (b.companyAdmin !== a.companyAdmin || (!infra && b.until !== a.until))
    out.push([
      plain(`Company Admin: ${yesNo(b.companyAdmin)}`),
      ...until(b.until),
      plain(`${ARROW}${yesNo(a.companyAdmin)}`),
      ...until(a.until),
    ]);
  const infras = [...new Set([...Object.keys(b.roles), ...Object.keys(a.roles)])].sort();
  for (const id of infras) {
    const [was, now] = [b.roles[id] ?? 'none', a.roles[id] ?? 'none'];
    if (was === now && (id !== infra || b.until === a.until)) continue;
    out.push([plain(`${id}: ${was}`), ...until(b.until), plain(`${ARROW}${now}`), ...until(a.until)]);
  }
  if (!out.length) return [plain('no change')];
  return joined(out);
}

function joined(parts: Text[]): Text {
  const shown = parts.slice(0, MAX_PARTS);
  const rest = parts.length - shown.length;
  return [
    ...shown.flatMap((p, i) => (i ? [plain('; '), ...p] : p)),
    ...(rest > 0 ? [plain(`; and ${rest} more`)] : []),
  ];
}

/** A value as a short span: instants as times (each reader's zone), the rest as cut-down text. */
function valueSpan(v: unknown): Span {
  if (v === null || v === undefined) return plain('none');
  if (typeof v === 'string') return ISO_INSTANT.test(v) ? timeAt(v) : plain(cut(v));
  if (typeof v === 'number' || typeof v === 'boolean')
    return plain(typeof v === 'boolean' ? yesNo(v) : String(v));
  if (Array.isArray(v))
    return plain(cut(v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(', ') || 'none'));
  // Nested records (an invitation, a slot) say only that they were there; the event holds them whole.
  return plain('set');
}

const Identity = z.object({
  platform: z.enum(['slack', 'teams']),
  teamId: z.string().optional(),
  userId: z.string().optional(),
  tenantId: z.string().optional(),
  aadObjectId: z.string().optional(),
});

/** "slack T1/U1, teams tenant/object": the accounts an identity event linked. */
function identities(v: unknown): string {
  const list = Array.isArray(v) ? v : v === null || v === undefined ? [] : [v];
  const ids = list.flatMap((x) => {
    const i = Identity.safeParse(x);
    if (!i.success) return [];
    const d = i.data;
    return [
      d.platform === 'slack' ? `slack ${d.teamId}/${d.userId}` : `teams ${d.tenantId}/${d.aadObjectId}`,
    ];
  });
  return ids.length ? cut(ids.join(', ')) : 'none';
}

const cut = (s: string) => (s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Each top-level field that differs: "status: pending → approved". */
function fieldChanges(b: Record<string, unknown>, a: Record<string, unknown>): Text {
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const out = keys
    .filter((k) => JSON.stringify(b[k] ?? null) !== JSON.stringify(a[k] ?? null))
    .map((k): Text => [plain(`${k}: `), valueSpan(b[k]), plain(ARROW), valueSpan(a[k])]);
  return out.length ? joined(out) : [plain('no change')];
}

/** "invited (Member of prod-eu)", from a member as the event recorded it. */
function personSummary(v: unknown): string {
  const p = Person.safeParse(v);
  if (!p.success) return 'present';
  const roles = Object.entries(p.data.roles ?? {})
    .sort(([x], [y]) => (x < y ? -1 : 1))
    .map(([id, r]) => `${id}: ${r}`);
  if (p.data.companyAdmin) roles.unshift('Company Admin');
  const status = p.data.status === 'pending' ? 'invited' : (p.data.status ?? 'present');
  return `${status}${roles.length ? ` (${cut(roles.join(', '))})` : ''}`;
}

/** The change an event records, before → after, in words a reader of the trail can check. */
export function auditChange(e: Pick<AuditEvent, 'action' | 'infra' | 'before' | 'after'>): Text {
  const { action, before, after } = e;
  if (action === 'undo') {
    const b = UndoBefore.safeParse(before);
    const a = UndoAfter.safeParse(after);
    if (b.success && a.success)
      return [
        plain(`undoes #${b.data.undoes} (${b.data.action}): `),
        ...auditChange({ action: a.data.inverse, infra: e.infra, before: b.data.state, after: a.data.state }),
      ];
  }
  const rb = Roles.safeParse(before);
  const ra = Roles.safeParse(after);
  if (rb.success && ra.success) {
    if (action === 'grant.kept-last-admin')
      return [plain('Company Admin: yes (kept: the last active Company Admin)')];
    return roleChange(rb.data, ra.data, e.infra);
  }
  if (action.startsWith('member.') && (before === null || after === null))
    return [
      plain(before === null ? 'not on the team' : personSummary(before)),
      plain(ARROW),
      plain(
        after === null
          ? action === 'member.cancel-invite'
            ? 'invitation cancelled'
            : 'removed'
          : personSummary(after),
      ),
    ];
  if (action.startsWith('identity.'))
    return [plain(`linked: ${identities(before)}`), plain(ARROW), plain(identities(after))];
  if (action.startsWith('security-contact.'))
    return [
      plain('security contact: '),
      valueSpan(isRecord(before) ? before.phone : null),
      plain(ARROW),
      valueSpan(isRecord(after) ? after.phone : null),
    ];
  if (isRecord(before) && isRecord(after)) return fieldChanges(before, after);
  if (before === null && after === null) return [plain('no change')];
  if (before === null)
    return [
      plain('none'),
      plain(ARROW),
      plain(isRecord(after) && typeof after.status === 'string' ? after.status : 'created'),
    ];
  if (after === null)
    return [
      plain(isRecord(before) && typeof before.status === 'string' ? before.status : 'present'),
      plain(ARROW),
      plain('removed'),
    ];
  return [valueSpan(before), plain(ARROW), valueSpan(after)];
}

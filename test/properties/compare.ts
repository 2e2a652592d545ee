// Two pictures of a team, put side by side in one canonical form, so a difference reads as a line.
import { effectiveGrants } from '../model/effects.ts';
import type { MState } from '../model/state.ts';

/** A request removed with its requester may read "cancelled" or "withdrawn": both say it can no longer pass. */
const closed = (status: string) => (status === 'withdrawn' ? 'cancelled' : status);

export function canonical(s: MState, loose: readonly string[] = []): string {
  const keep = (email: string) => !loose.includes(email);
  const sorted = <T>(xs: T[], key: (x: T) => string) => [...xs].sort((a, b) => key(a).localeCompare(key(b)));
  const roles = (r: Record<string, string>) => Object.fromEntries(Object.entries(r).sort());
  return JSON.stringify({
    members: sorted(
      s.members.filter((m) => keep(m.email)),
      (m) => m.email,
    ).map((m) => ({
      ...m,
      roles: roles(m.roles),
    })),
    grants: sorted(
      effectiveGrants(s).filter((g) => keep(g.email)),
      (g) => `${g.email} ${g.kind} ${g.infra ?? ''}`,
    ).map((g) => `${g.email} ${g.kind} ${g.infra ?? '-'} until ${g.until}`),
    requests: s.requests.map(
      (r) =>
        `${r.id} ${r.requester} ${r.kind} ${r.infra ?? '-'} ${closed(r.status)} ${[...r.approvals].sort().join(',')} of ${r.required}`,
    ),
    cases: s.cases.map((k) => `${k.id} ${k.infra} ${k.openedBy} ${k.status}`),
    contacts: [...s.contacts].sort(),
  });
}

/** The first lines where two canonical states differ, for a failure message. */
export function difference(expected: MState, actual: MState, loose: readonly string[] = []): string {
  const e = JSON.parse(canonical(expected, loose)) as Record<string, unknown>;
  const a = JSON.parse(canonical(actual, loose)) as Record<string, unknown>;
  const out: string[] = [];
  for (const k of Object.keys(e))
    if (JSON.stringify(e[k]) !== JSON.stringify(a[k]))
      out.push(`${k}:\n  model: ${JSON.stringify(e[k])}\n  code:  ${JSON.stringify(a[k])}`);
  return out.join('\n');
}

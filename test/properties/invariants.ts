// DESIGN.md's invariants, read off the real state after every step; each problem is one line.
import type { Company } from '../../src/domain/schemas.ts';

/** One broken invariant: what, and a tag naming which (no emails or ids, so it can be listed as known). */
export type Problem = { text: string; tag: string };

export function invariantProblems(c: Company, now: Date): Problem[] {
  const out: Problem[] = [];
  const say = (tag: string) => (text: string) => out.push({ text, tag });
  const byEmail = new Map(c.members.map((m) => [m.email, m]));
  const timedCA = new Set(c.grants.filter((g) => g.kind === 'company-admin').map((g) => g.email));
  if (!c.members.some((m) => m.status === 'active' && m.companyAdmin && !timedCA.has(m.email)))
    say('permanent-company-admin')('no active Company Admin holds the role permanently');
  for (const r of c.requests) {
    if (r.approvals.some((a) => a.by === r.requester))
      say('self-approval')(`${r.requester} approved their own ${r.id}`);
    if (r.decision && r.decision.by === r.requester && r.status !== 'cancelled')
      say('self-approval')(`${r.requester} decided their own ${r.id}`);
    if (r.status !== 'pending') continue;
    // Removal ends everything: nothing pending is left for or by someone no longer on the team.
    if (!byEmail.has(r.requester))
      say('removal-request')(`${r.id} still waits for ${r.requester}, who left the team`);
    for (const a of r.approvals)
      if (!byEmail.has(a.by))
        say('removal-approval')(`${r.id} still counts the approval of ${a.by}, who left the team`);
    const eligible = c.members.filter(
      (m) =>
        m.status === 'active' &&
        m.email !== r.requester &&
        (m.companyAdmin || (r.kind !== 'company-admin' && m.roles[r.infra ?? ''] === 'admin')),
    );
    const counted = r.approvals.filter((a) => eligible.some((m) => m.email === a.by)).length;
    if (counted >= r.required) say('quorum-met-waiting')(`${r.id} has its quorum and still waits`);
  }
  for (const k of c.cases)
    if (k.approvedBy && k.approvedBy === k.openedBy)
      say('self-approval')(`${k.openedBy} approved their own case ${k.id}`);
  for (const g of c.grants) {
    const m = byEmail.get(g.email);
    if (!m)
      say('removal-grant')(
        `${g.email} left the team but keeps a time-bound ${g.kind}${g.infra ? ` on ${g.infra}` : ''}`,
      );
    if (new Date(g.until).getTime() - now.getTime() > 366 * 24 * 3_600_000)
      say('time-bound-limit')(`${g.email}'s time-bound ${g.kind} runs for more than a year`);
  }
  return out;
}

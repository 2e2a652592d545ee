// What undoes a recorded change: the inverse command, whether it is safe, and whether the change still stands.
import { z } from 'zod';
import { findMember } from '../domain/company.ts';
import type { Company, LastChange } from '../domain/schemas.ts';
import type { CommandRef } from '../views/view.ts';
import { roleName, timedGrantOf } from '../workflow/grants.ts';

const Role = z.enum(['admin', 'member']);
/** Roles as the role commands audit them (src/commands/role-change.ts, src/workflow/grants.ts). */
const Roles = z.object({
  companyAdmin: z.boolean(),
  roles: z.record(z.string(), Role),
  until: z.string().nullable().optional(),
  previous: z.unknown().optional(),
});
/** A member as invite and cancel-invite audit them. */
const Invited = z.object({
  email: z.string(),
  name: z.string(),
  status: z.literal('pending'),
  companyAdmin: z.boolean(),
  roles: z.record(z.string(), Role),
  invitation: z.object({ invitedAt: z.string(), lifetime: z.unknown().optional() }),
});

export type Plan = { ok: true; inverse: CommandRef } | { ok: false; why: string };

/** The six role commands (grant or revoke of Company Admin, Infra Admin or access), and the edit form. */
const ROLE_COMMAND = /^(?:(?:grant|revoke) (?:company-admin|infra-admin|access)|edit)$/;
/** Whether the change was to Company Admin (by its audit action, which the edit form shares with grant/revoke). */
const isCompanyAdmin = (c: LastChange) => c.action.startsWith('company-admin.');

const refuse = (why: string): Plan => ({ ok: false, why });

/** The command that takes an infrastructure role from `now` back to `was`. */
function roleInverse(email: string, infra: string, now: string | undefined, was: string | undefined): Plan {
  if (now === was) return refuse(`it left ${roleName(Role.optional().parse(now))} of ${infra} as it was`);
  const ref = (name: string): Plan => ({ ok: true, inverse: { name, args: { email, infra } } });
  if (was === undefined) return ref('revoke access');
  if (was === 'member') return now === 'admin' ? ref('revoke infra-admin') : ref('grant access');
  return ref('grant infra-admin');
}

/** The inverse of `c`, or why there is none that is safe. */
export function planUndo(c: LastChange): Plan {
  if (c.events !== 1) return refuse('it changed several things at once');
  if (ROLE_COMMAND.test(c.command)) {
    const b = Roles.safeParse(c.before);
    const a = Roles.safeParse(c.after);
    if (!b.success || !a.success) return refuse('its record does not say what the role was before');
    // Putting back a time-bound role as a permanent one would give more than was taken away.
    if (b.data.until)
      return refuse('the role it changed was time-bound; grant it again with --for if it is still needed');
    if (a.data.previous !== undefined) return refuse('it changed what a time-bound role falls back to');
    if (isCompanyAdmin(c)) {
      if (b.data.companyAdmin === a.data.companyAdmin) return refuse('Company Admin was left as it was');
      return {
        ok: true,
        inverse: {
          name: a.data.companyAdmin ? 'revoke company-admin' : 'grant company-admin',
          args: { email: c.target },
        },
      };
    }
    if (!c.infra) return refuse('its record does not name the infrastructure');
    return roleInverse(c.target, c.infra, a.data.roles[c.infra], b.data.roles[c.infra]);
  }
  if (c.command === 'invite')
    return { ok: true, inverse: { name: 'cancel-invite', args: { email: c.target } } };
  if (c.command === 'cancel-invite') {
    const m = Invited.safeParse(c.before);
    if (!m.success) return refuse('its record does not hold the invitation');
    const by = (r: 'admin' | 'member') =>
      Object.entries(m.data.roles)
        .filter(([, x]) => x === r)
        .map(([id]) => id)
        .join(',');
    const args: Record<string, string> = { email: m.data.email, name: m.data.name };
    if (m.data.companyAdmin) args['company-admin'] = 'true';
    if (by('admin')) args['infra-admin'] = by('admin');
    if (by('member')) args.member = by('member');
    if (m.data.invitation.lifetime) args.lifetime = 'true';
    return { ok: true, inverse: { name: 'invite', args } };
  }
  return refuse(
    `\`${c.command}\` is not one undo reverses (grants and revokes of roles, invitations and cancelled invitations)`,
  );
}

/** What changed since `c` was made (by someone else, or by time), in words; null when it still stands. */
export function changedSince(company: Company, c: LastChange): string | null {
  const m = findMember(company, c.target);
  if (c.command === 'cancel-invite')
    return m ? `${c.target} is on the team again (${m.status === 'active' ? 'active' : 'invited'})` : null;
  if (!m) return `${c.target} is no longer on the team`;
  if (c.command === 'invite') {
    const was = Invited.safeParse(c.after);
    if (m.status !== 'pending') return `${m.name} has accepted the invitation`;
    if (!was.success || m.invitation?.invitedAt !== was.data.invitation.invitedAt)
      return `the invitation of ${m.name} was sent again since`;
    return null;
  }
  const a = Roles.safeParse(c.after);
  if (!a.success) return 'its record does not say what it left';
  if (isCompanyAdmin(c)) {
    if (m.companyAdmin !== a.data.companyAdmin)
      return `${m.name} is ${m.companyAdmin ? '' : 'no longer '}Company Admin now`;
    const until = timedGrantOf(company, m.email, 'company-admin')?.until ?? null;
    return until === (a.data.until ?? null) ? null : `the end of ${m.name}'s Company Admin role moved`;
  }
  const infra = c.infra ?? '';
  const now = m.roles[infra];
  if (now !== a.data.roles[infra])
    return now ? `${m.name} is ${roleName(now)} of ${infra} now` : `${m.name} has no role on ${infra} now`;
  const until = company.grants.find((g) => g.email === m.email && g.infra === infra)?.until ?? null;
  return until === (a.data.until ?? null)
    ? null
    : `the time limit on ${m.name}'s role on ${infra} is not the one your change left`;
}

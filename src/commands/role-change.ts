// The one way infrastructure roles and the Company Admin flag change, shared by grant/revoke commands.
import { z } from 'zod';
import { activeCompanyAdmins, describeRoles } from '../domain/company.ts';
import type { InfraRole, Member } from '../domain/schemas.ts';
import { memberRef, strong, textBlock, view } from '../views/view.ts';
import { type CommandContext, type CommandResult, defineCommand, needs } from './command.ts';
import { conflict } from './failure.ts';
import { emailArg, infraArg, requireInfra, requireMember } from './lookups.ts';

const rolesOf = (m: Member) => ({ companyAdmin: m.companyAdmin, roles: { ...m.roles } });

const roleName = (r: InfraRole | undefined) =>
  r === 'admin' ? 'Infra Admin' : r === 'member' ? 'Member' : 'no role';

/**
 * Moves a member's role on one infrastructure from `from` (the roles it may currently be) to `to`.
 * A role already in place is reported without a change, so a retried command has one effect.
 */
export function changeInfraRole(
  ctx: CommandContext,
  args: { email: string; infra: string },
  change: { from: ReadonlyArray<InfraRole | undefined>; to: InfraRole | undefined; whenNot: string },
): CommandResult {
  const infra = requireInfra(ctx, args.infra);
  if (!infra.ok) return infra;
  const found = requireMember(ctx, args.email);
  if (!found.ok) return found;
  const m = found.value;
  const current = m.roles[args.infra];
  if (current === change.to)
    return {
      ok: true,
      view: view([
        textBlock(memberRef(m), ` is already ${roleName(current)} of ${args.infra}; nothing changed.`),
      ]),
    };
  if (!change.from.includes(current))
    return conflict(`${m.name} is ${roleName(current)} of ${args.infra}: ${change.whenNot}`);
  const before = rolesOf(m);
  if (change.to) m.roles[args.infra] = change.to;
  else delete m.roles[args.infra];
  ctx.audit({ action: 'role.change', target: m.email, infra: args.infra, before, after: rolesOf(m) });
  const line = textBlock(
    memberRef(m),
    `: ${roleName(current)} of ${args.infra} -> `,
    strong(`${roleName(change.to)} of ${args.infra}`),
    '.',
  );
  return {
    ok: true,
    view: view([line, textBlock('Roles now: ', describeRoles(m))], { tone: 'success' }),
    notices: [
      {
        to: { companyId: ctx.company?.id ?? '', email: m.email },
        view: view([line]),
        reason: 'your roles changed',
      },
    ],
  };
}

export function changeCompanyAdmin(ctx: CommandContext, email: string, to: boolean): CommandResult {
  const found = requireMember(ctx, email);
  if (!found.ok) return found;
  const m = found.value;
  if (m.companyAdmin === to)
    return {
      ok: true,
      view: view([
        textBlock(memberRef(m), to ? ' is already' : ' is not', ' a Company Admin; nothing changed.'),
      ]),
    };
  if (!to && m.status === 'active' && ctx.company && activeCompanyAdmins(ctx.company).length <= 1)
    return conflict(
      `${m.name} is the last active Company Admin, and the company must always keep one.`,
      'Grant Company Admin to someone else first: `grant company-admin EMAIL`.',
    );
  const before = rolesOf(m);
  m.companyAdmin = to;
  ctx.audit({
    action: to ? 'company-admin.grant' : 'company-admin.revoke',
    target: m.email,
    before,
    after: rolesOf(m),
  });
  const line = textBlock(memberRef(m), to ? ' is now a ' : ' is no longer a ', strong('Company Admin'), '.');
  return {
    ok: true,
    view: view([line, textBlock('Roles now: ', describeRoles(m))], { tone: 'success' }),
    notices: [
      {
        to: { companyId: ctx.company?.id ?? '', email: m.email },
        view: view([line]),
        reason: 'your roles changed',
      },
    ],
  };
}

const emailAndInfra = z.object({ email: emailArg, infra: infraArg });

/** The four grant/revoke commands on one infrastructure differ only in which role moves to which. */
export function defineInfraRoleCommand(spec: {
  name: string;
  summary: string;
  example: string;
  from: ReadonlyArray<InfraRole | undefined>;
  to: InfraRole | undefined;
  whenNot: string;
}) {
  return defineCommand<z.infer<typeof emailAndInfra>>({
    name: spec.name,
    summary: spec.summary,
    usage: `${spec.name} EMAIL INFRA`,
    examples: [spec.example],
    positionals: ['email', 'infra'],
    flags: {},
    schema: emailAndInfra,
    capability: 'manage-infra-roles',
    changes: true,
    authorize: needs('manage-infra-roles', (a) => a.infra),
    run: (ctx, args) => changeInfraRole(ctx, args, spec),
  });
}

const justEmail = z.object({ email: emailArg });

export function defineCompanyAdminCommand(spec: {
  name: string;
  summary: string;
  example: string;
  to: boolean;
}) {
  return defineCommand<z.infer<typeof justEmail>>({
    name: spec.name,
    summary: spec.summary,
    usage: `${spec.name} EMAIL`,
    examples: [spec.example],
    positionals: ['email'],
    flags: {},
    schema: justEmail,
    capability: 'manage-company-admins',
    changes: true,
    authorize: needs('manage-company-admins'),
    run: (ctx, args) => changeCompanyAdmin(ctx, args.email, spec.to),
  });
}

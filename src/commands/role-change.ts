// The one way infrastructure roles and the Company Admin flag change, shared by grant/revoke commands.
import { z } from 'zod';
import { activeCompanyAdmins, describeRoles, infraAdmins } from '../domain/company.ts';
import { GrantDurationSchema } from '../domain/durations.ts';
import { type RoleChange, type RoleRef, roleChangeRefusal } from '../domain/invariants.ts';
import type { Company, InfraRole, Member, RequestKind } from '../domain/schemas.ts';
import { authorize } from '../policy/capabilities.ts';
import { memberRef, strong, type Text, text, textBlock, view } from '../views/view.ts';
import { clearTimedGrants, grantRole, roleName, timedGrantOf } from '../workflow/grants.ts';
import { type CommandContext, type CommandResult, defineCommand, needs } from './command.ts';
import { type ConfirmArg, confirmArg, unlessConfirmed } from './confirm.ts';
import { conflict } from './failure.ts';
import { emailArg, infraArg, requireCompany, requireInfra, requireMember } from './lookups.ts';

const rolesOf = (m: Member) => ({ companyAdmin: m.companyAdmin, roles: { ...m.roles } });

function changed(ctx: CommandContext, m: Member, line: Text): CommandResult {
  return {
    ok: true,
    view: view([{ kind: 'text', text: line }, textBlock('Roles now: ', describeRoles(m))], {
      tone: 'success',
    }),
    notices: [
      {
        to: { companyId: ctx.company?.id ?? '', email: m.email },
        view: view([{ kind: 'text', text: line }]),
        reason: 'your roles changed',
      },
    ],
  };
}

/**
 * The invariants a role change must keep (domain/invariants.ts), asked with whether the caller's
 * authority for it is permanent; a refusal names the rule and what would work. Null: go ahead.
 */
export function guardChange(
  ctx: CommandContext,
  target: string,
  change: RoleChange['change'],
  role?: RoleRef,
): CommandResult | null {
  if (ctx.caller.kind !== 'member' || !ctx.company) return null;
  const cap =
    change === 'remove'
      ? 'remove-people'
      : role?.kind === 'infra'
        ? 'manage-infra-roles'
        : 'manage-company-admins';
  const scope = role?.kind === 'infra' ? role.infra : undefined;
  const actorPermanent = authorize(ctx.company, ctx.caller, cap, scope, { permanentOnly: true }).allowed;
  const refusal = roleChangeRefusal(ctx.company, {
    actor: ctx.caller.email,
    actorPermanent,
    target,
    change,
    ...(role ? { role } : {}),
  });
  return refusal ? conflict(refusal.message, refusal.hint) : null;
}

const refOf = (kind: RequestKind, infra?: string): RoleRef =>
  kind === 'company-admin'
    ? { kind: 'company-admin' }
    : { kind: 'infra', infra: infra ?? '', role: kind === 'infra-admin' ? 'admin' : 'member' };

/** Grants a role (optionally for a while) through the one shared rule in workflow/grants.ts. */
export function grantCommandRole(
  ctx: CommandContext,
  args: { email: string; infra?: string; for?: number },
  kind: RequestKind,
): CommandResult {
  if (args.infra) {
    const infra = requireInfra(ctx, args.infra);
    if (!infra.ok) return infra;
  }
  const found = requireMember(ctx, args.email);
  if (!found.ok) return found;
  const m = found.value;
  const refused = guardChange(ctx, m.email, 'raise', refOf(kind, args.infra));
  if (refused) return refused;
  const by = ctx.caller.kind === 'unknown' ? 'unknown' : ctx.caller.email;
  const outcome = grantRole(
    requireCompany(ctx),
    m,
    {
      kind,
      ...(args.infra ? { infra: args.infra } : {}),
      ...(args.for ? { forMs: args.for } : {}),
      source: `granted by ${by}`,
    },
    ctx.now,
    ctx.audit,
  );
  if (!outcome.ok) return conflict(outcome.message, outcome.hint);
  if (!outcome.changed) return { ok: true, view: view([{ kind: 'text', text: outcome.line }]) };
  return changed(ctx, m, outcome.line);
}

/**
 * Moves a member's role on one infrastructure from `from` (the roles it may currently be) to `to`.
 * A role already in place is reported without a change, so a retried command has one effect.
 */
export function revokeInfraRole(
  ctx: CommandContext,
  args: { email: string; infra: string; confirm?: ConfirmArg },
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
  if (current) {
    const refused = guardChange(ctx, m.email, 'lower', { kind: 'infra', infra: args.infra, role: current });
    if (refused) return refused;
  }
  // The last Infra Admin of an infrastructure: warn what it leaves behind, and ask first.
  if (current === 'admin' && lastInfraAdmin(requireCompany(ctx), m, args.infra)) {
    const name = change.to ? 'revoke infra-admin' : 'revoke access';
    const ask = unlessConfirmed(ctx, args.confirm, {
      name,
      args: { email: m.email, infra: args.infra },
      typed: `${name} ${m.email} ${args.infra} --confirm`,
      warnings: [lastInfraAdminWarning(ctx, m, args.infra)],
      explain: [
        textBlock(
          memberRef(m),
          `: Infra Admin of ${args.infra} -> `,
          strong(`${roleName(change.to)} of ${args.infra}`),
          '.',
        ),
      ],
    });
    if (ask) return ask;
  }
  // The end of a time-bound role it takes away, so the trail (and undo) know it was not permanent.
  const timed = requireCompany(ctx).grants.find((g) => g.email === m.email && g.infra === args.infra);
  const before = { ...rolesOf(m), until: timed?.until ?? null };
  if (change.to) m.roles[args.infra] = change.to;
  else delete m.roles[args.infra];
  clearTimedGrants(requireCompany(ctx), m.email, args.infra);
  ctx.audit({ action: 'role.change', target: m.email, infra: args.infra, before, after: rolesOf(m) });
  return changed(
    ctx,
    m,
    text(
      memberRef(m),
      `: ${roleName(current)} of ${args.infra} -> `,
      strong(`${roleName(change.to)} of ${args.infra}`),
      '.',
    ),
  );
}

export function revokeCompanyAdmin(ctx: CommandContext, email: string, confirm: ConfirmArg): CommandResult {
  const found = requireMember(ctx, email);
  if (!found.ok) return found;
  const m = found.value;
  if (!m.companyAdmin)
    return { ok: true, view: view([textBlock(memberRef(m), ' is not a Company Admin; nothing changed.')]) };
  const refused = guardChange(ctx, m.email, 'lower', { kind: 'company-admin' });
  if (refused) return refused;
  const ask = unlessConfirmed(ctx, confirm, {
    name: 'revoke company-admin',
    args: { email: m.email },
    typed: `revoke company-admin ${m.email} --confirm`,
    explain: [
      textBlock(
        memberRef(m),
        ' will no longer be a ',
        strong('Company Admin'),
        `; they keep their other roles (${describeRoles({ ...m, companyAdmin: false })}).`,
      ),
    ],
  });
  if (ask) return ask;
  const before = {
    ...rolesOf(m),
    until: timedGrantOf(requireCompany(ctx), m.email, 'company-admin')?.until ?? null,
  };
  m.companyAdmin = false;
  clearTimedGrants(requireCompany(ctx), m.email);
  ctx.audit({ action: 'company-admin.revoke', target: m.email, before, after: rolesOf(m) });
  return changed(ctx, m, text(memberRef(m), ' is no longer a ', strong('Company Admin'), '.'));
}

const emailAndInfra = z.object({ email: emailArg, infra: infraArg });
const timedGrant = emailAndInfra.extend({ for: GrantDurationSchema.optional() });
const revokeArgs = emailAndInfra.extend({ confirm: confirmArg });

/** grant infra-admin / grant access: the same shape, with `--for` for time-bound access. */
export function defineGrantCommand(spec: {
  name: string;
  summary: string;
  examples: string[];
  kind: RequestKind;
}) {
  return defineCommand<z.infer<typeof timedGrant>>({
    name: spec.name,
    summary: spec.summary,
    usage: `${spec.name} EMAIL INFRA [--for 8h]`,
    examples: spec.examples,
    positionals: ['email', 'infra'],
    flags: { for: 'string' },
    schema: timedGrant,
    capability: 'manage-infra-roles',
    changes: true,
    authorize: needs('manage-infra-roles', (a) => a.infra),
    run: (ctx, args) => grantCommandRole(ctx, args, spec.kind),
  });
}

/** revoke infra-admin / revoke access differ only in which role moves to which. */
export function defineRevokeCommand(spec: {
  name: string;
  summary: string;
  example: string;
  from: ReadonlyArray<InfraRole | undefined>;
  to: InfraRole | undefined;
  whenNot: string;
}) {
  return defineCommand<z.infer<typeof revokeArgs>>({
    name: spec.name,
    summary: spec.summary,
    usage: `${spec.name} EMAIL INFRA [--confirm]`,
    examples: [spec.example],
    positionals: ['email', 'infra'],
    flags: { confirm: 'boolean' },
    schema: revokeArgs,
    capability: 'manage-infra-roles',
    changes: true,
    authorize: needs('manage-infra-roles', (a) => a.infra),
    run: (ctx, args) => revokeInfraRole(ctx, args, spec),
  });
}

const emailAndConfirm = z.object({ email: emailArg, confirm: confirmArg });

export function defineCompanyAdminCommand(spec: {
  name: string;
  summary: string;
  example: string;
  to: boolean;
}) {
  return defineCommand<z.infer<typeof emailAndConfirm>>({
    name: spec.name,
    summary: spec.summary,
    usage: spec.to ? `${spec.name} EMAIL` : `${spec.name} EMAIL [--confirm]`,
    examples: [spec.example],
    positionals: ['email'],
    flags: spec.to ? {} : { confirm: 'boolean' },
    schema: emailAndConfirm,
    capability: 'manage-company-admins',
    changes: true,
    authorize: needs('manage-company-admins'),
    run: (ctx, args) =>
      spec.to
        ? grantCommandRole(ctx, args, 'company-admin')
        : revokeCompanyAdmin(ctx, args.email, args.confirm),
  });
}

/** Whether `m` is the only active Infra Admin of `infra`. */
export const lastInfraAdmin = (c: Company, m: Member, infra: string) => {
  const admins = infraAdmins(c, infra);
  return admins.length === 1 && admins[0]?.email === m.email;
};

/** What losing the last Infra Admin of `infra` leaves behind, and who can mend it. */
export function lastInfraAdminWarning(ctx: CommandContext, m: Member, infra: string): string {
  const admins = ctx.company ? activeCompanyAdmins(ctx.company).map((a) => a.name) : [];
  return `${m.name} is the last Infra Admin of ${infra}. Until a Company Admin${
    admins.length ? ` (${admins.join(', ')})` : ''
  } names a new one with \`grant infra-admin EMAIL ${infra}\`, support cases opened on ${infra} by people not on it wait with nobody to approve them, and nobody receives its maintenance notices.`;
}

// edit EMAIL: the "Edit permissions" form; submitted with role:INFRA and company-admin values, it applies the changes.
import { z } from 'zod';
import { allInfras, describeRoles, findMember } from '../domain/company.ts';
import type { InfraRole } from '../domain/schemas.ts';
import { authorize, type Decision } from '../policy/capabilities.ts';
import { type FormField, type Text, textBlock, view } from '../views/view.ts';
import { grantRole, roleName } from '../workflow/grants.ts';
import { defineCommand } from './command.ts';
import { confirmArg, unlessConfirmed } from './confirm.ts';
import { conflict } from './failure.ts';
import { emailArg, requireCompany, requireMember } from './lookups.ts';
import {
  guardChange,
  lastInfraAdmin,
  lastInfraAdminWarning,
  revokeCompanyAdmin,
  revokeInfraRole,
} from './role-change.ts';

const RoleChoice = z.enum(['none', 'member', 'admin'], { error: 'expected none, member or admin' });

/** The form sends one value per infrastructure (`role:prod-eu`) and the Company Admin checkbox. */
const schema = z.preprocess(
  (raw) => {
    if (typeof raw !== 'object' || raw === null) return raw;
    const roles: Record<string, unknown> = {};
    const rest: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(raw)) {
      if (k.startsWith('role:')) roles[k.slice(5)] = v;
      else rest[k] = v;
    }
    return { ...rest, roles };
  },
  z
    .object({
      email: emailArg,
      roles: z.record(z.string(), z.string()),
      // Absent means "not on this form" (an Infra Admin's form has no such box), not "unticked".
      'company-admin': z
        .union([z.boolean(), z.enum(['true', 'false', 'on', 'off', 'yes', 'no'])])
        .optional()
        .transform((v) =>
          v === undefined ? undefined : v === true || v === 'true' || v === 'on' || v === 'yes',
        ),
      /** Present when the form was submitted (a checkbox left unticked sends nothing). */
      submitted: z.literal('true').optional(),
      confirm: confirmArg,
    })
    .transform((args, ctx) => {
      // A bad choice is named by the form field it came from (`role:prod-eu`), so a form shows it there.
      const roles: Record<string, z.infer<typeof RoleChoice>> = {};
      for (const [id, v] of Object.entries(args.roles)) {
        const r = RoleChoice.safeParse(v);
        if (r.success) roles[id] = r.data;
        else
          ctx.addIssue({ code: 'custom', path: [`role:${id}`], message: 'expected none, member or admin' });
      }
      return { ...args, roles };
    }),
);
type Args = z.infer<typeof schema>;

const choice = (r: InfraRole | undefined) => r ?? 'none';

export default defineCommand<Args>({
  name: 'edit',
  summary: 'Edit a member’s permissions (the "Edit permissions" form)',
  usage: 'edit EMAIL [--role:INFRA none|member|admin ...]',
  examples: ['edit adelev@example.com'],
  positionals: ['email'],
  flags: { 'role:*': 'string', 'company-admin': 'boolean', confirm: 'boolean' },
  schema,
  capability: 'manage-infra-roles',
  changes: true,
  authorize(ctx, args): Decision {
    const { company, caller } = ctx;
    const target = company ? findMember(company, args.email) : undefined;
    const changes = Object.entries(args.roles).filter(([id, r]) => choice(target?.roles[id]) !== r);
    for (const [id] of changes) {
      const d = authorize(company, caller, 'manage-infra-roles', id);
      if (!d.allowed) return d;
    }
    if (target && args['company-admin'] !== undefined && args['company-admin'] !== target.companyAdmin) {
      const d = authorize(company, caller, 'manage-company-admins');
      if (!d.allowed) return d;
    }
    if (changes.length || args.submitted) return { allowed: true, via: 'company-admin' };
    // Opening the form: anyone who manages roles somewhere may look.
    const any = company
      ? allInfras(company).find((i) => authorize(company, caller, 'manage-infra-roles', i.infra.id).allowed)
      : undefined;
    return any
      ? { allowed: true, via: 'infra-admin-of-scope' }
      : authorize(company, caller, 'manage-infra-roles');
  },
  run(ctx, args) {
    const company = requireCompany(ctx);
    const found = requireMember(ctx, args.email);
    if (!found.ok) return found;
    const m = found.value;
    if (!args.submitted && !Object.keys(args.roles).length) return { ok: true, view: editForm(ctx, m) };
    // Demoting the last Infra Admin of an infrastructure asks first, as `revoke` does: once for the whole
    // form, before anything changes, and its Confirm submits the same values again.
    const leaving = Object.entries(args.roles).filter(
      ([id, wanted]) => wanted !== 'admin' && m.roles[id] === 'admin' && lastInfraAdmin(company, m, id),
    );
    if (leaving.length) {
      const raw: Record<string, string> = { email: m.email };
      for (const [id, wanted] of Object.entries(args.roles)) raw[`role:${id}`] = wanted;
      if (args['company-admin'] !== undefined) raw['company-admin'] = String(args['company-admin']);
      if (args.submitted) raw.submitted = 'true';
      const flags = Object.entries(raw)
        .filter(([k]) => k.startsWith('role:'))
        .map(([k, v]) => ` --${k} ${v}`)
        .join('');
      const ask = unlessConfirmed(ctx, args.confirm, {
        name: 'edit',
        args: raw,
        typed: `edit ${m.email}${flags} --confirm`,
        warnings: leaving.map(([id]) => lastInfraAdminWarning(ctx, m, id)),
        explain: leaving.map(([id, wanted]) =>
          textBlock(
            `${m.name}: Infra Admin of ${id} -> ${roleName(wanted === 'none' ? undefined : 'member')} of ${id}.`,
          ),
        ),
      });
      if (ask) return ask;
    }
    const lines: Text[] = [];
    for (const [id, wanted] of Object.entries(args.roles)) {
      if (!allInfras(company).some((i) => i.infra.id === id))
        return conflict(`There is no infrastructure ${id}.`);
      const current = m.roles[id];
      if (choice(current) === wanted) continue;
      const r =
        wanted === 'none'
          ? revokeInfraRole(
              ctx,
              { email: m.email, infra: id, confirm: true },
              { from: ['admin', 'member'], to: undefined, whenNot: '' },
            )
          : wanted === 'member' && current === 'admin'
            ? revokeInfraRole(
                ctx,
                { email: m.email, infra: id, confirm: true },
                { from: ['admin'], to: 'member', whenNot: '' },
              )
            : (() => {
                const refused = guardChange(ctx, m.email, 'raise', {
                  kind: 'infra',
                  infra: id,
                  role: wanted === 'admin' ? 'admin' : 'member',
                });
                if (refused) return refused;
                const g = grantRole(
                  company,
                  m,
                  { kind: wanted === 'admin' ? 'infra-admin' : 'access', infra: id, source: 'edit' },
                  ctx.now,
                  ctx.audit,
                );
                return g.ok
                  ? ({ ok: true, view: view([{ kind: 'text', text: g.line }]) } as const)
                  : conflict(g.message, g.hint);
              })();
      if (!r.ok) return r;
      lines.push([
        { kind: 'plain', text: `${roleName(current)} of ${id} -> ${roleName(m.roles[id])} of ${id}` },
      ]);
    }
    if (args.submitted && args['company-admin'] !== undefined && args['company-admin'] !== m.companyAdmin) {
      const r = args['company-admin']
        ? (() => {
            const refused = guardChange(ctx, m.email, 'raise', { kind: 'company-admin' });
            if (refused) return refused;
            const g = grantRole(company, m, { kind: 'company-admin', source: 'edit' }, ctx.now, ctx.audit);
            return g.ok ? ({ ok: true } as const) : conflict(g.message, g.hint);
          })()
        : revokeCompanyAdmin(ctx, m.email, true);
      if (!r.ok) return r;
      lines.push([
        { kind: 'plain', text: args['company-admin'] ? 'now a Company Admin' : 'no longer a Company Admin' },
      ]);
    }
    if (!lines.length) return { ok: true, view: view([textBlock(`Nothing changed for ${m.name}.`)]) };
    return {
      ok: true,
      view: view(
        [
          textBlock(`Permissions of ${m.name} changed:`),
          ...lines.map((t) => ({ kind: 'text' as const, text: t })),
          textBlock('Roles now: ', describeRoles(m)),
        ],
        { tone: 'success' },
      ),
    };
  },
});

function editForm(
  ctx: Parameters<Parameters<typeof defineCommand<Args>>[0]['run']>[0],
  m: NonNullable<ReturnType<typeof findMember>>,
) {
  const company = requireCompany(ctx);
  const fields: FormField[] = [];
  if (authorize(company, ctx.caller, 'manage-company-admins').allowed)
    fields.push({ kind: 'checkbox', name: 'company-admin', label: 'Company Admin', initial: m.companyAdmin });
  for (const { infra } of allInfras(company))
    if (authorize(company, ctx.caller, 'manage-infra-roles', infra.id).allowed)
      fields.push({
        kind: 'select',
        name: `role:${infra.id}`,
        label: `${infra.name} (${infra.id})`,
        initial: choice(m.roles[infra.id]),
        options: [
          { value: 'none', label: 'No access' },
          { value: 'member', label: 'Member' },
          { value: 'admin', label: 'Infra Admin' },
        ],
      });
  return view([
    textBlock(`${m.name} <${m.email}> now: ${describeRoles(m)}`),
    {
      kind: 'form',
      form: {
        title: 'Edit permissions',
        submitLabel: 'Save',
        submit: { name: 'edit', args: { email: m.email, submitted: 'true' } },
        open: { name: 'edit', args: { email: m.email } },
        fields,
        usage: 'edit EMAIL --role:INFRA none|member|admin ...',
      },
    },
  ]);
}

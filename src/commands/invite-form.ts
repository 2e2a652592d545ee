// The "Add team member" form: only the choices the caller may make, and LifeTime only where it applies.
import { allInfras, lifetimeRefusal } from '../domain/company.ts';
import { authorize } from '../policy/capabilities.ts';
import type { FormField, View } from '../views/view.ts';
import { view } from '../views/view.ts';
import type { CommandContext } from './command.ts';

export function addTeamMemberForm(ctx: CommandContext, errors?: Record<string, string>): View {
  const { company, caller } = ctx;
  const infras = company
    ? allInfras(company).filter((i) => authorize(company, caller, 'invite', i.infra.id).allowed)
    : [];
  const fields: FormField[] = [
    { kind: 'text', name: 'email', label: 'Email', required: true, placeholder: 'ana@example.com' },
    { kind: 'text', name: 'name', label: 'Name', required: false, placeholder: 'Ana Lima' },
  ];
  if (authorize(company, caller, 'manage-company-admins').allowed)
    fields.push({ kind: 'checkbox', name: 'company-admin', label: 'Company Admin', initial: false });
  for (const { infra } of infras)
    fields.push({
      kind: 'select',
      name: `role:${infra.id}`,
      label: `${infra.name} (${infra.id})`,
      initial: 'none',
      options: [
        { value: 'none', label: 'No access' },
        { value: 'member', label: 'Member' },
        { value: 'admin', label: 'Infra Admin' },
      ],
    });
  const lifetimeOk = infras.filter((i) => lifetimeRefusal(i) === null).map((i) => i.infra.id);
  if (lifetimeOk.length)
    fields.push({
      kind: 'checkbox',
      name: 'lifetime',
      label: 'Invite to LifeTime (developer account; the username is their email)',
      initial: false,
      hint: `Only for ${lifetimeOk.join(', ')}, and only when adding a member.`,
    });
  return view([
    {
      kind: 'form',
      form: {
        title: 'Add team member',
        submitLabel: 'Invite',
        usage:
          'invite EMAIL [--name N] [--company-admin] [--infra-admin X,...] [--member X,...] [--lifetime]',
        submit: { name: 'invite', args: {} },
        fields,
        ...(errors ? { errors } : {}),
      },
    },
  ]);
}

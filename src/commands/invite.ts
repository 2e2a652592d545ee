// invite EMAIL [--name N] [--company-admin] [--infra-admin X,...] [--member X,...] [--lifetime]; with no EMAIL, the form.
import { z } from 'zod';
import { allInfras, findMember, lifetimeRefusal } from '../domain/company.ts';
import { invitationExpiry } from '../domain/invitation.ts';
import { optionalUserText } from '../domain/user-text.ts';
import { authorize } from '../policy/capabilities.ts';
import { memberRef, strong, textBlock, timeAt, view } from '../views/view.ts';
import { queueInvitation } from '../workflow/invitation-message.ts';
import { defineCommand } from './command.ts';
import { confirmButton } from './confirm.ts';
import { conflict, invalid } from './failure.ts';
import { addTeamMemberForm } from './invite-form.ts';
import { emailArg, flagOn, infraListArg, requireInfra } from './lookups.ts';

const usage = 'invite EMAIL [--name N] [--company-admin] [--infra-admin X,...] [--member X,...] [--lifetime]';

/** A form submits one select per infrastructure (`role:prod-eu` = admin|member|none); fold them into the flags. */
function foldFormRoles(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return raw;
  const out: Record<string, unknown> = {};
  const admin: string[] = [];
  const member: string[] = [];
  for (const [k, v] of Object.entries(raw)) {
    if (!k.startsWith('role:')) out[k] = v;
    else if (v === 'admin') admin.push(k.slice(5));
    else if (v === 'member') member.push(k.slice(5));
  }
  const join = (a: unknown, more: string[]) =>
    [typeof a === 'string' ? a : '', ...more].filter(Boolean).join(',');
  if (admin.length) out['infra-admin'] = join(out['infra-admin'], admin);
  if (member.length) out.member = join(out.member, member);
  return out;
}

const schema = z.preprocess(
  foldFormRoles,
  z.object({
    email: emailArg.optional(),
    name: optionalUserText('a name', 100),
    'company-admin': flagOn,
    'infra-admin': infraListArg,
    member: infraListArg,
    lifetime: flagOn,
  }),
);
type Args = z.infer<typeof schema>;

export default defineCommand<Args>({
  name: 'invite',
  summary: 'Invite someone to the team and set their roles (with no email: the "Add team member" form)',
  usage,
  examples: [
    'invite ana@example.com --name "Ana Lima" --member prod-eu,dev-eu',
    'invite raj@example.com --infra-admin dev-eu --lifetime',
  ],
  positionals: ['email'],
  flags: {
    name: 'string',
    'company-admin': 'boolean',
    'infra-admin': 'string',
    member: 'string',
    lifetime: 'boolean',
  },
  schema,
  capability: 'invite',
  changes: true,
  authorize(ctx, args) {
    const { company, caller } = ctx;
    const infras = [...args['infra-admin'], ...args.member];
    const anywhere = company
      ? allInfras(company).find((i) => authorize(company, caller, 'invite', i.infra.id).allowed)
      : undefined;
    // The most general rule first: someone who may invite nowhere hears that ("Members can't invite").
    if (!anywhere) return authorize(company, caller, 'invite', infras[0]);
    // Opening the form: anyone who can invite to at least one infrastructure.
    if (!args.email) return authorize(company, caller, 'invite', anywhere.infra.id);
    if (args['company-admin']) {
      const d = authorize(company, caller, 'manage-company-admins');
      if (!d.allowed) return d;
    }
    if (!infras.length && !args['company-admin']) return authorize(company, caller, 'invite-without-infra');
    for (const id of infras) {
      const d = authorize(company, caller, 'invite', id);
      if (!d.allowed) return d;
    }
    return { allowed: true, via: 'company-admin' };
  },
  run(ctx, args) {
    if (!args.email) return { ok: true, view: addTeamMemberForm(ctx) };
    const email = args.email;
    const both = args['infra-admin'].find((id) => args.member.includes(id));
    if (both)
      return invalid('member', `${both} is given as both --infra-admin and --member; choose one`, usage);
    const infras = [...args['infra-admin'], ...args.member];
    const infos = [];
    for (const id of infras) {
      const found = requireInfra(ctx, id);
      if (!found.ok) return found;
      infos.push(found.value);
    }
    if (args.lifetime) {
      if (!infos.length)
        return invalid(
          'lifetime',
          'the LifeTime invitation needs a cloud or hybrid infrastructure role',
          usage,
        );
      const refusal = infos.map(lifetimeRefusal).find((r) => r !== null);
      if (refusal) return invalid('lifetime', refusal, usage);
    }
    const company = ctx.company;
    if (!company) throw new Error('invite without a company');
    const existing = findMember(company, email);
    if (existing)
      return conflict(
        `${existing.name} <${existing.email}> is already ${existing.status === 'active' ? 'on the team' : 'invited'}.`,
        existing.status === 'pending'
          ? `To send the invitation again: \`resend ${existing.email}\`.`
          : `To change their roles: \`grant access ${existing.email} INFRA\` or \`grant infra-admin ${existing.email} INFRA\`.`,
      );
    const roles: Record<string, 'admin' | 'member'> = {};
    for (const id of args.member) roles[id] = 'member';
    for (const id of args['infra-admin']) roles[id] = 'admin';
    const callerEmail = ctx.caller.kind === 'unknown' ? 'unknown' : ctx.caller.email;
    const member = {
      email,
      name: args.name ?? email.split('@')[0] ?? email,
      status: 'pending' as const,
      companyAdmin: args['company-admin'],
      roles,
      identities: [],
      invitation: {
        invitedBy: callerEmail,
        invitedAt: ctx.now.toISOString(),
        expiresAt: invitationExpiry(ctx.now),
        ...(args.lifetime ? { lifetime: { username: email, infrastructures: infras } } : {}),
      },
    };
    company.members.push(member);
    ctx.audit({ action: 'member.invite', target: email, before: null, after: member });
    const delivery = queueInvitation((item) => ctx.enqueue(item), ctx.reach, company, member);
    const lines = [
      textBlock(
        'Invited ',
        memberRef(member),
        '. The invitation expires on ',
        timeAt(member.invitation.expiresAt, 'date'),
        '.',
      ),
    ];
    if (args.lifetime)
      lines.push(
        textBlock(
          'The invitation includes a LifeTime developer account; its username is ',
          strong(email),
          '.',
        ),
      );
    lines.push(delivery);
    return {
      ok: true,
      view: view(
        [
          ...lines,
          {
            kind: 'actions',
            actions: [
              { label: 'Resend invitation', command: { name: 'resend', args: { email } } },
              // Only Company Admins cancel invitations: an Infra Admin who invited is not offered a button they cannot use.
              ...(authorize(company, ctx.caller, 'remove-people').allowed
                ? [
                    {
                      label: 'Cancel invitation',
                      // Confirmed by the chat's own dialog below: the button carries the confirmation id.
                      command: confirmButton(ctx, 'cancel-invite', { email }),
                      style: 'danger' as const,
                      confirm: `Cancel the invitation of ${email}?`,
                    },
                  ]
                : []),
            ],
          },
        ],
        { tone: 'success' },
      ),
    };
  },
});

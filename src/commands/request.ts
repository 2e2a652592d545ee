// request company-admin | infra-admin INFRA | access INFRA --reason R [--for 8h]: ask for a role; approvers decide with a button.
import { z } from 'zod';
import { findMember } from '../domain/company.ts';
import { formatDuration, GrantDurationSchema } from '../domain/durations.ts';
import { type RequestKind, RequestKindSchema, TextSchema, WAS_MAX } from '../domain/schemas.ts';
import { isBroken } from '../policy/rule-switch.ts';
import { count } from '../views/plural.ts';
import { strong, textBlock, timeAt, view } from '../views/view.ts';
import { holding, targetName, timedGrantOf } from '../workflow/grants.ts';
import { eligibleApprovers, postTargets, previewLine } from '../workflow/requests.ts';
import { defineCommand, needs } from './command.ts';
import { conflict, invalid } from './failure.ts';
import { infraArg, requireCompany, requireInfra } from './lookups.ts';

const usage = 'request company-admin|infra-admin INFRA|access INFRA --reason R [--for 8h]';
const schema = z.object({
  kind: RequestKindSchema.or(z.undefined()).refine(
    (k) => k !== undefined,
    'say what you ask for: company-admin, infra-admin or access',
  ),
  infra: infraArg.optional(),
  reason: z
    .string({ error: 'a reason is required: --reason "why you need it"' })
    .pipe(TextSchema('a reason', 500)),
  // A form's blank "for how long" field is no limit, as leaving out --for is.
  for: z.preprocess((v) => (v === '' ? undefined : v), GrantDurationSchema.optional()),
});

export default defineCommand<z.infer<typeof schema>>({
  name: 'request',
  summary: 'Ask for a role (for a while with --for); the people who could grant it decide',
  usage,
  examples: [
    'request infra-admin prod-eu --reason "deploy the hotfix" --for 8h',
    'request access dev-eu --reason "QA work"',
  ],
  positionals: ['kind', 'infra'],
  flags: { reason: 'string', for: 'string' },
  schema,
  capability: 'browse',
  changes: true,
  authorize: needs('browse'),
  run(ctx, args) {
    const company = requireCompany(ctx);
    const kind = args.kind;
    if (kind !== 'company-admin') {
      if (!args.infra) return invalid('infra', `${kind} needs an infrastructure`, usage);
      const found = requireInfra(ctx, args.infra);
      if (!found.ok) return found;
    } else if (args.infra)
      return invalid('infra', 'company-admin is for the whole company; leave out the infrastructure', usage);
    const infra = kind === 'company-admin' ? undefined : args.infra;
    const me = ctx.caller.kind === 'member' ? findMember(company, ctx.caller.email) : undefined;
    if (!me) throw new Error('request authorized for a non-member');
    const has =
      kind === 'company-admin'
        ? me.companyAdmin
        : kind === 'infra-admin'
          ? me.roles[infra ?? ''] === 'admin'
          : me.roles[infra ?? ''] !== undefined;
    if (has && !timedGrantOf(company, me.email, kind, infra))
      return conflict(`You are already ${holding(me, kind, infra)}; there is nothing to ask for.`);
    const open = company.requests.find(
      (r) => r.status === 'pending' && r.requester === me.email && r.kind === kind && r.infra === infra,
    );
    if (open)
      return conflict(
        `You already asked for this in ${open.id}; it is waiting for a decision.`,
        `To withdraw it: \`cancel-request ${open.id}\`.`,
      );
    const s = company.settings;
    const r = {
      id: `AR-${company.nextRequestNumber}`,
      requester: me.email,
      kind,
      ...(infra ? { infra } : {}),
      reason: args.reason,
      ...(args.for ? { forMs: args.for } : {}),
      was: holding(me, kind, infra, WAS_MAX),
      status: 'pending' as const,
      createdAt: ctx.now.toISOString(),
      expiresAt: new Date(ctx.now.getTime() + s.requestTtlHours * 3_600_000).toISOString(),
      approvals: [],
      required: 1,
      messages: [],
      reminders: 0,
      nextReminderAt: new Date(ctx.now.getTime() + (s.reminderMinutes[0] ?? 60) * 60_000).toISOString(),
    };
    const approvers = eligibleApprovers(company, r);
    if (!approvers.length && !isBroken('quorum-fits')) return nobodyCouldApprove(kind, infra);
    // The quorum fits the people who can approve: never more approvals than approvers besides you.
    const configured = kind === 'company-admin' ? s.companyAdminApprovals : 1;
    r.required = isBroken('quorum-fits') ? configured : Math.min(configured, approvers.length);
    company.nextRequestNumber += 1;
    company.requests.push(r);
    ctx.audit({
      action: 'request.create',
      target: r.id,
      ...(infra ? { infra } : {}),
      before: null,
      after: r,
    });
    for (const item of postTargets(ctx.data, company, r)) ctx.enqueue(item);
    return {
      ok: true,
      view: view(
        [
          textBlock('Request ', strong(r.id), ' filed: '),
          { kind: 'text', text: previewLine(company, r) },
          textBlock(
            `It needs ${count(r.required, 'approval')} from ${approvers.map((m) => m.name).join(', ')}, and expires `,
            timeAt(r.expiresAt),
            '.',
            r.forMs ? ` Once approved it lasts ${formatDuration(r.forMs)}.` : '',
          ),
          {
            kind: 'actions',
            actions: [
              {
                label: 'Cancel request',
                command: { name: 'cancel-request', args: { id: r.id } },
                style: 'danger',
                confirm: `Withdraw ${r.id}?`,
              },
            ],
          },
        ],
        { tone: 'success' },
      ),
    };
  },
});

/**
 * Nobody but the requester could approve it: refused at once rather than left to expire. Company Admins
 * may approve every request, so this happens only when the requester is the only active one.
 */
function nobodyCouldApprove(kind: RequestKind, infra?: string) {
  return conflict(
    `Nobody besides you could approve ${targetName(kind, infra)}: you are the only active Company Admin${
      kind === 'company-admin' ? '' : ` and nobody else is Infra Admin of ${infra}`
    }.`,
    'Grant Company Admin to someone you trust first (`grant company-admin EMAIL`); they can then approve it.',
  );
}

// deny ID [--reason R]: an eligible approver turns a request down; the first decision wins.
import { textBlock, view } from '../views/view.ts';
import { defineCommand } from './command.ts';
import { authorizeDecide, type DecideArgs, decideSchema, notifyAll, openRequest } from './decide.ts';

export default defineCommand<DecideArgs>({
  name: 'deny',
  summary: 'Deny an access request you could grant yourself',
  usage: 'deny ID [--reason R]',
  examples: ['deny AR-1001 --reason "use the staging account"'],
  positionals: ['id'],
  flags: { reason: 'string' },
  schema: decideSchema,
  capability: 'manage-infra-roles',
  changes: true,
  authorize: authorizeDecide,
  run(ctx, args) {
    const open = openRequest(ctx, args.id);
    if (!open.ok) return open;
    const { company, r } = open.value;
    const by = ctx.caller.kind === 'unknown' ? '' : ctx.caller.email;
    const before = { status: r.status };
    r.status = 'denied';
    r.decision = {
      by,
      at: ctx.now.toISOString(),
      chat: ctx.caller.chat,
      ...(args.reason ? { reason: args.reason } : {}),
    };
    ctx.audit({
      action: 'request.deny',
      target: r.id,
      ...(r.infra ? { infra: r.infra } : {}),
      before,
      after: { status: r.status, reason: args.reason ?? null },
    });
    notifyAll(ctx, company, r);
    return {
      ok: true,
      view: view([textBlock(`Denied ${r.id}; ${r.requester} will be told.`)], { tone: 'success' }),
    };
  },
});

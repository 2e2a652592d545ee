// cancel-request ID: the requester withdraws a request that is still waiting.
import { textBlock, view } from '../views/view.ts';
import { defineCommand, needs } from './command.ts';
import { type DecideArgs, decideSchema, notifyAll, openRequest } from './decide.ts';
import { conflict } from './failure.ts';

export default defineCommand<DecideArgs>({
  name: 'cancel-request',
  summary: 'Withdraw your own access request',
  usage: 'cancel-request ID',
  examples: ['cancel-request AR-1001'],
  positionals: ['id'],
  flags: {},
  schema: decideSchema,
  capability: 'browse',
  changes: true,
  authorize: needs('browse'),
  run(ctx, args) {
    const open = openRequest(ctx, args.id);
    if (!open.ok) return open;
    const { company, r } = open.value;
    if (ctx.caller.kind === 'unknown' || r.requester !== ctx.caller.email)
      return conflict(`Only ${r.requester} can withdraw ${r.id}; approvers can deny it instead.`);
    r.status = 'cancelled';
    ctx.audit({
      action: 'request.cancel',
      target: r.id,
      ...(r.infra ? { infra: r.infra } : {}),
      before: { status: 'pending' },
      after: { status: r.status },
    });
    notifyAll(ctx, company, r);
    return { ok: true, view: view([textBlock(`Withdrew ${r.id}.`)], { tone: 'success' }) };
  },
});

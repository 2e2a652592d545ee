// deny ID [--reason R]: an eligible approver turns a request down; the first decision wins.
import { textBlock, view } from '../views/view.ts';
import { defineCommand } from './command.ts';
import { authorizeDecide, type DecideArgs, decideSchema, openRequest, settle } from './decide.ts';

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
  authorize: authorizeDecide('deny'),
  run(ctx, args) {
    const open = openRequest(ctx, args.id);
    if (!open.ok) return open;
    const { company, r } = open.value;
    settle(ctx, company, r, 'denied', args.reason, {
      status: r.status,
      approvals: r.approvals.length,
      reason: null,
    });
    return {
      ok: true,
      view: view([textBlock(`Denied ${r.id}; ${r.requester} will be told.`)], { tone: 'success' }),
    };
  },
});

// decide ID: one access request as this viewer may act on it; the Review button of a shared card opens it.
import { textBlock } from '../views/view.ts';
import { authorizeDecision, requestCard } from '../workflow/requests.ts';
import { defineCommand, needs } from './command.ts';
import { type DecideArgs, decideSchema, findRequest } from './decide.ts';
import { notFound } from './failure.ts';
import { requireCompany } from './lookups.ts';

export default defineCommand<DecideArgs>({
  name: 'decide',
  summary: 'See an access request and the decisions open to you',
  usage: 'decide ID',
  examples: ['decide AR-1001'],
  positionals: ['id'],
  flags: {},
  schema: decideSchema,
  // Any member may press Review on a card in a shared channel; what they may decide is asked of the request.
  capability: 'browse',
  changes: false,
  authorize: needs('browse'),
  run(ctx, args) {
    const company = requireCompany(ctx);
    const r = findRequest(company, args.id);
    if (!r) return notFound('access request', args.id, 'see `requests`');
    const card = requestCard(company, r, ctx.caller);
    if (r.status !== 'pending') return { ok: true, view: card };
    const d = authorizeDecision(company, ctx.caller, r, 'deny');
    const approve = authorizeDecision(company, ctx.caller, r, 'approve');
    // Say why no button is there, so nobody wonders whether a press would have worked.
    const why = !d.allowed ? d.rule : !approve.allowed ? approve.rule : undefined;
    return {
      ok: true,
      view: why ? { ...card, blocks: [...card.blocks, textBlock(`You can't decide it: ${why}.`)] } : card,
    };
  },
});

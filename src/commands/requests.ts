// requests: your own access requests, and those waiting for you to decide.

import { z } from 'zod';
import { findMember } from '../domain/company.ts';
import { type Action, code, plain, textBlock, timeAt, view } from '../views/view.ts';
import { targetName } from '../workflow/grants.ts';
import { authorizeDecision } from '../workflow/requests.ts';
import { defineCommand, needs } from './command.ts';
import { requireCompany } from './lookups.ts';

const schema = z.object({});

export default defineCommand<z.infer<typeof schema>>({
  name: 'requests',
  summary: 'Your access requests, and the ones you may decide',
  usage: 'requests',
  examples: ['requests'],
  positionals: [],
  flags: {},
  schema,
  capability: 'browse',
  changes: false,
  authorize: needs('browse'),
  run(ctx) {
    const company = requireCompany(ctx);
    const me = ctx.caller.kind === 'unknown' ? '' : ctx.caller.email;
    const mine = company.requests.filter((r) => r.requester === me);
    const decidable = company.requests.filter(
      (r) => r.status === 'pending' && authorizeDecision(company, ctx.caller, r, 'deny').allowed,
    );
    const shown = [...decidable, ...mine.filter((r) => !decidable.includes(r))].slice(-50);
    if (!shown.length)
      return {
        ok: true,
        view: view([
          textBlock('No requests. Ask for a role with ', code('request infra-admin INFRA --reason R'), '.'),
        ]),
      };
    const name = (email: string) => findMember(company, email)?.name ?? email;
    const rows = shown.map((r) => [
      [code(r.id)],
      [plain(name(r.requester))],
      [plain(targetName(r.kind, r.infra))],
      [plain(r.status)],
      [timeAt(r.expiresAt)],
    ]);
    // Approve only where this viewer's press would count (not after their own approval).
    const actions: Action[] = decidable.slice(0, 10).flatMap((r) => [
      ...(authorizeDecision(company, ctx.caller, r, 'approve').allowed
        ? [
            {
              label: `Approve ${r.id}`,
              command: { name: 'approve', args: { id: r.id } },
              style: 'primary' as const,
            },
          ]
        : []),
      {
        label: `Deny ${r.id}`,
        command: { name: 'deny', args: { id: r.id } },
        style: 'danger' as const,
        confirm: `Deny ${r.id}?`,
      },
    ]);
    return {
      ok: true,
      view: view(
        [
          { kind: 'table', columns: ['Request', 'Who', 'For', 'Status', 'Expires'], rows },
          ...(actions.length ? [{ kind: 'actions' as const, actions }] : []),
        ],
        { title: 'Access requests' },
      ),
    };
  },
});

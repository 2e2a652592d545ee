// whoami: who the bot knows you as, your roles, and what you can do.
import { z } from 'zod';
import { describeRoles, findMember } from '../domain/company.ts';
import { isExpired } from '../domain/invitation.ts';
import { CAPABILITIES, type Capability } from '../policy/capabilities.ts';
import { code, memberRef, strong, text, textBlock, timeAt, view } from '../views/view.ts';
import { targetName } from '../workflow/grants.ts';
import { noticesFor } from '../workflow/notices.ts';
import { holdsAnywhere } from './abilities.ts';
import { defineCommand, needs } from './command.ts';

const schema = z.object({});

export default defineCommand<z.infer<typeof schema>>({
  name: 'whoami',
  summary: 'Who the bot knows you as, your roles and what you can do',
  usage: 'whoami',
  examples: ['whoami'],
  positionals: [],
  flags: {},
  schema,
  capability: 'whoami',
  changes: false,
  authorize: needs('whoami'),
  run(ctx) {
    const { company, caller } = ctx;
    if (caller.kind === 'unknown' || !company)
      return {
        ok: false,
        failure: {
          kind: 'unknown-user',
          reason: caller.kind === 'unknown' ? caller.reason : 'no company',
          admins: [],
        },
      };
    if (caller.kind === 'contact') {
      const contact = company.contacts.find((c) => c.email === caller.email);
      return {
        ok: true,
        view: view([
          textBlock('You are ', strong(caller.email), ', a support contact of ', strong(company.name), '.'),
          textBlock(
            `You can see your support cases (${contact?.caseIds.join(', ') || 'none'}): `,
            code('cases'),
          ),
        ]),
      };
    }
    const m = findMember(company, caller.email);
    if (!m)
      return { ok: false, failure: { kind: 'unknown-user', reason: 'you are not on the team', admins: [] } };
    const fields: Array<[string, ReturnType<typeof text>]> = [
      ['Name', text(memberRef(m))],
      ['Company', text(company.name)],
      ['Status', text(m.status)],
      ['Roles', text(describeRoles(m))],
    ];
    const administers = Object.keys(m.roles).filter((k) => m.roles[k] === 'admin');
    if (administers.length) fields.push(['You administer', text(administers.sort().join(', '))]);
    if (m.security) fields.push(['Security contact', text('yes')]);
    for (const g of company.grants.filter((x) => x.email === m.email))
      fields.push(['Time-bound', text(`${targetName(g.kind, g.infra)} until `, timeAt(g.until))]);
    const notices = noticesFor(company, m);
    if (m.status === 'active')
      fields.push([
        'Notices you get',
        text(notices.length ? notices.join('; ') : 'none: no role of yours receives notices'),
      ]);
    if (m.status === 'pending') {
      const expired = isExpired(m.invitation, ctx.now);
      return {
        ok: true,
        view: view([
          { kind: 'fields', fields },
          expired
            ? textBlock(
                'Your invitation expired on ',
                timeAt(m.invitation?.expiresAt ?? '', 'date'),
                `; ask ${m.invitation?.invitedBy ?? 'a Company Admin'} to resend it.`,
              )
            : textBlock(
                `You were invited by ${m.invitation?.invitedBy ?? 'an admin'}; the invitation expires on `,
                timeAt(m.invitation?.expiresAt ?? '', 'date'),
                '.',
              ),
          ...(expired
            ? []
            : [
                {
                  kind: 'actions' as const,
                  actions: [
                    {
                      label: 'Accept invitation',
                      command: { name: 'accept', args: {} },
                      style: 'primary' as const,
                    },
                  ],
                },
              ]),
        ]),
      };
    }
    const caps = (Object.keys(CAPABILITIES) as Capability[]).filter(
      (c) =>
        c !== 'help' &&
        c !== 'whoami' &&
        c !== 'accept-invitation' &&
        !c.startsWith('receive-') &&
        holdsAnywhere(company, caller, c),
    );
    return {
      ok: true,
      view: view(
        [
          { kind: 'fields', fields },
          textBlock(
            strong('You can: '),
            caps.map((c) => CAPABILITIES[c].does.replace(/ (on|of)$/, '')).join('; '),
            '.',
          ),
        ],
        { title: 'Who you are' },
      ),
    };
  },
});

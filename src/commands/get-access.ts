// get-access INFRA: how to get access to an infrastructure: a Request button when a request could be decided,
// else who can grant it. With --form, the request form the button opens.
import { z } from 'zod';
import { activeCompanyAdmins, findMember, infraAdmins, roleLabel } from '../domain/company.ts';
import { memberList } from '../views/member-list.ts';
import { code, strong, text, textBlock, view } from '../views/view.ts';
import { defineCommand, needs } from './command.ts';
import { flagOn, infraArg, requireCompany, requireInfra } from './lookups.ts';

const schema = z.object({ infra: infraArg, form: flagOn });

export default defineCommand<z.infer<typeof schema>>({
  name: 'get-access',
  summary: 'How to get access to an infrastructure, with a button to ask for it',
  usage: 'get-access INFRA',
  examples: ['get-access dev-eu', 'how do I get access to dev-eu?'],
  positionals: ['infra'],
  flags: { form: 'boolean' },
  schema,
  capability: 'browse',
  changes: false,
  authorize: needs('browse'),
  run(ctx, args) {
    const company = requireCompany(ctx);
    const found = requireInfra(ctx, args.infra);
    if (!found.ok) return found;
    const id = found.value.infra.id;
    const title = `Access to ${id}`;
    const me = ctx.caller.kind === 'member' ? findMember(company, ctx.caller.email) : undefined;
    if (!me) throw new Error('get-access authorized for a non-member');
    if (me.roles[id])
      return {
        ok: true,
        view: view([textBlock('You already have access to ', strong(id), ` as ${roleLabel(me, id)}.`)], {
          title,
        }),
      };
    const open = company.requests.find(
      (r) => r.status === 'pending' && r.requester === me.email && r.kind === 'access' && r.infra === id,
    );
    if (open)
      return {
        ok: true,
        view: view(
          [
            textBlock(
              `You already asked for it in ${open.id}; it is waiting for a decision. To withdraw it: `,
              code(`cancel-request ${open.id}`),
              '.',
            ),
          ],
          { title },
        ),
      };
    const admins = infraAdmins(company, id).filter((m) => m.email !== me.email);
    const cas = activeCompanyAdmins(company).filter((m) => m.email !== me.email);
    if (!admins.length && !cas.length)
      // A request nobody could decide would be refused: say who grants it instead of offering a button.
      return {
        ok: true,
        view: view(
          [
            textBlock(
              'Only Company Admins or the Infra Admins of ',
              strong(id),
              ' can grant access, and there is nobody but you to ask. Ask your Customer Portal administrator.',
            ),
          ],
          { title },
        ),
      };
    if (args.form)
      return {
        ok: true,
        view: view([
          {
            kind: 'form',
            form: {
              title: `Request access to ${id}`,
              submitLabel: 'Request',
              usage: `request access ${id} --reason R [--for 8h]`,
              submit: { name: 'request', args: { kind: 'access', infra: id } },
              open: { name: 'get-access', args: { infra: id, form: 'true' } },
              fields: [
                {
                  kind: 'text',
                  name: 'reason',
                  label: 'Why do you need it?',
                  required: true,
                  placeholder: 'QA work on the new release',
                },
                {
                  kind: 'text',
                  name: 'for',
                  label: 'For how long (blank: until revoked)',
                  required: false,
                  placeholder: '8h',
                },
              ],
            },
          },
        ]),
      };
    const deciders = admins.length
      ? text(
          'Its Infra Admins (',
          ...memberList(admins),
          ') or a Company Admin (',
          ...memberList(cas),
          ') decide.',
        )
      : text('A Company Admin (', ...memberList(cas), ') decides.');
    return {
      ok: true,
      view: view(
        [
          textBlock('To get access to ', strong(id), ', ask for it with a reason.'),
          { kind: 'text', text: deciders },
          {
            kind: 'actions',
            actions: [
              {
                label: `Request access to ${id}`,
                command: { name: 'get-access', args: { infra: id, form: 'true' } },
                style: 'primary',
              },
            ],
          },
          textBlock('Or type: ', code(`request access ${id} --reason "why you need it"`)),
        ],
        { title },
      ),
    };
  },
});

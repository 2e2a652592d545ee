// notify maintenance INFRA TEXT | notify disruptive INFRA[,INFRA] TEXT | notify security TEXT: a manual notice.
import { z } from 'zod';
import { textBlock, view } from '../views/view.ts';
import { type NoticeEvent, NoticeEventSchema, queueNotice, recipients } from '../workflow/notices.ts';
import { defineCommand, needs } from './command.ts';
import { invalid } from './failure.ts';
import { requireCompany, requireInfra } from './lookups.ts';

const usage = 'notify maintenance INFRA TEXT | notify disruptive INFRA[,INFRA] TEXT | notify security TEXT';
const schema = z.object({
  type: z.enum(['maintenance', 'disruptive', 'security'], {
    error: 'expected maintenance, disruptive or security',
  }),
  rest: z.string({ error: 'TEXT is missing' }).trim().min(1, 'TEXT is missing').max(1100),
});

export default defineCommand<z.infer<typeof schema>>({
  name: 'notify',
  summary: 'Send a maintenance, disruptive-event or security notice to the people whose role receives it',
  usage,
  examples: [
    'notify maintenance prod-eu "Saturday 02:00-04:00 UTC: database upgrade"',
    'notify security "Rotate your API keys"',
  ],
  positionals: ['type', 'rest'],
  rest: true,
  flags: {},
  schema,
  capability: 'send-notices',
  changes: true,
  authorize: needs('send-notices'),
  run(ctx, args) {
    const company = requireCompany(ctx);
    let raw: unknown;
    if (args.type === 'security') raw = { type: 'security', text: args.rest };
    else {
      const [first = '', ...words] = args.rest.split(/\s+/);
      const infras = first.toLowerCase().split(',').filter(Boolean);
      for (const i of infras) {
        const found = requireInfra(ctx, i);
        if (!found.ok) return found;
      }
      const text = words.join(' ');
      raw =
        args.type === 'maintenance'
          ? { type: 'maintenance', infra: infras[0], text }
          : { type: 'disruptive', infras, text };
      if (args.type === 'maintenance' && infras.length !== 1)
        return invalid('infra', 'maintenance is about one infrastructure', usage);
    }
    const parsed = NoticeEventSchema.safeParse(raw);
    if (!parsed.success) return invalid('text', parsed.error.issues[0]?.message ?? 'is not valid', usage);
    const to = recipients(company, parsed.data);
    if (!to.length) return nobodyReceives(parsed.data);
    const { seq } = ctx.audit({
      action: `notice.${args.type}`,
      target: args.type === 'security' ? 'security contacts' : (args.rest.split(/\s+/)[0] ?? ''),
      before: null,
      after: parsed.data,
    });
    queueNotice(ctx.data, company, parsed.data, `manual:${seq}`, ctx.now);
    return {
      ok: true,
      view: view(
        [
          textBlock(
            `Queued for ${to.length} ${to.length === 1 ? 'person' : 'people'}: ${to.map((x) => x.member.name).join(', ')}. See \`notifications\` for delivery.`,
          ),
          // Nothing has been delivered yet; say what happens to those the chats cannot reach.
          textBlock(
            ctx.reach.email
              ? 'Anyone no chat reaches yet gets it by email.'
              : 'Anyone no chat reaches yet gets it when they first write to the bot (within 3 days; no email is configured).',
          ),
        ],
        { tone: 'success' },
      ),
    };
  },
});

/**
 * Nobody holds the role that receives it: name the argument that is the problem (the infrastructure,
 * or the security type) and what would fix it.
 */
function nobodyReceives(event: NoticeEvent) {
  switch (event.type) {
    case 'maintenance':
      return invalid(
        'infra',
        `${event.infra} has no Infra Admin, and only its Infra Admins receive maintenance notices; a Company Admin can name one with \`grant infra-admin EMAIL ${event.infra}\``,
        usage,
      );
    case 'disruptive':
      return invalid(
        'infra',
        `nobody receives disruptive-event notices for ${event.infras.join(', ')}: it needs a Company Admin or an Infra Admin`,
        usage,
      );
    default:
      return invalid(
        'type',
        'nobody holds the Security role, so security notices reach nobody; give it with `security-contact set EMAIL PHONE`',
        usage,
      );
  }
}

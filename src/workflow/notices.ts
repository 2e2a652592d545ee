// Notices: who receives each kind (asked of the capability table's "receives" rows), and what they read.
import { z } from 'zod';
import { activeMembers, securityContacts } from '../domain/company.ts';
import { formatPhone } from '../domain/phone.ts';
import { type Company, type Member, SlugSchema, type StoreData, TextSchema } from '../domain/schemas.ts';
import { type Caller, memberCaller } from '../policy/caller.ts';
import { type Capability, can } from '../policy/capabilities.ts';
import { count } from '../views/plural.ts';
import { type Block, memberRef, plain, strong, textBlock, type View, view } from '../views/view.ts';
import { enqueue } from './outbox.ts';

export const NoticeEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('license'),
    infra: SlugSchema,
    expiresOn: z.string(),
    daysLeft: z.number().int(),
  }),
  z.object({ type: z.literal('maintenance'), infra: SlugSchema, text: TextSchema('the notice text', 1000) }),
  z.object({
    type: z.literal('disruptive'),
    infras: z.array(SlugSchema).min(1).max(50),
    text: TextSchema('the notice text', 1000),
  }),
  z.object({ type: z.literal('security'), text: TextSchema('the notice text', 1000) }),
]);
export type NoticeEvent = z.infer<typeof NoticeEventSchema>;

const asCaller = (c: Company, m: Member): Caller => memberCaller(c.id, m.email);

/** Each recipient with the rule that makes them one, e.g. "you are an Infra Admin of prod-eu". */
export function recipients(c: Company, e: NoticeEvent): Array<{ member: Member; why: string }> {
  const rule = (cap: Capability, infra?: string) =>
    activeMembers(c)
      .filter((m) => can(c, asCaller(c, m), cap, infra))
      .map((m) => ({
        member: m,
        why:
          m.companyAdmin && cap !== 'receive-maintenance'
            ? 'you are a Company Admin'
            : `you are an Infra Admin of ${infra}`,
      }));
  let list: Array<{ member: Member; why: string }>;
  switch (e.type) {
    case 'license':
      list = rule('receive-license', e.infra);
      break;
    case 'maintenance':
      list = rule('receive-maintenance', e.infra);
      break;
    case 'disruptive':
      list = e.infras.flatMap((i) => rule('receive-disruptive', i));
      break;
    case 'security':
      list = rule('receive-security').map((x) => ({ ...x, why: 'you are a security contact' }));
      break;
  }
  const seen = new Set<string>();
  return list.filter((x) => !seen.has(x.member.email) && seen.add(x.member.email));
}

const titleOf = (e: NoticeEvent) =>
  e.type === 'license'
    ? e.daysLeft < 0
      ? `License of ${e.infra} expired`
      : `License of ${e.infra} expires in ${count(e.daysLeft, 'day')}`
    : e.type === 'maintenance'
      ? `Maintenance of ${e.infra}`
      : e.type === 'disruptive'
        ? `Disruptive event: ${e.infras.join(', ')}`
        : 'Security notice';

export function noticeView(c: Company, e: NoticeEvent, to: { member: Member; why: string }): View {
  const blocks: Block[] = [];
  if (e.type === 'license')
    blocks.push(
      textBlock(
        'The license of ',
        strong(e.infra),
        ` ${e.daysLeft < 0 ? 'expired on' : 'expires on'} ${e.expiresOn}. See `,
        plain(`license ${e.infra}`),
        '.',
      ),
    );
  else blocks.push(textBlock(e.text));
  if (e.type === 'security') {
    // Phone numbers on file go only to admins among the security contacts.
    const admin = to.member.companyAdmin || Object.values(to.member.roles).includes('admin');
    const holders = securityContacts(c);
    if (admin && holders.length)
      blocks.push({
        kind: 'fields',
        fields: holders.map((m) => [m.name, [memberRef(m), plain(` ${formatPhone(m.security?.phone)}`)]]),
      });
  }
  blocks.push(textBlock(`You get this because ${to.why}.`));
  return view(blocks, {
    title: titleOf(e),
    tone: e.type === 'security' || e.type === 'disruptive' ? 'error' : 'info',
  });
}

/** Queues one message per recipient; `eventKey` makes a repeated event (a replayed webhook, a second tick) a no-op. */
export function queueNotice(
  draft: StoreData,
  c: Company,
  e: NoticeEvent,
  eventKey: string,
  now: Date,
): number {
  let queued = 0;
  for (const r of recipients(c, e))
    if (
      enqueue(
        draft,
        c.id,
        {
          key: `${eventKey}:${r.member.email}`,
          to: { kind: 'member', email: r.member.email },
          content: { kind: 'view', view: noticeView(c, e, r) },
          reason: titleOf(e),
        },
        now,
      )
    )
      queued++;
  return queued;
}

/** Which notices a member gets and why, for `whoami`. */
export function noticesFor(c: Company, m: Member): string[] {
  const me = asCaller(c, m);
  const out: string[] = [];
  const infras = c.subscriptions.flatMap((s) => s.infrastructures.map((i) => i.id));
  const where = (cap: Capability) => infras.filter((i) => can(c, me, cap, i));
  const lic = where('receive-license');
  if (lic.length)
    out.push(
      `license expiration of ${m.companyAdmin ? 'every infrastructure (Company Admin)' : lic.join(', ')}`,
    );
  const dis = where('receive-disruptive');
  if (dis.length)
    out.push(
      `disruptive events on ${m.companyAdmin ? 'every infrastructure (Company Admin)' : dis.join(', ')}`,
    );
  const mnt = where('receive-maintenance');
  if (mnt.length) out.push(`maintenance of ${mnt.join(', ')} (Infra Admin)`);
  if (can(c, me, 'receive-security')) out.push('security notices (security contact)');
  return out;
}

// team [active|pending|contacts] [--infra X] [--page N]: who is on the team and what they may do.

import { z } from 'zod';
import { isSettled } from '../domain/collection-index.ts';
import { describeRoles, membersOfInfra, roleLabel } from '../domain/company.ts';
import { memberIndex } from '../domain/indexes.ts';
import { isExpired } from '../domain/invitation.ts';
import { contactMatches, infrasMatching, memberMatches, searchArg } from '../domain/member-search.ts';
import type { Member, TimedGrant } from '../domain/schemas.ts';
import { csvFile, exportName } from '../export/csv.ts';
import { type CsvTable, contactTable, memberTable } from '../export/team-csv.ts';
import { authorizeResend } from '../policy/resend.ts';
import { count } from '../views/plural.ts';
import {
  type Action,
  type Block,
  memberRef,
  plain,
  type Span,
  strong,
  type Text,
  text,
  textBlock,
  timeAt,
  view,
} from '../views/view.ts';
import { targetName } from '../workflow/grants.ts';
import { holdsAnywhere } from './abilities.ts';
import { defineCommand, needs } from './command.ts';
import { infraArg, pageArg, requireCompany, requireInfra } from './lookups.ts';

export const PAGE_SIZE = 10;

const schema = z.object({
  status: z
    .enum(['all', 'active', 'pending', 'contacts'], { error: 'expected active, pending or contacts' })
    .optional()
    .default('all'),
  infra: infraArg.optional(),
  search: searchArg.optional(),
  export: z.enum(['csv'], { error: 'the export format is csv: --export csv' }).optional(),
  page: pageArg,
});

const byName = new Intl.Collator();
/** Sorted lists of frozen member arrays: sorting 10,000 names once per change, not once per page. */
const sorted = new WeakMap<readonly Member[], Member[]>();

/** Active members first, then by name; the same member listed twice comes out side by side. */
function teamOrder(list: readonly Member[]): Member[] {
  const known = sorted.get(list);
  if (known) return known;
  const out = [...list].sort((a, b) =>
    a.status === b.status
      ? byName.compare(a.name, b.name) || (a.email < b.email ? -1 : a.email > b.email ? 1 : 0)
      : a.status === 'active'
        ? -1
        : 1,
  );
  if (isSettled(list)) sorted.set(list, out);
  return out;
}

function memberRow(m: Member, infra: string | undefined, now: Date, grants: readonly TimedGrant[]): Text[] {
  const expires = m.invitation?.expiresAt ?? '';
  const status: Text =
    m.status === 'active'
      ? text('active')
      : isExpired(m.invitation, now)
        ? text('invitation expired ', timeAt(expires, 'date'))
        : text('invited, expires ', timeAt(expires, 'date'));
  const roles = infra
    ? `${m.companyAdmin ? 'Company Admin; ' : ''}${roleLabel(m, infra)} of ${infra}`
    : describeRoles(m);
  const timed = grants.filter((g) => g.email === m.email && (!infra || g.infra === infra));
  const ends = timed.flatMap((g, i): Span[] => [
    plain(`${i ? '; ' : ''}${targetName(g.kind, g.infra)} until `),
    timeAt(g.until),
  ]);
  return [
    [memberRef(m)],
    status,
    ends.length ? text(`${roles} (time-bound: `, ...ends, ')') : [plain(roles)],
  ];
}

export default defineCommand<z.infer<typeof schema>>({
  name: 'team',
  summary: 'List the team: active members, pending invitations and support contacts',
  usage: 'team [active|pending|contacts] [--infra X] [--search TEXT] [--page N] [--export csv]',
  examples: [
    'team',
    'team pending',
    'team --infra prod-eu',
    'team --search megan',
    'team contacts',
    'team --export csv',
  ],
  positionals: ['status'],
  flags: { infra: 'string', search: 'string', page: 'string', export: 'string' },
  schema,
  capability: 'browse',
  changes: false,
  authorize: needs('browse'),
  run(ctx, args) {
    const company = requireCompany(ctx);
    if (args.infra) {
      const found = requireInfra(ctx, args.infra);
      if (!found.ok) return found;
    }
    const infra = args.infra;
    const needle = args.search;
    const infrasFound = needle ? infrasMatching(company, needle) : new Set<string>();
    const caseInfra = (id: string) => company.cases.find((k) => k.id === id)?.infra;
    let columns: string[];
    // Every entry is counted; only the page shown is drawn.
    let total: number;
    let pageRows: (from: number, to: number) => Text[][];
    let actionsFor: (i: number) => Action[] = () => [];
    let table: () => CsvTable;
    if (args.status === 'contacts') {
      const contacts = company.contacts.filter(
        (c) =>
          (!infra || c.caseIds.some((id) => caseInfra(id) === infra)) &&
          (!needle || contactMatches(c, needle, caseInfra, infrasFound)),
      );
      columns = ['Support contact', 'Cases'];
      total = contacts.length;
      table = () => contactTable(contacts);
      pageRows = (from, to) =>
        contacts
          .slice(from, to)
          .map((c) => [
            [plain(c.name ? `${c.name} <${c.email}>` : c.email)],
            [plain(c.caseIds.join(', ') || 'none')],
          ]);
    } else {
      // With --infra, the index gives who holds a role there; Company Admins manage every infrastructure.
      const pool = infra
        ? [...membersOfInfra(company, infra), ...memberIndex.all(company.members, ['company-admin'])]
        : company.members;
      const members = teamOrder(pool).filter(
        (m, i, all) => (args.status === 'all' || m.status === args.status) && all[i - 1] !== m,
      );
      columns = ['Member', 'Status', 'Roles'];
      // A search narrows the list; the order stays the team's.
      const found = needle ? members.filter((m) => memberMatches(m, needle, infrasFound)) : members;
      total = found.length;
      table = () => memberTable(found, company.grants, ctx.now);
      pageRows = (from, to) => found.slice(from, to).map((m) => memberRow(m, infra, ctx.now, company.grants));
      const mayEdit = holdsAnywhere(company, ctx.caller, 'manage-infra-roles');
      actionsFor = (i) => {
        const m = found[i];
        if (!m) return [];
        if (m.status === 'active')
          return mayEdit
            ? [{ label: `Edit ${m.name}`, command: { name: 'edit', args: { email: m.email } } }]
            : [];
        const mayResend = authorizeResend(company, ctx.caller, m).allowed;
        return mayResend
          ? [{ label: `Resend to ${m.name}`, command: { name: 'resend', args: { email: m.email } } }]
          : [];
      };
    }
    const title = `${company.name} team${args.status === 'all' ? '' : ` (${args.status})`}${infra ? ` on ${infra}` : ''}`;
    const noun = args.status === 'contacts' ? 'contact' : 'member';
    if (args.export) {
      const { columns: head, rows } = table();
      const file = csvFile(exportName('team', company.id, ctx.now), head, rows);
      return {
        ok: true,
        view: view([textBlock(`${count(total, noun)} in `, strong(file.name), '.')], { title }),
        file,
      };
    }
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const page = Math.min(args.page, pages);
    const from = (page - 1) * PAGE_SIZE;
    const shown = pageRows(from, from + PAGE_SIZE);
    if (!shown.length)
      return {
        ok: true,
        view: view(
          [
            needle
              ? textBlock(
                  'Nobody matches ',
                  strong(needle),
                  '. Search looks in names, emails and infrastructures: try part of one, or `team` for everyone.',
                )
              : textBlock('Nobody to show.'),
          ],
          { title },
        ),
      };
    const actions = shown.flatMap((_, i) => actionsFor(from + i));
    const blocks: Block[] = [
      needle
        ? textBlock(`${count(total, noun)} matching `, strong(needle), '.')
        : textBlock(`${count(total, noun)}.`),
      { kind: 'table', columns, rows: shown },
    ];
    if (actions.length) blocks.push({ kind: 'actions', actions });
    if (pages > 1)
      blocks.push({
        kind: 'pager',
        page,
        pages,
        command: {
          name: 'team',
          args: { status: args.status, ...(infra ? { infra } : {}), ...(needle ? { search: needle } : {}) },
        },
      });
    return { ok: true, view: view(blocks, { title }) };
  },
});

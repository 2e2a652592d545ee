// The company file format (data/demo.json, `npm run import`): a company as the purchase order names it, checked whole.
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { parseISO } from 'date-fns/parseISO';
import { z } from 'zod';
import { allInfras } from './company.ts';
import { type Company, CompanySchema, IsoDate, type StoreData } from './schemas.ts';

export const CompanyFileSchema = CompanySchema.extend({
  nextCaseNumber: z.number().int().positive().optional(),
  /** Dates in the file are relative to this day; loading shifts them to today (keeps the demo current). */
  asOf: IsoDate.optional(),
});
/** As written in a file: the workflow records (requests, grants, settings) may be left out. */
export type CompanyFile = z.input<typeof CompanyFileSchema>;

export type Checked = { ok: true; company: Company; warnings: string[] } | { ok: false; problem: string };

/** Cross-record rules zod cannot see: unique ids, known infrastructures, a first Company Admin. */
export function checkCompany(c: Company, existing: readonly Company[]): Checked {
  const infraIds = allInfras(c).map((i) => i.infra.id);
  const dupInfra = infraIds.find((id, i) => infraIds.indexOf(id) !== i);
  if (dupInfra) return { ok: false, problem: `infrastructure ${dupInfra} appears twice` };
  const emails = c.members.map((m) => m.email);
  const dupEmail = emails.find((e, i) => emails.indexOf(e) !== i);
  if (dupEmail) return { ok: false, problem: `member ${dupEmail} appears twice` };
  for (const m of c.members)
    for (const id of Object.keys(m.roles))
      if (!infraIds.includes(id))
        return { ok: false, problem: `member ${m.email} has a role on unknown infrastructure ${id}` };
  for (const k of c.cases)
    if (!infraIds.includes(k.infra))
      return { ok: false, problem: `case ${k.id} is on unknown infrastructure ${k.infra}` };
  for (const i of allInfras(c))
    if (i.infra.slots.length > i.infra.slotLimit)
      return {
        ok: false,
        problem: `${i.infra.id} has ${i.infra.slots.length} slots registered but a limit of ${i.infra.slotLimit}`,
      };
  if (!c.members.some((m) => m.status === 'active' && m.companyAdmin))
    return {
      ok: false,
      problem: 'the company needs a first active Company Admin (as named in the purchase order)',
    };
  if (existing.some((x) => x.id === c.id))
    return { ok: false, problem: `a company with id ${c.id} is already in the store` };
  const team = c.slackTeamIds.find((t) => existing.some((x) => x.slackTeamIds.includes(t)));
  if (team) return { ok: false, problem: `Slack team ${team} is already mapped to another company` };
  const tenant = c.teamsTenantIds.find((t) => existing.some((x) => x.teamsTenantIds.includes(t)));
  if (tenant) return { ok: false, problem: `Teams tenant ${tenant} is already mapped to another company` };
  const warnings = allInfras(c)
    .filter((i) => !c.members.some((m) => m.status === 'active' && m.roles[i.infra.id] === 'admin'))
    .map((i) => `${i.infra.id} has no Infra Admin yet; a Company Admin can name one with grant infra-admin`);
  return { ok: true, company: c, warnings };
}

// Whole UTC days, so a daylight-saving change in the server's time zone cannot shift a time by an hour.
const DAY = 86_400_000;
const shiftDateTime = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY).toISOString();
const shiftDate = (d: string, days: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/** Moves every date of the file by the days between its asOf and today. */
export function toCompany(file: z.infer<typeof CompanyFileSchema>, today: Date): Company {
  const { asOf, nextCaseNumber, ...rest } = file;
  const days = asOf ? differenceInCalendarDays(today, parseISO(asOf)) : 0;
  const dt = (s: string) => (days ? shiftDateTime(s, days) : s);
  const maxCase = Math.max(1000, ...rest.cases.map((k) => Number(k.id.slice(3))));
  return {
    ...rest,
    nextCaseNumber: nextCaseNumber ?? maxCase + 1,
    subscriptions: rest.subscriptions.map((s) => ({
      ...s,
      infrastructures: s.infrastructures.map((i) => ({
        ...i,
        licenseExpiresOn: days ? shiftDate(i.licenseExpiresOn, days) : i.licenseExpiresOn,
        slots: i.slots.map((sl) => ({ ...sl, registeredAt: dt(sl.registeredAt) })),
      })),
    })),
    members: rest.members.map((m) => ({
      ...m,
      ...(m.joinedAt ? { joinedAt: dt(m.joinedAt) } : {}),
      ...(m.invitation
        ? {
            invitation: {
              ...m.invitation,
              invitedAt: dt(m.invitation.invitedAt),
              expiresAt: dt(m.invitation.expiresAt),
            },
          }
        : {}),
    })),
    cases: rest.cases.map((k) => ({ ...k, openedAt: dt(k.openedAt) })),
  };
}

/** The first bad field of a zod error, as a path people can find in the file. */
export const firstIssue = (e: z.ZodError) => {
  const i = e.issues[0];
  return i ? `${i.path.map(String).join('.') || '(top level)'}: ${i.message}` : 'invalid';
};

export function parseCompanyFile(json: unknown, today: Date, existing: StoreData['companies']): Checked {
  const parsed = CompanyFileSchema.safeParse(json);
  if (!parsed.success) return { ok: false, problem: firstIssue(parsed.error) };
  return checkCompany(toCompany(parsed.data, today), existing);
}

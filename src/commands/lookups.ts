// Shared argument schemas and lookups that answer "not found" with the closest real name.
import { z } from 'zod';
import { allInfras, closest, findInfra, findMember, type InfraInfo } from '../domain/company.ts';
import { type Company, EmailSchema, type Member, SlugSchema } from '../domain/schemas.ts';
import type { CommandContext } from './command.ts';
import { type Failure, notFound } from './failure.ts';

export const emailArg = z.string({ error: 'EMAIL is missing' }).pipe(EmailSchema);
export const infraArg = z.string({ error: 'INFRA is missing' }).trim().toLowerCase().pipe(SlugSchema);
/** A switch: `--lifetime` typed, or 'true'/'false' from a form's checkbox. */
export const flagOn = z
  .union([z.boolean(), z.enum(['true', 'false', 'on', 'off', 'yes', 'no', ''])])
  .optional()
  .transform((v) => v === true || v === 'true' || v === 'on' || v === 'yes');
/** `--page N`, 1-based. */
export const pageArg = z.coerce
  .number()
  .int('PAGE is a whole number')
  .min(1, 'PAGE starts at 1')
  .max(10_000)
  .optional()
  .default(1);
/** A comma-separated list of infrastructure ids, e.g. `prod-eu,dev-eu`. */
export const infraListArg = z
  .string()
  .optional()
  .transform((s) =>
    (s ?? '')
      .split(',')
      .map((x) => x.trim().toLowerCase())
      .filter(Boolean),
  )
  .pipe(z.array(SlugSchema));

type Found<T> = { ok: true; value: T } | { ok: false; failure: Failure };

export function requireCompany(ctx: CommandContext): Company {
  // Dispatch only runs company commands for callers it placed in a company; reaching here without is a bug.
  if (!ctx.company) throw new Error('command needs a company but the caller has none');
  return ctx.company;
}

export function requireInfra(ctx: CommandContext, id: string): Found<InfraInfo> {
  const company = requireCompany(ctx);
  const found = findInfra(company, id);
  if (found) return { ok: true, value: found };
  const ids = allInfras(company).map((i) => i.infra.id);
  const near = closest(id, ids);
  return notFound(
    'infrastructure',
    id,
    near ? `did you mean ${near}?` : `the infrastructures are: ${ids.join(', ') || 'none'}`,
  );
}

export function requireMember(ctx: CommandContext, email: string, opts: { status?: Member['status'] } = {}) {
  const company = requireCompany(ctx);
  const m = findMember(company, email);
  if (m && (!opts.status || m.status === opts.status)) return { ok: true, value: m } as const;
  if (m)
    return notFound(
      opts.status === 'pending' ? 'invitation' : 'active member',
      email,
      `${email} is ${m.status}`,
    );
  const near = closest(
    email,
    company.members.map((x) => x.email),
  );
  return notFound('member', email, near ? `did you mean ${near}?` : 'see `team` for who is on the team');
}

// Finding people by what a person remembers of them: part of a name, an email or an infrastructure.

import { allInfras } from './company.ts';
import type { Company, Member, SupportContact } from './schemas.ts';
import { userText } from './user-text.ts';

const MAX_SEARCH = 100;

/** `--search TEXT`: invisible characters out, trimmed, then compared without case. */
export const searchArg = userText('the search text', MAX_SEARCH).transform((s) => s.toLowerCase());

/** The infrastructures whose id or name holds `needle` (already lowercased). */
export function infrasMatching(company: Company, needle: string): Set<string> {
  return new Set(
    allInfras(company)
      .filter(({ infra }) => infra.id.includes(needle) || infra.name.toLowerCase().includes(needle))
      .map(({ infra }) => infra.id),
  );
}

/** A member whose name or email holds `needle`, or who holds a role on an infrastructure in `infras`. */
export const memberMatches = (m: Member, needle: string, infras: ReadonlySet<string>): boolean =>
  m.name.toLowerCase().includes(needle) ||
  m.email.includes(needle) ||
  Object.keys(m.roles).some((id) => infras.has(id));

/** A support contact whose email or name holds `needle`, or who has a case on an infrastructure in `infras`. */
export const contactMatches = (
  c: SupportContact,
  needle: string,
  caseInfra: (caseId: string) => string | undefined,
  infras: ReadonlySet<string>,
): boolean =>
  c.email.includes(needle) ||
  (c.name ?? '').toLowerCase().includes(needle) ||
  c.caseIds.some((id) => infras.has(caseInfra(id) ?? ''));

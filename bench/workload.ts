// What the bench asks, and what a right answer looks like: a wrong answer is an error, never a sample.
import { freeInfra, holdsNothingOn, INFRAS, infraId, isPending, memberEmail } from './company.ts';

export type Ask = { text: string; expect: RegExp };

/** The fallback text of the answer (Slack escapes `>` as `&gt;`). */
export const asks = {
  bare: (): Ask => ({ text: 'whoami', expect: /^You asked: whoami$/ }),
  whoami: (): Ask => ({ text: 'whoami', expect: /^Who you are/ }),
  whoAdmins: (n: number): Ask => ({
    text: `who admins ${infraId(n)}`,
    expect: new RegExp(`Infra Admins of ${infraId(n)}: `),
  }),
  teamPage: (members: number): Ask => ({
    text: 'team --page 2',
    expect: new RegExp(`team: ${members} members`),
  }),
  grant: (email: string, infra: string): Ask => ({
    text: `grant access ${email} ${infra}`,
    expect: new RegExp(`\\(${email.replace(/\./g, '\\.')}\\): no role of ${infra} -&gt; Member of ${infra}`),
  }),
  revoke: (email: string, infra: string): Ask => ({
    text: `revoke access ${email} ${infra}`,
    expect: new RegExp(`\\(${email.replace(/\./g, '\\.')}\\): Member of ${infra} -&gt; no role of ${infra}`),
  }),
};

/** The member whose access the sequential changes toggle; the burst leaves it alone. */
export const TOGGLED = 60;
export const toggle = (n: number): Ask =>
  n % 2 === 0
    ? asks.grant(memberEmail(TOGGLED), freeInfra(TOGGLED))
    : asks.revoke(memberEmail(TOGGLED), freeInfra(TOGGLED));

/**
 * Grants for the concurrent writers, each a real change: (member, infrastructure) pairs where the member
 * holds nothing yet, members varying fastest so concurrent writers touch different people.
 */
export function grantPairs(members: number, count: number): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let shift = 0; shift < INFRAS && pairs.length < count; shift++)
    for (let i = 1; i < members - 1 && pairs.length < count; i++) {
      const infra = freeInfra(i, shift);
      if (i !== TOGGLED && !isPending(i) && holdsNothingOn(i, infra)) pairs.push([memberEmail(i), infra]);
    }
  return pairs;
}

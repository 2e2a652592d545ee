// Counted nouns ("1 day", "12 days") from Intl.PluralRules, so no sentence reads "12 day(s)".

const rules = new Intl.PluralRules('en');

/** English nouns whose plural is not the noun plus "s". */
const IRREGULAR: Record<string, string> = { person: 'people', 'is waiting': 'are waiting' };

/** The noun for a count: `noun(1, 'day')` is "day", `noun(3, 'day')` is "days". */
export function noun(n: number, one: string, other?: string): string {
  return rules.select(n) === 'one' ? one : (other ?? IRREGULAR[one] ?? `${one}s`);
}

/** A count with its noun: `count(12, 'day')` is "12 days". */
export const count = (n: number, one: string, other?: string): string => `${n} ${noun(n, one, other)}`;

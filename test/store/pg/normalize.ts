// A state as replicas agree on it: each company exactly, and the outbox and conversations (global arrays that
// replicas may interleave differently across companies) in each company's own order. Request keys are left
// out: a replica learns another's keys only when it needs them.
import type { StoreData } from '../../../src/domain/schemas.ts';

export function byCompany(d: StoreData) {
  const group = <T extends { companyId: string }>(xs: readonly T[]) => {
    const out: Record<string, T[]> = {};
    for (const x of xs) {
      const list = out[x.companyId] ?? [];
      list.push(x);
      out[x.companyId] = list;
    }
    return out;
  };
  return { companies: d.companies, outbox: group(d.outbox), conversations: group(d.conversations) };
}

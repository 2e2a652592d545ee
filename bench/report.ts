// The report: a table per store like issue 10's, then each target with its number and "met" or "not met".
import type { Stats } from './client.ts';
import type { DatasetResult } from './scenario.ts';

export type StoreReport = {
  store: string;
  results: DatasetResult[];
  /** Why the store, or some of its sizes, could not be measured. */
  problems: string[];
  skipped?: string;
};

export type Target = { store: string; name: string; value: string; met: boolean };

const int = new Intl.NumberFormat('en-US');
const x = (r: number) => (Number.isFinite(r) ? `${r.toFixed(2)}x` : 'n/a');
const ms = (v: number) => (v >= 100 ? `${v.toFixed(0)} ms` : `${v.toFixed(1)} ms`);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
const vs = (ours: Stats, base: Stats) => `${x(ours.median / base.median)} (p95 ${x(ours.p95 / base.p95)})`;
const size = (r: DatasetResult) =>
  `${int.format(r.dataset.members)}${r.dataset.history ? ` + ${int.format(r.dataset.history)} events` : ''}`;

export function table(rep: StoreReport, writers: number): string {
  const head = [
    'members',
    'bare Bolt',
    '`who admins` vs bare Bolt',
    '`whoami` vs bare Bolt',
    '`team` page',
    'one change',
    `${writers} concurrent writers`,
    'lost on kill -9',
    'cold start vs bare Bolt',
    'RSS (peak)',
    'store size',
  ];
  const rows = rep.results.map((r) => [
    size(r),
    ms(r.bare.median),
    vs(r.whoAdmins, r.bare),
    vs(r.whoami, r.bare),
    `${ms(r.team.median)} (p95 ${ms(r.team.p95)})`,
    `${ms(r.change.median)} (p95 ${ms(r.change.p95)})`,
    `${r.burst.perSecond.toFixed(1)}/s`,
    `${r.burst.lost.length} of ${r.burst.acknowledged} (restart ${ms(r.burst.restartMs)})`,
    `${x(r.coldBot.median / r.coldBare.median)} (${ms(r.coldBot.median)} vs ${ms(r.coldBare.median)})`,
    `${r.rssMb.toFixed(0)} MB (${r.peakMb.toFixed(0)} MB)`,
    mb(r.storeBytes),
  ]);
  const lines = [head, head.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`);
  const counts = rep.results.map(
    (r) => `${size(r)}: ${r.bare.n} look-up rounds, ${r.change.n} changes, ${r.coldBot.n} cold starts`,
  );
  return [...lines, '', `Samples: ${counts.join('; ')}.`].join('\n');
}

/** Issue 10's targets for one store; `small` is 100 members with no history, `large` 10,000 with 100,000 events. */
export function targets(rep: StoreReport): Target[] {
  const small = rep.results.find((r) => r.dataset.members === 100);
  const large = rep.results.find((r) => r.dataset.members === 10_000);
  const out: Target[] = [];
  const add = (name: string, value: string, met: boolean) => out.push({ store: rep.store, name, value, met });
  for (const r of [small, large]) {
    if (!r) continue;
    for (const [cmd, s] of [
      ['who admins', r.whoAdmins],
      ['whoami', r.whoami],
    ] as const) {
      const median = s.median / r.bare.median;
      const p95 = s.p95 / r.bare.p95;
      add(
        `\`${cmd}\` at ${int.format(r.dataset.members)} members at most 1.3x bare Bolt (median and p95)`,
        `${x(median)}, p95 ${x(p95)}`,
        median <= 1.3 && p95 <= 1.3,
      );
    }
  }
  if (small && large) {
    const team = large.team.median / small.team.median;
    add(
      'a `team` page at 10,000 members at most 2x one at 100',
      `${x(team)} (${ms(large.team.median)} vs ${ms(small.team.median)})`,
      team <= 2,
    );
    const change = large.change.median / small.change.median;
    add(
      'one change at 10,000 members + 100,000 events at most 2x one at 100 members with none',
      `${x(change)} (${ms(large.change.median)} vs ${ms(small.change.median)})`,
      change <= 2,
    );
  }
  if (large) {
    const b = large.burst;
    add(
      'at least 200 changes/s with 50 concurrent writers at 10,000 members',
      `${b.perSecond.toFixed(1)}/s`,
      b.perSecond >= 200,
    );
    add(
      'resident memory under 200 MB at 10,000 members + 100,000 events',
      `${large.rssMb.toFixed(0)} MB`,
      large.rssMb < 200,
    );
    const cold = large.coldBot.median / large.coldBare.median;
    add(
      'cold start at 10,000 members + 100,000 events at most 1.5x bare Bolt',
      `${x(cold)} (${ms(large.coldBot.median)} vs ${ms(large.coldBare.median)})`,
      cold <= 1.5,
    );
  }
  for (const r of rep.results)
    add(
      `nothing acknowledged lost on kill -9 at ${size(r)}`,
      `${r.burst.lost.length} of ${r.burst.acknowledged} lost`,
      r.burst.lost.length === 0 && r.burst.acknowledged > 0,
    );
  if (!small || !large) add('all sizes measured', rep.problems.join('; ') || 'missing', false);
  return out;
}

export function printReport(reports: StoreReport[], writers: number): Target[] {
  const all: Target[] = [];
  for (const rep of reports) {
    console.log(`\n## ${rep.store}\n`);
    if (rep.skipped) {
      console.log(`Not measured: ${rep.skipped}`);
      continue;
    }
    if (rep.results.length) console.log(table(rep, writers));
    for (const p of rep.problems) console.log(`\nProblem: ${p}`);
    for (const r of rep.results)
      for (const e of r.burst.errors.slice(0, 3))
        console.log(`\nDuring the burst at ${size(r)} (${r.burst.errors.length} errors): ${e}`);
    const ts = targets(rep);
    console.log('\nTargets:');
    for (const t of ts) console.log(`- ${t.met ? 'met    ' : 'NOT MET'}  ${t.name}: ${t.value}`);
    all.push(...ts);
  }
  return all;
}

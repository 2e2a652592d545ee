// `npm run bench`: issue 10's targets measured from outside — signed /portal commands to the bot as a real process,
// against a bare Bolt app in the same run — on every store available. BENCH_FULL=1 measures longer;
// BENCH_STRICT=1 exits non-zero when a target is not met; BENCH_DATABASE_URL (or DATABASE_URL) adds PostgreSQL.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { startFakeSlack } from './fake-slack.ts';
import { memoryOf, pickRuntime, stopServer } from './processes.ts';
import { printReport, type StoreReport } from './report.ts';
import { type Dataset, measureDataset, NotSupported } from './scenario.ts';
import { type Bench, type Iterations, startBare } from './servers.ts';
import { storeKinds } from './stores.ts';

const Env = z.object({
  BENCH_FULL: z.enum(['0', '1']).default('0'),
  BENCH_STRICT: z.enum(['0', '1']).default('0'),
});
const parsed = Env.safeParse(process.env);
if (!parsed.success) {
  console.error(`Bench settings: ${parsed.error.issues[0]?.path.join('.')} must be 0 or 1.`);
  process.exit(2);
}
const full = parsed.data.BENCH_FULL === '1';

const it: Iterations = full
  ? {
      warmup: 30,
      warmupMs: 5_000,
      rounds: 300,
      changes: 40,
      coldStarts: 7,
      burstMs: 15_000,
      writers: 50,
      phaseMs: 120_000,
      minSamples: 40,
    }
  : {
      warmup: 5,
      warmupMs: 2_000,
      // A p95 of 60 samples is the third slowest: one stray pause on the machine decides it.
      rounds: 200,
      changes: 12,
      coldStarts: 5,
      burstMs: 5_000,
      writers: 50,
      phaseMs: 15_000,
      minSamples: 10,
    };
const datasets: Dataset[] = [
  { label: 'm100', members: 100, history: 0 },
  ...(full ? [{ label: 'm1000', members: 1000, history: 0 }] : []),
  { label: 'm10000', members: 10_000, history: 100_000 },
];

const say = (line: string) => process.stderr.write(`${line}\n`);
const started = performance.now();
const rt = await pickRuntime();
const slack = await startFakeSlack();
const logs = await mkdtemp(join(tmpdir(), 'bench-'));
const bare = (await startBare(rt, join(logs, 'bare.log'))).server;
const b: Bench = { rt, slack, bare, it };
say(
  `Bench (${full ? 'full' : 'quick; BENCH_FULL=1 for more'}): the bot runs ${rt.kind === 'tsx' ? 'through tsx' : 'from dist/'}.`,
);

const reports: StoreReport[] = [];
let bareRss = Number.NaN;
try {
  for (const kind of storeKinds(process.env)) {
    const rep: StoreReport = { store: kind.name, results: [], problems: [] };
    reports.push(rep);
    for (const d of datasets) {
      say(`${kind.name}, ${d.members} members, ${d.history} audit events...`);
      try {
        rep.results.push(await measureDataset(b, kind, d));
      } catch (e) {
        if (e instanceof NotSupported) {
          rep.skipped = e.message;
          break;
        }
        rep.problems.push(`${d.members} members: ${(e as Error).message}`);
      }
    }
  }
  bareRss = memoryOf(bare.pid).rssMb;
} finally {
  await stopServer(bare).catch(() => undefined);
  await slack.close();
  await rm(logs, { recursive: true, force: true });
}

const met = printReport(reports, it.writers);
const missed = met.filter((t) => !t.met).length;
console.log(
  `\n${met.length - missed} of ${met.length} targets met. Times: signed request sent until the answer reached response_url; ` +
    `medians over up to ${it.rounds} requests after ${it.warmup} rounds and at least ${it.warmupMs / 1000} s of warm-up and up to ${it.changes} changes ` +
    `(a phase stops after ${it.phaseMs / 1000} s once it has ${it.minSamples}); ${it.burstMs / 1000} s bursts; ` +
    `cold start: median of ${it.coldStarts} spawns to the first 200; RSS of the bare Bolt app, for scale: ${bareRss.toFixed(0)} MB. Took ${((performance.now() - started) / 1000).toFixed(0)} s.`,
);
if (parsed.data.BENCH_STRICT === '1' && missed > 0) process.exitCode = 1;

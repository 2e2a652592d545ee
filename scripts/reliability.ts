// `npm run reliability`: runs the deep suites (DEEP=1), collects what they measured, and rewrites the README's Reliability section.
// `npm run reliability -- test/robust` runs only the files matching the filters given (the others' rows are dropped).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Figure, type RunSummary, renderSection, replaceSection } from './reliability-section.ts';

const README = new URL('../README.md', import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'portal-reliability-'));
const figuresFile = join(dir, 'figures.jsonl');
const reportFile = join(dir, 'report.json');
writeFileSync(figuresFile, '');

try {
  const filters = process.argv.slice(2);
  const run = spawnSync(
    process.execPath,
    [
      'node_modules/vitest/vitest.mjs',
      'run',
      '--config',
      'vitest.deep.config.ts',
      '--reporter=default',
      '--reporter=json',
      `--outputFile=${reportFile}`,
      ...filters,
    ],
    { stdio: 'inherit', env: { ...process.env, DEEP: '1', RELIABILITY_OUT: figuresFile } },
  );
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    testResults: Array<{ name: string }>;
  };
  const summary: RunSummary = {
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: report.numPendingTests,
    at: new Date().toISOString(),
    files: report.testResults.map((r) => r.name.replace(`${process.cwd()}/`, '')).sort(),
  };
  // A failed run publishes nothing: the section says only what held.
  if (run.status !== 0 || summary.failed > 0) {
    process.stderr.write(
      `The deep suites failed (${summary.failed} tests); the README was left as it was.\n`,
    );
    process.exit(1);
  }
  const figures = readFileSync(figuresFile, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Figure)
    .sort((a, b) => a.name.localeCompare(b.name));
  const readme = readFileSync(README, 'utf8');
  writeFileSync(README, replaceSection(readme, renderSection(figures, summary)));
  // The formatter aligns the table, so `npm run lint` stays clean; the test compares without padding.
  spawnSync(process.execPath, ['node_modules/@biomejs/biome/bin/biome', 'format', '--write', 'README.md'], {
    stdio: 'inherit',
  });
  process.stdout.write(
    `README.md: Reliability rewritten from ${figures.length} figures (${summary.passed} tests passed).\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

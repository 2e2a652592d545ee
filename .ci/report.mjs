// Reads vitest's JSON report: prints one closing line, names every test that did not run, and fails CI on
// any failed, skipped, focused-away or to-do test, or on a report with no tests at all.
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node .ci/report.mjs VITEST_JSON_REPORT\n');
  process.exit(2);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
const passed = report.numPassedTests ?? 0;
const failed = report.numFailedTests ?? 0;
const skipped = report.numPendingTests ?? 0;
const todo = report.numTodoTests ?? 0;
// A file that fails to load (a syntax error, `.only` refused) has no assertions but a failed status.
const brokenFiles = (report.testResults ?? []).filter((t) => t.status === 'failed' && t.message);
const notRun = (report.testResults ?? []).flatMap((t) =>
  (t.assertionResults ?? [])
    .filter((a) => a.status !== 'passed' && a.status !== 'failed')
    .map((a) => `${a.status}: ${t.name.replace(`${process.cwd()}/`, '')} > ${a.fullName ?? a.title}`),
);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped, ${todo} to do`);
for (const line of notRun) console.log(`  ${line}`);
for (const t of brokenFiles) console.log(`  broken file: ${t.name.replace(`${process.cwd()}/`, '')}`);
const problems = [
  failed > 0 || brokenFiles.length > 0 ? 'tests failed' : '',
  skipped + todo > 0 ? 'tests were skipped or left to do: CI runs every test' : '',
  passed === 0 ? 'no test passed' : '',
].filter(Boolean);
if (problems.length) {
  console.log(`CI fails: ${problems.join('; ')}.`);
  process.exit(1);
}

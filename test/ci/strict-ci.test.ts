// CI cannot be fooled: a focused test is an error under CI=true, and a skipped or to-do test fails the report check.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../support/bot-process.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** Runs one fixture under vitest the way .ci/run does (CI=true, --allowOnly=false), then the report check. */
async function ciRun(fixture: 'focused' | 'skipped') {
  const dir = await mkdtemp(join(tmpdir(), 'portal-ci-'));
  dirs.push(dir);
  const report = join(dir, 'report.json');
  const vitest = spawnSync(
    process.execPath,
    [
      'node_modules/vitest/vitest.mjs',
      'run',
      '--config',
      'test/fixtures/ci/vitest.fixture.config.ts',
      '--allowOnly=false',
      '--reporter=json',
      `--outputFile=${report}`,
    ],
    { cwd: ROOT, env: { ...process.env, CI: 'true', FIXTURE: fixture }, encoding: 'utf8' },
  );
  const check = spawnSync(process.execPath, ['.ci/report.mjs', report], { cwd: ROOT, encoding: 'utf8' });
  return { vitest, check, report: JSON.parse(await readFile(report, 'utf8')) };
}

describe('.ci/run', () => {
  it('sets CI=true, refuses .only, and checks the report', async () => {
    const script = await readFile(join(ROOT, '.ci/run'), 'utf8');
    expect(script).toMatch(/^export CI=true$/m);
    expect(script).toContain('--allowOnly=false');
    expect(script).toContain('node .ci/report.mjs "$report"');
    expect(script).toContain('[ ! -x /usr/bin/chromium ]');
  });

  it('a focused test is an error, not a narrower run', async () => {
    const { vitest, check, report } = await ciRun('focused');
    expect(vitest.status).not.toBe(0);
    expect(report.testResults[0].assertionResults).toContainEqual(
      expect.objectContaining({ title: 'a focused test', status: 'failed' }),
    );
    expect(check.status).toBe(1);
    expect(check.stdout).toContain('CI fails: tests failed');
  });

  it('a skipped or to-do test fails the check, and each is named', async () => {
    const { vitest, check } = await ciRun('skipped');
    // vitest itself passes a run with skips; the report check is what refuses it.
    expect(vitest.status).toBe(0);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain('1 passed, 0 failed, 1 skipped, 1 to do');
    expect(check.stdout).toContain('skipped: test/fixtures/ci/skipped.fixture.ts > a skipped test');
    expect(check.stdout).toContain('todo: test/fixtures/ci/skipped.fixture.ts > a test still to write');
    expect(check.stdout).toContain('CI fails: tests were skipped or left to do');
  });

  it('a clean report passes with its closing line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'portal-ci-'));
    dirs.push(dir);
    const report = join(dir, 'report.json');
    await writeFile(
      report,
      JSON.stringify({
        numPassedTests: 3,
        numFailedTests: 0,
        numPendingTests: 0,
        numTodoTests: 0,
        testResults: [],
      }),
    );
    const check = spawnSync(process.execPath, ['.ci/report.mjs', report], { cwd: ROOT, encoding: 'utf8' });
    expect([check.status, check.stdout]).toEqual([0, '3 passed, 0 failed, 0 skipped, 0 to do\n']);
  });
});

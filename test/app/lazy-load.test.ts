// A start loads only what its configuration uses: botbuilder with Teams, pg with DATABASE_URL, nodemailer at the
// first email, the phone library when a phone number is first read (cold start).
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanEnv, ROOT } from '../support/bot-process.ts';
import { startFakeSlack } from './fake-slack-server.ts';

const run = promisify(execFile);
const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function packagesLoaded(env: Record<string, string>): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'portal-lazy-'));
  dirs.push(dir);
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'test/app/loaded-child.ts'], {
    cwd: ROOT,
    env: cleanEnv({ DATA_FILE: join(dir, 'db.json'), HOST: '127.0.0.1', ...env }),
  });
  const last = stdout.trim().split('\n').at(-1) ?? '{}';
  return (JSON.parse(last) as { packages: string[] }).packages;
}

describe('what a start loads', () => {
  it('with Slack on the JSON store: Bolt, but neither botbuilder nor the PostgreSQL driver', async () => {
    const slack = await startFakeSlack([]);
    try {
      const loaded = await packagesLoaded({
        SLACK_SIGNING_SECRET: 'test-secret',
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_API_URL: slack.apiUrl,
      });
      expect(loaded).toEqual(['@slack/bolt']);
    } finally {
      await slack.close();
    }
  });

  it('with Teams: botbuilder too', async () => {
    const loaded = await packagesLoaded({ TEAMS_LOCAL: '1' });
    expect(loaded).toContain('botbuilder');
    expect(loaded).not.toContain('pg');
  });
});

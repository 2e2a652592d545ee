// Starting with Slack: a refused bot token or a Socket Mode connection that fails ends in one clear line, not a stack.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanEnv, ROOT, SOURCE_ENTRY, STACK } from '../support/bot-process.ts';

const BOT_TOKEN = 'xoxb-1-secret-bot-token';
const APP_TOKEN = 'xapp-1-A1-secret-app-token';

let server: Server | undefined;
const dirs: string[] = [];
afterEach(async () => {
  server?.close();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** A Slack Web API that answers auth.test as told and refuses everything else. */
async function fakeSlack(authOk: boolean): Promise<{ url: string; calls: string[] }> {
  const calls: string[] = [];
  server = createServer((req, res) => {
    calls.push(req.url ?? '');
    req.resume();
    const body =
      req.url?.endsWith('/auth.test') && authOk
        ? { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' }
        : { ok: false, error: 'invalid_auth' };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/api/`, calls };
}

async function start(env: Record<string, string>) {
  const dir = await mkdtemp(join(tmpdir(), 'portal-slack-start-'));
  dirs.push(dir);
  const file = join(dir, 'db.json');
  const child = spawn(process.execPath, SOURCE_ENTRY, {
    cwd: ROOT,
    env: cleanEnv({ DATA_FILE: file, PORTAL_TEAMS: '0', SLACK_SIGNING_SECRET: 'signing-secret', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => {
    stdout += String(b);
  });
  child.stderr.on('data', (b: Buffer) => {
    stderr += String(b);
  });
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  return { code, stdout, stderr, file };
}

describe('Slack at start', () => {
  it('a bot token Slack refuses: one line naming the variable and the reason, exit 1, store released', async () => {
    const slack = await fakeSlack(false);
    const r = await start({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: slack.url });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Slack refused SLACK_BOT_TOKEN (auth.test: invalid_auth)\n');
    expect(r.stdout + r.stderr).not.toMatch(STACK);
    expect(r.stdout + r.stderr).not.toContain(BOT_TOKEN);
    expect(existsSync(`${r.file}.lock`)).toBe(false);
  });

  it('a Socket Mode connection that fails: one line saying what to check, exit 1, no stack trace', async () => {
    const slack = await fakeSlack(true);
    const r = await start({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_API_URL: slack.url,
    });
    expect(slack.calls).toEqual(expect.arrayContaining(['/api/auth.test', '/api/apps.connections.open']));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'Slack Socket Mode could not connect (invalid_auth): check SLACK_APP_TOKEN (xapp-…, with connections:write) and that this machine can reach Slack\n',
    );
    expect(r.stdout + r.stderr).not.toMatch(STACK);
    expect(r.stdout + r.stderr).not.toContain(APP_TOKEN);
    expect(r.stdout + r.stderr).not.toContain(BOT_TOKEN);
    // Every line on stdout is a JSON log line with a level.
    for (const line of r.stdout.trim().split('\n')) expect(JSON.parse(line)).toHaveProperty('level');
    expect(existsSync(`${r.file}.lock`)).toBe(false);
  });
});

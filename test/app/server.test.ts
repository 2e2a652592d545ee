// `npm start` as a process: liveness without tenant data, readiness, a held store refused, bad configuration named.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanEnv, ROOT, SOURCE_ENTRY, STACK, startBot } from '../support/bot-process.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'portal-start-'));
  dirs.push(dir);
  return dir;
};

const runOnce = (env: Record<string, string>) =>
  spawnSync(process.execPath, SOURCE_ENTRY, { cwd: ROOT, env: cleanEnv(env), encoding: 'utf8' });

describe('npm start', () => {
  it('answers /healthz with liveness only and /readyz once the store is open; the store holds the demo company', async () => {
    const file = join(await tempDir(), 'db.json');
    const bot = startBot(SOURCE_ENTRY, { DATA_FILE: file });
    try {
      const { port } = await bot.listening;
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      const body = await health.text();
      expect(JSON.parse(body)).toEqual({ status: 'ok' });
      expect(body).not.toContain('contoso');
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
      expect((await fetch(`http://127.0.0.1:${port}/nope`)).status).toBe(404);
      // A proxy's request id is kept and sent back; the access log line carries it.
      const traced = await fetch(`http://127.0.0.1:${port}/nope`, { headers: { 'x-request-id': 'req-42' } });
      expect(traced.headers.get('x-request-id')).toBe('req-42');
      const held = runOnce({ DATA_FILE: file });
      expect(held.status).toBe(1);
      expect(held.stderr).toContain('in use');
      expect(held.stderr).not.toMatch(STACK);
    } finally {
      bot.child.kill('SIGTERM');
      await bot.exited;
    }
    expect(bot.lines()).toContainEqual(
      expect.objectContaining({
        event: 'http',
        path: '/nope',
        status: 404,
        requestId: 'req-42',
        level: 'info',
      }),
    );
    const saved = JSON.parse(await readFile(file, 'utf8'));
    expect(saved.companies[0].id).toBe('contoso');
  });

  it('is not ready when no chat is configured, and says why', async () => {
    const bot = startBot(SOURCE_ENTRY, { DATA_FILE: join(await tempDir(), 'db.json'), PORTAL_TEAMS: '0' });
    try {
      const { port } = await bot.listening;
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect([ready.status, await ready.json()]).toEqual([
        503,
        { status: 'not ready', reason: 'no chat is configured' },
      ]);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      bot.child.kill('SIGTERM');
      await bot.exited;
    }
  });

  it('refuses a port in use with one line, and creates no store file', async () => {
    const dir = await tempDir();
    const file = join(dir, 'data', 'db.json');
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const { port } = blocker.address() as { port: number };
    try {
      const r = runOnce({ DATA_FILE: file, PORT: String(port) });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`Cannot listen on 127.0.0.1:${port}`);
      expect(r.stderr).toContain('EADDRINUSE');
      expect(r.stderr).not.toMatch(STACK);
      expect(existsSync(join(dir, 'data'))).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it('refuses to start when Slack is configured without a signing secret, naming the variable only', () => {
    const r = runOnce({ SLACK_BOT_TOKEN: 'xoxb-secret-value', SLACK_SIGNING_SECRET: ' ' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('SLACK_SIGNING_SECRET is blank');
    expect(r.stderr + r.stdout).not.toContain('xoxb-secret-value');
  });

  it('refuses a bad PORT or LOG_LEVEL with a message, not a stack trace', () => {
    const port = runOnce({ PORT: 'eighty' });
    expect(port.status).toBe(2);
    expect(port.stderr).toContain('PORT');
    expect(port.stderr).not.toMatch(STACK);
    const level = runOnce({ LOG_LEVEL: 'loud' });
    expect(level.status).toBe(2);
    expect(level.stderr).toContain('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent');
  });
});

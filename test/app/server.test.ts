// `npm start` serves /healthz with the demo company loaded, and refuses a store another process owns.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/app/main.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b) => {
    out += String(b);
  });
  child.stderr.on('data', (b) => {
    out += String(b);
  });
  for (let i = 0; i < 200 && !out.includes('listening'); i++) await new Promise((r) => setTimeout(r, 50));
  return { child, output: () => out };
}

describe('npm start', () => {
  it('serves /healthz with the demo company on a new store, then the store file holds it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'portal-start-'));
    dirs.push(dir);
    const file = join(dir, 'db.json');
    const port = String(40000 + Math.floor(Math.random() * 10000));
    const { child, output } = await startServer({ DATA_FILE: file, PORT: port });
    try {
      expect(output()).toContain('listening');
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok', companies: ['contoso'] });
      expect((await fetch(`http://127.0.0.1:${port}/nope`)).status).toBe(404);
      const held = spawnSync(process.execPath, ['--import', 'tsx', 'src/app/main.ts'], {
        env: { ...process.env, DATA_FILE: file, PORT: String(Number(port) + 1) },
        encoding: 'utf8',
      });
      expect(held.status).toBe(1);
      expect(held.stderr).toContain('in use');
      expect(held.stderr).not.toMatch(/\n\s+at /);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    const saved = JSON.parse(await readFile(file, 'utf8'));
    expect(saved.companies[0].id).toBe('contoso');
  });

  it('refuses to start when Slack is configured without a signing secret, naming the variable only', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/app/main.ts'], {
      env: { ...process.env, SLACK_BOT_TOKEN: 'xoxb-secret-value', SLACK_SIGNING_SECRET: ' ' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('SLACK_SIGNING_SECRET is blank');
    expect(r.stderr).not.toContain('xoxb-secret-value');
  });

  it('refuses a bad PORT with a message, not a stack trace', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/app/main.ts'], {
      env: { ...process.env, PORT: 'eighty' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('PORT');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

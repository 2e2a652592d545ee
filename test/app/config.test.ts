// Configuration from the environment reaches what it configures: EVENTS_SIGNING_SECRET serves POST /hooks/events.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.ts';
import { signHook } from '../../src/app/events-hook.ts';

const SECRET = 'hook-secret-never-printed';

describe('loadConfig', () => {
  it('keeps EVENTS_SIGNING_SECRET for the events hook', () => {
    expect(loadConfig({ EVENTS_SIGNING_SECRET: SECRET })).toMatchObject({
      ok: true,
      config: { eventsSecret: SECRET },
    });
  });

  it('without it, there is no events secret (the hook is not served)', () => {
    const r = loadConfig({});
    expect(r.ok && 'eventsSecret' in r.config).toBe(false);
  });

  it('a blank secret stops the start, naming the variable and not the value', () => {
    const r = loadConfig({ EVENTS_SIGNING_SECRET: '   ' });
    expect(r).toEqual({ ok: false, problem: 'EVENTS_SIGNING_SECRET: EVENTS_SIGNING_SECRET is blank' });
  });

  it.each([
    ['PORT', { PORT: '70000' }],
    ['PORT', { PORT: 'eighty' }],
    ['PORTAL_DEMO', { PORTAL_DEMO: 'yes' }],
  ])('a bad %s is named', (name, env) => {
    const r = loadConfig(env);
    expect(!r.ok && r.problem).toMatch(new RegExp(`^${name}:`));
  });
});

// Only what the server needs: no chat credentials from the developer's shell leak into the child.
const baseEnv = () => ({
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  HOST: '127.0.0.1',
  PORT: '0',
  PORTAL_TEAMS: '0',
});

const children: Array<ReturnType<typeof spawn>> = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.exitCode === null) {
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      await exited;
    }
  }
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** `npm start`'s entry point with this environment; resolves with the port it bound and its output so far. */
async function start(env: Record<string, string>) {
  const dir = await mkdtemp(join(tmpdir(), 'portal-config-'));
  dirs.push(dir);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/app/main.ts'], {
    env: { ...baseEnv(), DATA_FILE: join(dir, 'db.json'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (b) => {
    out += String(b);
  });
  child.stderr?.on('data', (b) => {
    out += String(b);
  });
  const port = await new Promise<number>((resolve, reject) => {
    const check = () => {
      const m = out.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) return resolve(Number(m[1]));
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  return { port, output: () => out };
}

async function postHook(port: number, secret: string) {
  const body = JSON.stringify({
    id: 'evt-env-1',
    company: 'contoso',
    event: { type: 'maintenance', infra: 'prod-eu', text: 'Saturday 02:00 UTC: upgrade' },
  });
  const ts = Math.floor(Date.now() / 1000);
  const res = await fetch(`http://127.0.0.1:${port}/hooks/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-portal-timestamp': String(ts),
      'x-portal-signature': signHook(secret, ts, body),
    },
    body,
  });
  return { status: res.status, text: await res.text() };
}

describe('EVENTS_SIGNING_SECRET, from the environment to the served route', () => {
  it('set: npm start serves POST /hooks/events, and a signed event is queued', async () => {
    const { port, output } = await start({ EVENTS_SIGNING_SECRET: SECRET });
    expect(output()).toContain('events hook: POST /hooks/events');
    expect(await postHook(port, SECRET)).toEqual({ status: 202, text: JSON.stringify({ queued: 1 }) });
    expect((await postHook(port, 'another-secret')).status).toBe(401);
    expect(output()).not.toContain(SECRET);
  });

  it('unset: the route is not served at all', async () => {
    const { port, output } = await start({});
    expect(output()).not.toContain('events hook');
    expect((await postHook(port, SECRET)).status).toBe(404);
  });
});

// Configuration files: .env.example lists every variable and works as it is; .env is read by npm start and never committed.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { SLACK_VARIABLES } from '../../adapters/slack/config.ts';
import { TEAMS_VARIABLES } from '../../adapters/teams/config.ts';
import { loadConfig, SERVER_VARIABLES } from '../../src/app/config.ts';
import { loadChats } from '../../src/app/lifecycle.ts';
import { ROOT, STACK } from '../support/bot-process.ts';

const example = await readFile(join(ROOT, '.env.example'), 'utf8');
/** Listed variables: set (`NAME=value`) or shown commented out (`# NAME=`). */
const listed = [...example.matchAll(/^(?:# )?([A-Za-z][A-Za-z0-9_]*)=/gm)].map((m) => m[1]);

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('.env.example', () => {
  it('lists every variable the server, Slack and Teams read, and DATABASE_URL', () => {
    for (const name of [...SERVER_VARIABLES, ...SLACK_VARIABLES, ...TEAMS_VARIABLES, 'DATABASE_URL'])
      expect(listed, name).toContain(name);
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('copied as it is, starts a valid configuration (the demo, Teams in local mode on 127.0.0.1)', () => {
    const env = parseEnv(example) as NodeJS.ProcessEnv;
    const config = loadConfig(env);
    expect(config).toMatchObject({ ok: true, config: { port: 3978, host: '127.0.0.1', demo: true } });
    const chats = loadChats(env, config.ok ? config.config.host : '');
    expect(chats).toEqual({ ok: true, chats: { slack: null, teams: { local: true } } });
  });

  it('.env is git-ignored, .env.example is not', () => {
    const check = (path: string) => spawnSync('git', ['check-ignore', '-q', path], { cwd: ROOT }).status;
    expect(check('.env')).toBe(0);
    expect(check('.env.production')).toBe(0);
    expect(check('.env.example')).toBe(1);
  });

  it('`npm start` reads .env from where it runs, and names a bad value in it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'portal-env-'));
    dirs.push(dir);
    for (const entry of ['package.json', 'src', 'adapters', 'data', 'node_modules'])
      await symlink(join(ROOT, entry), join(dir, entry));
    await writeFile(join(dir, '.env'), 'PORTAL_DEMO=maybe\n');
    const r = spawnSync('npm', ['start'], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('PORTAL_DEMO must be 0 or 1');
    expect(r.stderr).not.toMatch(STACK);
  });
});

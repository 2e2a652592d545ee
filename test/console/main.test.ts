// `npm run console` as a real process: piped input in order, usage errors, and a store held by someone else.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;
let dataFile: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'portal-console-'));
  dataFile = join(dir, 'db.json');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function runConsole(
  args: string[],
  input: string,
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'adapters/console/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATA_FILE: dataFile, PORTAL_DEMO: '1', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const STACK = /^\s+at /m;

describe('console main', () => {
  it('answers piped lines in order and exits 0 at end of input, releasing the store', async () => {
    // `11` presses Next of the team view (after ten Edit buttons), so it only works if `team` was answered first.
    const r = await runConsole(['--as', 'alexw@example.com'], 'whoami\n\nteam\n11\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Alex Wilber');
    expect(r.stdout).not.toContain('portal>');
    const order = ['Who you are', 'Page 1 of 2', 'Page 2 of 2'].map((s) => r.stdout.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(r.stdout.endsWith('\n\n')).toBe(true);
    expect(existsSync(`${dataFile}.lock`)).toBe(false);
  });

  it('says what the outbox will do with an invitation: queued for email with SMTP_URL, else at their first message', async () => {
    const mail = { SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: 'portal-bot@example.com' };
    const withEmail = await runConsole(
      ['--as', 'alexw@example.com'],
      'invite ana@example.com --member prod-eu\n',
      mail,
    );
    expect(withEmail.stdout).toContain('The invitation email to ana <ana@example.com> is queued');
    const without = await runConsole(
      ['--as', 'alexw@example.com'],
      'invite bo@example.com --member prod-eu\n',
      { SMTP_URL: '', MAIL_FROM: '' },
    );
    expect(without.stdout).toContain(
      'No email is configured, so bo <bo@example.com> will see the invitation',
    );
    expect(withEmail.stdout + without.stdout).not.toMatch(/\bsent\b/);
  });

  it('stops reading at quit', async () => {
    const r = await runConsole(['--as', 'alexw@example.com'], 'quit\nwhoami\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toEqual('');
  });

  it('exits 2 with usage when --as is missing or not an email', async () => {
    for (const args of [[], ['--as', 'alexw'], ['--as', 'alexw@example.com', '--bogus']]) {
      const r = await runConsole(args, 'whoami\n');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('Usage: npm run console -- --as EMAIL');
      expect(r.stderr).not.toMatch(STACK);
      expect(r.stdout).toEqual('');
    }
    expect(existsSync(dataFile)).toBe(false);
  });

  it('refuses a store held by a live process, says how to proceed, and touches nothing', async () => {
    const lock = JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() });
    await writeFile(`${dataFile}.lock`, lock);
    await writeFile(dataFile, '{"left":"alone"}');
    const r = await runConsole(['--as', 'alexw@example.com'], 'whoami\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`is in use by process ${process.pid}`);
    expect(r.stderr).toContain('npm start');
    expect(r.stderr).toContain('DATA_FILE=');
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stdout).toEqual('');
    expect(await readFile(dataFile, 'utf8')).toEqual('{"left":"alone"}');
    expect(await readFile(`${dataFile}.lock`, 'utf8')).toEqual(lock);
  });

  it('prints why the store cannot be opened, without a stack, and exits 1', async () => {
    await writeFile(dataFile, '{ not json');
    const r = await runConsole(['--as', 'alexw@example.com'], 'whoami\n');
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).not.toEqual('');
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stdout).toEqual('');
  });
});

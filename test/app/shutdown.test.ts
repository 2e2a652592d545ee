// Stopping the server: signals drain and release the store, `npm start` leaves no orphan, an unwritable folder ends in one line.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { alive, gone, ROOT, SOURCE_ENTRY, STACK, startBot } from '../support/bot-process.ts';
import { asUnprivileged, giveToUnprivileged } from '../support/unprivileged.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) {
    await chmod(d, 0o700).catch(() => undefined);
    await rm(d, { recursive: true, force: true });
  }
});
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'portal-stop-'));
  dirs.push(dir);
  return dir;
};

describe('stopping the server', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} stops accepting, releases the store and exits 0`, async () => {
      const file = join(await tempDir(), 'db.json');
      const bot = startBot(SOURCE_ENTRY, { DATA_FILE: file });
      const { port } = await bot.listening;
      expect(existsSync(`${file}.lock`)).toBe(true);
      bot.child.kill(signal);
      expect(await bot.exited).toEqual({ code: 0, signal: null });
      expect(existsSync(`${file}.lock`)).toBe(false);
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
      const events = bot.lines().map((l) => l.event);
      expect(events).toEqual(expect.arrayContaining(['listening', 'stopping', 'stopped']));
      expect(bot.lines().find((l) => l.event === 'stopped')).toMatchObject({ clean: true });
      // The store is whole after the stop: it opens again.
      expect(JSON.parse(await readFile(file, 'utf8')).companies[0].id).toBe('contoso');
    });
  }

  it('`npm start` passes SIGTERM to the server: nothing is left running', async () => {
    const file = join(await tempDir(), 'db.json');
    const npm = startBot(['start'], { DATA_FILE: file }, { cmd: 'npm' });
    const { pid } = await npm.listening;
    expect(pid).not.toBe(npm.child.pid);
    npm.child.kill('SIGTERM');
    await npm.exited;
    expect(await gone(pid)).toBe(true);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('with the data folder made unwritable, SIGTERM ends with a clear line and exit 1, not an unhandled rejection', async () => {
    const dir = await tempDir();
    await giveToUnprivileged(dir);
    const file = join(dir, 'db.json');
    const run = asUnprivileged(process.execPath, SOURCE_ENTRY);
    const bot = startBot(run.args, { DATA_FILE: file }, { cmd: run.cmd });
    const { pid } = await bot.listening;
    await chmod(dir, 0o500);
    process.kill(pid, 'SIGTERM');
    const exit = await bot.exited;
    expect(exit.code).toBe(1);
    expect(alive(pid)).toBe(false);
    const all = `${bot.stdout()}\n${bot.stderr()}`;
    expect(all).not.toMatch(/unhandled/i);
    expect(all).not.toMatch(STACK);
    const problem = bot.lines().find((l) => l.event === 'stop-problem');
    expect(String(problem?.msg)).toMatch(/^store: .*(EACCES|permission denied)/i);
    expect(bot.lines().find((l) => l.event === 'stopped')).toMatchObject({ clean: false });
  });
});

describe('the console', () => {
  it('piped into a reader that goes away (`| head`) ends quietly and leaves no lock', async () => {
    const file = join(await tempDir(), 'db.json');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'adapters/console/main.ts', '--as', 'alexw@example.com'],
      { cwd: ROOT, env: { PATH: process.env.PATH, DATA_FILE: file }, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => {
      stderr += String(b);
    });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    // Like `head -1`: read the first chunk, then close our end while the console still has lines to answer.
    child.stdin.end('team\n'.repeat(300));
    await new Promise<void>((r) => child.stdout.once('data', () => r()));
    child.stdout.destroy();
    expect(await exited).toBe(0);
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(stderr).not.toMatch(STACK);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });
});

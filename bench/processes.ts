// The processes the bench starts: the bot, the bare Bolt app and the store tool; cold start, RSS and kill -9.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync, statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const COMPILED_BOT = join(ROOT, 'dist/src/app/main.js');

/** How children run: through tsx, or the compiled build when one exists and is newer than the sources. */
export type Runtime = { kind: 'tsx' | 'compiled'; bot: string[]; bare: string[]; tool: string[] };

async function newestSource(dir: string): Promise<number> {
  let newest = 0;
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile() && e.name.endsWith('.ts'))
      newest = Math.max(newest, (await stat(join(e.parentPath, e.name))).mtimeMs);
  return newest;
}

export async function pickRuntime(): Promise<Runtime> {
  const tsx = (file: string) => ['--import', 'tsx', join(ROOT, file)];
  const tool = tsx('bench/store-tool.ts');
  const sources = Math.max(await newestSource(join(ROOT, 'src')), await newestSource(join(ROOT, 'adapters')));
  if (existsSync(COMPILED_BOT) && statSync(COMPILED_BOT).mtimeMs > sources) {
    // The bare app is plain JavaScript in TypeScript's clothes, so it runs without a loader too: same footing.
    const bare = readFileSync(join(ROOT, 'bench/bare-bolt.ts'), 'utf8');
    return { kind: 'compiled', bot: [COMPILED_BOT], bare: ['--input-type=module', '--eval', bare], tool };
  }
  return { kind: 'tsx', bot: tsx('src/app/main.ts'), bare: tsx('bench/bare-bolt.ts'), tool };
}

/** Only what the children need: none of the developer's own Slack, Teams or database settings leak in. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ'];
  const env: NodeJS.ProcessEnv = {};
  for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k];
  return { ...env, NODE_ENV: 'production', ...extra };
}

/** Runs a short child to completion and returns its last stdout line; a failure names its stderr. */
export function runChild(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d;
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code === 0) resolve(last);
      else reject(new Error(`${args.at(-1)} exited with ${code}: ${err.trim().slice(-800)}`));
    });
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

export type Server = {
  pid: number;
  base: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  log: string;
};

const status = (url: string): Promise<number> =>
  new Promise((resolve) => {
    const req = request(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.end();
  });

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Spawns a server and waits for its first 200: `/readyz` when it serves one (the bot may listen before
 * its store is open), else `/healthz`. Returns the time from spawn to that answer.
 */
export async function startServer(
  args: string[],
  env: NodeJS.ProcessEnv,
  port: number,
  log: string,
): Promise<{ server: Server; coldMs: number }> {
  const base = `http://127.0.0.1:${port}`;
  const fd = openSync(log, 'a');
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', fd, fd] });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  let done = false;
  void exited.then(() => {
    done = true;
  });
  let probe = '/readyz';
  while (!done) {
    const s = await status(base + probe);
    if (s === 200) {
      const coldMs = performance.now() - t0;
      return { server: { pid: child.pid ?? 0, base, child, exited, log }, coldMs };
    }
    if (s === 404 && probe === '/readyz') probe = '/healthz';
    if (performance.now() - t0 > 180_000) {
      child.kill('SIGKILL');
      break;
    }
    await pause(5);
  }
  const tail = readFileSync(log, 'utf8').trim().split('\n').slice(-5).join('\n');
  throw new Error(`${args.at(-1)?.slice(0, 60)} did not become ready:\n${tail}`);
}

/** SIGTERM and wait; a server that does not stop within 20 s is killed and reported. */
export async function stopServer(s: Server): Promise<void> {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  s.child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((r) => {
    timer = setTimeout(() => r(false), 20_000);
  });
  const stopped = await Promise.race([s.exited.then(() => true), late]);
  clearTimeout(timer);
  if (!stopped) {
    s.child.kill('SIGKILL');
    await s.exited;
    throw new Error(`pid ${s.pid} did not stop within 20 s of SIGTERM`);
  }
}

export async function killHard(s: Server): Promise<void> {
  s.child.kill('SIGKILL');
  await s.exited;
}

/** Resident and peak resident memory of a live process, in MB, as the kernel counts them. */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? Number.NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

// Runs the server as a real process (tsx source, or the compiled build) and reads its JSON log lines.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The source entry through tsx, as `npm start` runs it. */
export const SOURCE_ENTRY = ['--import', 'tsx', 'src/app/main.ts'];

export type BotProcess = {
  child: ChildProcess;
  /** Resolves with the port and pid from the "listening" line; rejects if the process exits first. */
  listening: Promise<{ port: number; pid: number }>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout(): string;
  stderr(): string;
  /** Every stdout line that parsed as JSON. */
  lines(): Array<Record<string, unknown>>;
};

/** Only what the test gives, plus PATH and HOME: a developer's Slack or Teams variables must not leak in. */
export function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    PORT: '0',
    PORTAL_DEMO: '1',
    ...env,
  };
}

export function startBot(
  args: string[],
  env: Record<string, string>,
  opts: { cmd?: string; cwd?: string; detached?: boolean } = {},
): BotProcess {
  const child = spawn(opts.cmd ?? process.execPath, args, {
    cwd: opts.cwd ?? ROOT,
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: opts.detached ?? false,
  });
  let out = '';
  let err = '';
  let onLine: (() => void) | undefined;
  child.stdout?.on('data', (b: Buffer) => {
    out += String(b);
    onLine?.();
  });
  child.stderr?.on('data', (b: Buffer) => {
    err += String(b);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const lines = () =>
    out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
  const listening = new Promise<{ port: number; pid: number }>((resolve, reject) => {
    onLine = () => {
      const l = lines().find((x) => x.event === 'listening');
      if (l) resolve({ port: Number(l.port), pid: Number(l.pid) });
    };
    void exited.then(({ code, signal }) =>
      reject(new Error(`the bot exited (${code ?? signal}) before listening:\n${out}\n${err}`)),
    );
  });
  listening.catch(() => undefined);
  return { child, listening, exited, stdout: () => out, stderr: () => err, lines };
}

/** Whether a process with this pid still exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Waits until `pid` is gone (a process's children may outlive it by a moment); false if it never goes. */
export async function gone(pid: number, tries = 200): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** A stack frame line, which no operator-facing output may contain. */
export const STACK = /^\s+at .+\(?.+:\d+:\d+\)?$/m;

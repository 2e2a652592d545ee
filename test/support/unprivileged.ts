// Runs a command as a user the permission bits apply to: root ignores them, so as root the command drops to `nobody`.
import { execFileSync } from 'node:child_process';
import { chown } from 'node:fs/promises';

const isRoot = process.getuid?.() === 0;

/** The uid and gid the command will run as. */
export function unprivilegedIds(): { uid: number; gid: number } {
  if (!isRoot) return { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
  const id = (flag: string) => Number(execFileSync('id', [flag, 'nobody'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * The command line that runs `cmd args` unprivileged: through `setpriv` (util-linux) when we are root,
 * unchanged otherwise (we already are an ordinary user).
 */
export function asUnprivileged(cmd: string, args: string[]): { cmd: string; args: string[] } {
  if (!isRoot) return { cmd, args };
  const { uid, gid } = unprivilegedIds();
  return {
    cmd: 'setpriv',
    args: [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--', cmd, ...args],
  };
}

/** Hands a folder to the unprivileged user, so it can write there until the test takes that away. */
export async function giveToUnprivileged(path: string): Promise<void> {
  const { uid, gid } = unprivilegedIds();
  if (isRoot) await chown(path, uid, gid);
}

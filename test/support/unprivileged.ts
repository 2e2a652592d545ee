// Runs a command the permission bits apply to. Root ignores them, so as root the command either drops to
// `nobody` (when `nobody` can read this checkout) or keeps uid 0 without the capabilities that bypass them.
import { execFileSync, spawnSync } from 'node:child_process';
import { chown } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const isRoot = process.getuid?.() === 0;

type Mode = { kind: 'self' } | { kind: 'user'; uid: number; gid: number } | { kind: 'no-dac-capabilities' };

/** What root ignores permission bits with: bypassing read/write/search checks, and owner checks. */
const BYPASS = '-dac_override,-dac_read_search,-fowner';

function choose(): Mode {
  if (!isRoot) return { kind: 'self' };
  // To try the other way on a machine where nobody can read the checkout: UNPRIVILEGED=capabilities.
  if (process.env.UNPRIVILEGED === 'capabilities') return { kind: 'no-dac-capabilities' };
  const id = (flag: string) => Number(execFileSync('id', [flag, 'nobody'], { encoding: 'utf8' }).trim());
  const uid = id('-u');
  const gid = id('-g');
  // A checkout under a private folder (/root, say) is out of nobody's reach: then drop capabilities instead.
  const probe = join(ROOT, 'node_modules', 'tsx', 'package.json');
  const readable =
    spawnSync('setpriv', [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--', 'test', '-r', probe])
      .status === 0;
  return readable ? { kind: 'user', uid, gid } : { kind: 'no-dac-capabilities' };
}

let chosen: Mode | undefined;
function mode(): Mode {
  chosen ??= choose();
  return chosen;
}

/** How the command runs, for test names and messages. */
export const unprivilegedAs = (): string => {
  const m = mode();
  return m.kind === 'self' ? 'this user' : m.kind === 'user' ? 'nobody' : 'root without DAC capabilities';
};

/** The command line that runs `cmd args` so that permission bits hold for it (setpriv is util-linux's). */
export function asUnprivileged(cmd: string, args: string[]): { cmd: string; args: string[] } {
  const m = mode();
  if (m.kind === 'self') return { cmd, args };
  if (m.kind === 'user')
    return {
      cmd: 'setpriv',
      args: [`--reuid=${m.uid}`, `--regid=${m.gid}`, '--clear-groups', '--', cmd, ...args],
    };
  return { cmd: 'setpriv', args: ['--inh-caps=-all', `--bounding-set=${BYPASS}`, '--', cmd, ...args] };
}

/** Hands a folder to the user the command runs as, so it can write there until the test takes that away. */
export async function giveToUnprivileged(path: string): Promise<void> {
  const m = mode();
  if (m.kind === 'user') await chown(path, m.uid, m.gid);
}

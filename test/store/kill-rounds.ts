// Kill -9 during random traffic: rounds of a server process on one store (JSON or PostgreSQL), each killed at a random
// moment; every change acknowledged before a kill must be there at the next start, and the audit chain verify.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect } from 'vitest';
import { createTestDatabase } from './pg/database.ts';

const CHILD = join(import.meta.dirname, 'kill-child.ts');

type Ready = { ready: true; members: string[]; cases: string[]; verify: { ok: boolean; events: number } };

/** A small seeded generator, so a failing run can be repeated with its seed. */
function random(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

function start(file: string): { child: ChildProcess; lines: AsyncIterator<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  if (!child.stdout) throw new Error('no stdout');
  return { child, lines: createInterface({ input: child.stdout })[Symbol.asyncIterator]() };
}

async function next(lines: AsyncIterator<string>): Promise<Record<string, unknown> | null> {
  const r = await lines.next();
  return r.done ? null : (JSON.parse(r.value) as Record<string, unknown>);
}

export type KillReport = { rounds: number; sent: number; acknowledged: number; seed: number };

/** `store`: where the rounds run, the JSON store (a temp file) or PostgreSQL (a temp database). */
export async function killRounds(
  rounds: number,
  seed = Date.now(),
  store: 'json' | 'pg' = 'json',
): Promise<KillReport> {
  const rnd = random(seed);
  const dir = await mkdtemp(join(tmpdir(), 'kill-'));
  const db = store === 'pg' ? await createTestDatabase('killrounds') : null;
  const file = db ? db.url : join(dir, 'db.json');
  const invited = new Set<string>();
  const opened = new Set<string>();
  let sent = 0;
  let counter = 0;
  try {
    for (let round = 0; round <= rounds; round++) {
      const { child, lines } = start(file);
      const exited = once(child, 'exit');
      try {
        const ready = (await next(lines)) as Ready | null;
        if (!ready?.ready) throw new Error(`round ${round} (seed ${seed}): the server did not start`);
        // Everything acknowledged before the last kill is there, and the chain holds.
        for (const email of invited) expect(ready.members, `seed ${seed}, round ${round}`).toContain(email);
        for (const title of opened) expect(ready.cases, `seed ${seed}, round ${round}`).toContain(title);
        expect(ready.verify, `seed ${seed}, round ${round}`).toMatchObject({ ok: true });
        if (round === rounds) break;

        const commands = new Map<number, { kind: 'invite' | 'case'; key: string; text: string }>();
        const n = 5 + Math.floor(rnd() * 30);
        for (let i = 0; i < n; i++) {
          const id = ++counter;
          const c =
            rnd() < 0.6
              ? {
                  kind: 'invite' as const,
                  key: `k${id}@example.com`,
                  text: `invite k${id}@example.com --name "K ${id}" --member prod-eu`,
                }
              : {
                  kind: 'case' as const,
                  key: `Kill test case ${id}`,
                  text: `case open prod-eu "Kill test case ${id}"`,
                };
          commands.set(id, c);
        }
        // Killed after a random number of acknowledgements (sometimes none), a moment later.
        const killAfter = Math.floor(rnd() * (n + 1));
        const delay = Math.floor(rnd() * 15);
        let acked = 0;
        const kill = () => setTimeout(() => child.kill('SIGKILL'), delay);
        for (const [id, c] of commands) child.stdin?.write(`${JSON.stringify({ id, text: c.text })}\n`);
        sent += n;
        if (killAfter === 0) kill();
        for (let msg = await next(lines); msg; msg = await next(lines)) {
          const c = commands.get(Number(msg.id));
          if (!c) continue;
          expect(msg.ok, `seed ${seed}: ${c.text}`).toBe(true);
          (c.kind === 'invite' ? invited : opened).add(c.key);
          if (++acked === killAfter) kill();
          if (acked === n) break;
        }
      } finally {
        child.kill('SIGKILL');
        await exited;
      }
    }
    return { rounds, sent, acknowledged: invited.size + opened.size, seed };
  } finally {
    await rm(dir, { recursive: true, force: true });
    await db?.drop();
  }
}

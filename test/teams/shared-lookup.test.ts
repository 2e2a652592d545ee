// Teams: concurrent commands of one person share a getMember call already under way, and only a recent one.
import { describe, expect, it } from 'vitest';
import { identityCache, SHARE_CALL_MS } from '../../adapters/teams/identity.ts';
import type { Identity } from '../../src/app/identity.ts';

const ana = (refused?: string): Identity => ({
  chat: 'teams',
  tenantId: 't1',
  aadObjectId: 'a1',
  email: 'ana@example.com',
  ...(refused ? { refused } : {}),
});

/** A getMember that answers only when told to; what it answers is decided then. */
function slowTeams() {
  const pending: Array<() => void> = [];
  const state = { calls: 0, removed: false };
  const lookup = () => {
    state.calls++;
    return new Promise<Identity>((resolve) => {
      pending.push(() => resolve(ana(state.removed ? 'removed' : undefined)));
    });
  };
  const answerAll = () => {
    for (const a of pending.splice(0)) a();
  };
  return { lookup, state, answerAll };
}

describe('one getMember call under way answers every command of that person', () => {
  it('concurrent changes share it; a change after it answered asks again', async () => {
    const teams = slowTeams();
    const ids = identityCache(() => 1_000_000);
    const asked = [ids.get('t1:u1', teams.lookup, true), ids.get('t1:u1', teams.lookup, true)];
    expect(teams.state.calls).toBe(1);
    teams.state.removed = true;
    teams.answerAll();
    for (const id of await Promise.all(asked)) expect(id).toMatchObject({ refused: 'removed' });
    teams.state.removed = false;
    const later = ids.get('t1:u1', teams.lookup, true);
    expect(teams.state.calls).toBe(2);
    teams.answerAll();
    expect(await later).not.toHaveProperty('refused');
  });

  it('a change does not join a call older than SHARE_CALL_MS; a read does', async () => {
    const teams = slowTeams();
    const clock = { ms: 1_000_000 };
    const ids = identityCache(() => clock.ms);
    const old = ids.get('t1:u1', teams.lookup, true);
    clock.ms += SHARE_CALL_MS + 1;
    const read = ids.get('t1:u1', teams.lookup);
    expect(teams.state.calls).toBe(1);
    const change = ids.get('t1:u1', teams.lookup, true);
    expect(teams.state.calls).toBe(2);
    teams.answerAll();
    await Promise.all([old, read, change]);
  });

  it('a failed call fails all that shared it, and is not remembered', async () => {
    let calls = 0;
    const failing = () => {
      calls++;
      return Promise.reject(new Error('not in the tenant'));
    };
    const ids = identityCache(() => 1_000_000);
    const both = [ids.get('t1:u1', failing, true), ids.get('t1:u1', failing, true)];
    for (const p of both) await expect(p).rejects.toThrow('not in the tenant');
    expect(calls).toBe(1);
    await expect(ids.get('t1:u1', failing)).rejects.toThrow('not in the tenant');
    expect(calls).toBe(2);
  });
});

// Twenty approvers deciding one request at the same moment: exactly one decision, the quorum respected, every change audited.
import { expect } from 'vitest';
import { type App, appOver, seedData } from '../../src/app/app.ts';
import { fakeClock } from '../../src/app/clock.ts';
import type { Outcome } from '../../src/app/dispatch.ts';
import { verifyChain } from '../../src/domain/audit.ts';
import type { StoreData } from '../../src/domain/schemas.ts';
import { openJsonFileStore } from '../../src/store/json-file-store.ts';
import { DEMO_DAY, dataWithAudit, recordingLog } from '../fakes/app.ts';
import { createMemoryStore } from '../fakes/memory-store.ts';

export const APPROVERS = 20;
const REQUESTER = 'adelev@example.com';
const approver = (i: number) => `approver${String(i).padStart(2, '0')}@example.com`;

/** The demo company with twenty more Company Admins, and the quorum a trial asks for. */
function data(required: number): StoreData {
  const d = seedData(true, new Date(DEMO_DAY));
  const c = d.companies[0];
  if (!c) throw new Error('no demo company');
  c.settings.companyAdminApprovals = required;
  for (let i = 1; i <= APPROVERS; i++)
    c.members.push({
      email: approver(i),
      name: `Approver ${i}`,
      status: 'active',
      companyAdmin: true,
      roles: {},
      identities: [],
    });
  return d;
}

export type Trial = { required: number; decisions: Array<'approve' | 'deny'>; doubles: boolean[] };
export type TrialResult = { status: string; approvals: number; required: number; changed: number };

/** A small deterministic generator, so a failing trial can be run again from its number. */
export function trialOf(n: number): Trial {
  let x = (n + 1) * 2654435761;
  const next = () => {
    x = (x ^ (x << 13)) >>> 0;
    x = (x ^ (x >>> 17)) >>> 0;
    x = (x ^ (x << 5)) >>> 0;
    return x / 2 ** 32;
  };
  return {
    required: 1 + Math.floor(next() * 5),
    // Mostly approvals, so the quorum is often reached; a deny now and then races them.
    decisions: Array.from({ length: APPROVERS }, () => (next() < 0.85 ? 'approve' : 'deny')),
    // Some presses arrive twice (a double click, a platform retry) with the same request key.
    doubles: Array.from({ length: APPROVERS }, () => next() < 0.2),
  };
}

async function open(required: number, onFile: boolean): Promise<{ app: App; done(): Promise<void> }> {
  const clock = fakeClock(DEMO_DAY);
  const { log } = recordingLog();
  if (!onFile)
    return {
      app: appOver(createMemoryStore(data(required)), { clock, securityLog: log }),
      done: async () => {},
    };
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = await mkdtemp(join(tmpdir(), 'portal-race-'));
  // A new store seeded with the trial's data, as the file store creates one.
  const store = await openJsonFileStore({ file: join(dir, 'db.json'), seed: () => data(required) });
  const app = appOver(store, { clock, securityLog: log });
  return {
    app,
    done: async () => {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** One trial: Adele asks to be Company Admin; twenty approvers decide at once. Checks every rule; returns what happened. */
export async function runTrial(n: number, onFile = false): Promise<TrialResult> {
  const t = trialOf(n);
  const { app, done } = await open(t.required, onFile);
  try {
    const filed = await app.run(
      { chat: 'console', email: REQUESTER },
      { kind: 'text', text: 'request company-admin --reason "race"' },
    );
    expect(filed.result.ok, `trial ${n}: filing`).toBe(true);
    const presses: Array<Promise<Outcome>> = [];
    for (let i = 0; i < APPROVERS; i++) {
      const who = { chat: 'console' as const, email: approver(i + 1) };
      const input = { kind: 'text' as const, text: `${t.decisions[i]} AR-1001`, once: `race:${n}:${i}` };
      presses.push(app.run(who, input));
      if (t.doubles[i]) presses.push(app.run(who, input));
    }
    const outcomes = await Promise.all(presses);
    const d = await dataWithAudit(app.store);
    const c = d.companies[0];
    const r = c?.requests.find((x) => x.id === 'AR-1001');
    const adele = c?.members.find((m) => m.email === REQUESTER);
    const where = `trial ${n} (${JSON.stringify(t)})`;
    if (!c || !r || !adele) throw new Error(`${where}: the request or the requester is gone`);

    // Nothing failed on our side; every press got an answer of its own.
    expect(
      outcomes.filter((o) => !o.result.ok && o.result.failure.kind === 'internal'),
      where,
    ).toEqual([]);
    // Exactly one decision, and the quorum respected.
    expect(['approved', 'denied'], where).toContain(r.status);
    const by = r.approvals.map((a) => a.by);
    expect(new Set(by).size, where).toBe(by.length);
    expect(
      by.every((e) => e.startsWith('approver')),
      where,
    ).toBe(true);
    const decisive = d.audit.filter((e) => e.action === 'request.approve' || e.action === 'request.deny');
    expect(decisive, where).toHaveLength(1);
    if (r.status === 'approved') {
      expect(r.approvals, where).toHaveLength(t.required);
      expect(adele.companyAdmin, where).toBe(true);
      expect(
        d.audit.filter((e) => e.action === 'company-admin.grant'),
        where,
      ).toHaveLength(1);
    } else {
      expect(r.approvals.length, where).toBeLessThan(t.required);
      expect(adele.companyAdmin, where).toBe(false);
      expect(
        d.audit.some((e) => e.action === 'company-admin.grant'),
        where,
      ).toBe(false);
    }
    // Every accepted press is one change: the approvals recorded, plus the denial if any.
    const changed = outcomes.filter((o) => o.changed).length;
    expect(changed, where).toBe(r.approvals.length + (r.status === 'denied' ? 1 : 0));
    expect(
      d.audit.filter((e) => e.action === 'request.approval' || e.action === 'request.approve').length,
      where,
    ).toBe(r.status === 'approved' ? t.required : r.approvals.length);
    expect(
      verifyChain(
        d.audit.filter((e) => e.companyId === c.id),
        c.auditHead,
      ).ok,
      where,
    ).toBe(true);
    return { status: r.status, approvals: r.approvals.length, required: t.required, changed };
  } finally {
    await done();
  }
}

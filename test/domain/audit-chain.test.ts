// The hash-chained audit trail: it holds after real changes, and an edited or removed event is found.
import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { openApp } from '../../src/app/app.ts';
import { fakeClock } from '../../src/app/clock.ts';
import {
  type AuditEntry,
  canonicalJson,
  chainAudit,
  hashEvent,
  verifyChain,
} from '../../src/domain/audit.ts';
import { type AuditEvent, type AuditHead, emptyAuditHead } from '../../src/domain/schemas.ts';
import { auditPathOf } from '../../src/store/load-errors.ts';
import { renderText } from '../../src/views/render-text.ts';
import { asConsole, DEMO_DAY, fileApp, memoryApp } from '../fakes/app.ts';

const ALEX = 'alexw@example.com';
const CHANGES = [
  'grant access adelev@example.com dev-eu',
  'grant infra-admin johannal@example.com hybrid-ap',
  'invite ana@example.com --name "Ana Lima" --member prod-eu',
  'security-contact clear diegos@example.com',
];

const entry = (companyId: string, target: string): AuditEntry => ({
  companyId,
  at: '2026-11-28T12:00:00.000Z',
  actor: 'alexw@example.com',
  chat: 'console',
  action: 'role.change',
  target,
  before: { roles: {} },
  after: { roles: { 'prod-eu': 'member' } },
});

/** Chains made in memory, one head per company, as transactions do. */
function chains() {
  const heads = new Map<string, AuditHead>();
  const log: AuditEvent[] = [];
  const append = (e: AuditEntry) => {
    const { event, head } = chainAudit(heads.get(e.companyId) ?? emptyAuditHead(), e);
    heads.set(e.companyId, head);
    log.push(event);
    return event;
  };
  const of = (companyId: string) => log.filter((e) => e.companyId === companyId);
  const head = (companyId: string) => heads.get(companyId) ?? emptyAuditHead();
  return { append, log, of, head };
}

describe('the audit chain over real changes', () => {
  it('holds after a few changes, and audit verify says so', async () => {
    const app = memoryApp();
    for (const line of CHANGES) expect((await app.say(ALEX, line)).ok, line).toBe(true);
    const data = await app.data();
    expect(data.audit.map((e) => e.action)).toEqual([
      'role.change',
      'role.change',
      'member.invite',
      'security-contact.clear',
    ]);
    const head = data.companies[0]?.auditHead ?? emptyAuditHead();
    expect(head).toMatchObject({ seq: 4, count: 4, hash: data.audit.at(-1)?.hash });
    expect(verifyChain(data.audit, head)).toEqual({ ok: true, events: 4 });
    const r = await app.say(ALEX, 'audit verify');
    expect(r.ok).toBe(true);
    expect(r.text).toContain('The audit chain holds: *4 events* verified.');
  });

  it('holds with no events at all', async () => {
    const r = await memoryApp().say(ALEX, 'audit verify');
    expect(r.text).toContain('*0 events*');
  });

  it('only Company Admins may verify it', async () => {
    const r = await memoryApp().say('meganb@example.com', 'audit verify');
    expect(r.outcome.result.ok ? undefined : r.outcome.result.failure.kind).toBe('denied');
  });
});

describe('tampering with the audit log on disk', () => {
  /** Makes the changes on a real store, closes it, and returns its audit log as lines. */
  async function changedStore() {
    const app = await fileApp();
    for (const line of CHANGES) expect((await app.say(ALEX, line)).ok, line).toBe(true);
    await app.close();
    const log = auditPathOf(app.file);
    const lines = (await readFile(log, 'utf8')).trimEnd().split('\n');
    const events = lines.map((l) => JSON.parse(l) as AuditEvent);
    const write = (list: AuditEvent[]) => writeFile(log, list.map((e) => `${JSON.stringify(e)}\n`).join(''));
    return { app, lines, events, write };
  }

  /** Reopens the store and asks `audit verify` as alexw. */
  async function verifyOnDisk(file: string) {
    const reopened = await openApp({ dataFile: file, demo: true, clock: fakeClock(DEMO_DAY) });
    try {
      const outcome = await reopened.run(asConsole(ALEX), { kind: 'text', text: 'audit verify' });
      return { ok: outcome.result.ok, text: renderText(outcome.reply.view).text };
    } finally {
      await reopened.close();
    }
  }

  it('holds untouched: one event per line, as JSON.stringify writes it', async () => {
    const { app, lines, events } = await changedStore();
    try {
      expect(lines).toEqual(events.map((e) => JSON.stringify(e)));
      expect(events.map((e) => e.action)).toEqual([
        'role.change',
        'role.change',
        'member.invite',
        'security-contact.clear',
      ]);
      expect((await verifyOnDisk(app.file)).text).toContain('The audit chain holds: *4 events* verified.');
    } finally {
      await app.cleanup();
    }
  });

  it("one letter changed in an event's target is reported as broken at that event", async () => {
    const { app, lines, events, write } = await changedStore();
    try {
      const victim = events[1];
      if (!victim) throw new Error('no second event');
      expect(victim.target).toBe('johannal@example.com');
      victim.target = 'johannax@example.com';
      await write(events);
      const edited = (await readFile(auditPathOf(app.file), 'utf8')).trimEnd().split('\n');
      expect(edited.join('\n').length).toBe(lines.join('\n').length);
      const r = await verifyOnDisk(app.file);
      expect(r.ok).toBe(true);
      expect(r.text).toContain(
        `The audit chain is *broken* at event #${victim.seq} (its content was changed).`,
      );
    } finally {
      await app.cleanup();
    }
  });

  it('an event removed from the middle is reported as a broken link at the event after it', async () => {
    const { app, events, write } = await changedStore();
    try {
      const [removed] = events.splice(2, 1);
      const next = events[2];
      if (!removed || !next) throw new Error('expected four events');
      await write(events);
      const r = await verifyOnDisk(app.file);
      expect(r.text).toContain(`broken* at event #${next.seq} (an event before it was changed or removed)`);
    } finally {
      await app.cleanup();
    }
  });

  it('an event removed and the next one relinked is still found: the hash covers the previous hash', async () => {
    const { app, events, write } = await changedStore();
    try {
      const [removed] = events.splice(1, 1);
      const next = events[1];
      if (!removed || !next) throw new Error('expected four events');
      // Relinked so the links check out; only a hash over prevHash can tell.
      next.prevHash = removed.prevHash;
      await write(events);
      const r = await verifyOnDisk(app.file);
      expect(r.text).toContain(`broken* at event #${next.seq} (its content was changed)`);
    } finally {
      await app.cleanup();
    }
  });

  it('an edited hash (to hide an edit) breaks the link of the next event', async () => {
    const { app, events, write } = await changedStore();
    try {
      const victim = events[0];
      const next = events[1];
      if (!victim || !next) throw new Error('expected events');
      victim.target = 'someone@example.com';
      victim.hash = hashEvent(victim);
      await write(events);
      expect((await verifyOnDisk(app.file)).text).toContain(
        `broken* at event #${next.seq} (an event before it was changed or removed)`,
      );
    } finally {
      await app.cleanup();
    }
  });

  it('the last event removed is found: the company holds the head of its chain', async () => {
    const { app, events, write } = await changedStore();
    try {
      const last = events.pop();
      if (!last) throw new Error('expected events');
      await write(events);
      expect((await verifyOnDisk(app.file)).text).toContain(
        `broken* at event #${last.seq} (the trail ends before the last event the company recorded`,
      );
    } finally {
      await app.cleanup();
    }
  });
});

describe('chains of two companies', () => {
  it('are independent: interleaved events link within their company, and an edit breaks only its own', () => {
    const c = chains();
    const c1 = c.append(entry('contoso', 'a@example.com'));
    const f1 = c.append(entry('fabrikam', 'x@example.com'));
    const c2 = c.append(entry('contoso', 'b@example.com'));
    const f2 = c.append(entry('fabrikam', 'y@example.com'));
    expect(c.log.map((e) => e.seq)).toEqual([1, 1, 2, 2]);
    expect(f1.prevHash).toBe('');
    expect(c2.prevHash).toBe(c1.hash);
    expect(f2.prevHash).toBe(f1.hash);
    expect(verifyChain(c.of('contoso'), c.head('contoso'))).toEqual({ ok: true, events: 2 });
    expect(verifyChain(c.of('fabrikam'), c.head('fabrikam'))).toEqual({ ok: true, events: 2 });

    f1.target = 'z@example.com';
    expect(verifyChain(c.of('fabrikam'), c.head('fabrikam'))).toEqual({
      ok: false,
      events: 1,
      brokenAt: 1,
      reason: 'hash-mismatch',
    });
    expect(verifyChain(c.of('contoso'), c.head('contoso'))).toEqual({ ok: true, events: 2 });
  });

  it('an event moved to another company breaks both chains', () => {
    const c = chains();
    c.append(entry('contoso', 'a@example.com'));
    const moved = c.append(entry('contoso', 'b@example.com'));
    c.append(entry('fabrikam', 'x@example.com'));
    moved.companyId = 'fabrikam';
    expect(verifyChain(c.of('contoso'), c.head('contoso'))).toMatchObject({
      ok: false,
      reason: 'missing-events',
    });
    expect(verifyChain(c.of('fabrikam'), c.head('fabrikam'))).toMatchObject({ ok: false });
  });

  it('events after the head that no transaction wrote are found', () => {
    const c = chains();
    c.append(entry('contoso', 'a@example.com'));
    const head = c.head('contoso');
    c.append(entry('contoso', 'b@example.com'));
    expect(verifyChain(c.of('contoso'), head)).toMatchObject({ ok: false, reason: 'extra-events' });
  });
});

describe('canonicalJson', () => {
  it('does not depend on key order, at any depth', () => {
    const a = { b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'x' } };
    const b = { a: { c: 'x', d: [1, { x: 1, y: 2 }] }, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"c":"x","d":[1,{"x":1,"y":2}]},"b":1}');
  });

  it('keeps array order, drops undefined properties and writes undefined as null', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson('a"b')).toBe('"a\\"b"');
  });

  it('so an event hashes the same whatever order its keys are stored in', () => {
    const e = chains().append(entry('contoso', 'a@example.com'));
    const reordered = Object.fromEntries(Object.entries(e).reverse()) as typeof e;
    reordered.after = { roles: { 'prod-eu': 'member' } };
    expect(hashEvent(reordered)).toBe(e.hash);
  });
});

// The hash-chained audit trail: it holds after real changes, and an edited or removed event is found.
import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { openApp } from '../../src/app/app.ts';
import { fakeClock } from '../../src/app/clock.ts';
import {
  type AuditEntry,
  appendAudit,
  canonicalJson,
  hashEvent,
  verifyChain,
} from '../../src/domain/audit.ts';
import { emptyStoreData, type StoreData } from '../../src/domain/schemas.ts';
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
    expect(verifyChain(data.audit, 'contoso')).toEqual({ ok: true, events: 4 });
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

describe('tampering with the file on disk', () => {
  /** Makes the changes on a real file, closes it, and returns the file's text and data. */
  async function changedFile() {
    const app = await fileApp();
    for (const line of CHANGES) expect((await app.say(ALEX, line)).ok, line).toBe(true);
    await app.close();
    const text = await readFile(app.file, 'utf8');
    return { app, text, data: JSON.parse(text) as StoreData };
  }

  /** Reopens the store file and asks `audit verify` as alexw. */
  async function verifyOnDisk(file: string) {
    const reopened = await openApp({ dataFile: file, demo: true, clock: fakeClock(DEMO_DAY) });
    try {
      const outcome = await reopened.run(asConsole(ALEX), { kind: 'text', text: 'audit verify' });
      return { ok: outcome.result.ok, text: renderText(outcome.reply.view).text };
    } finally {
      await reopened.close();
    }
  }

  it('the file is written as JSON.stringify(data, null, 2), so an edit below touches one byte', async () => {
    const { app, text, data } = await changedFile();
    try {
      expect(`${JSON.stringify(data, null, 2)}\n`).toBe(text);
      expect((await verifyOnDisk(app.file)).text).toContain('The audit chain holds: *4 events* verified.');
    } finally {
      await app.cleanup();
    }
  });

  it("one letter changed in an event's target is reported as broken at that event", async () => {
    const { app, text, data } = await changedFile();
    try {
      const victim = data.audit[1];
      if (!victim) throw new Error('no second event');
      expect(victim.target).toBe('johannal@example.com');
      victim.target = 'johannax@example.com';
      const edited = `${JSON.stringify(data, null, 2)}\n`;
      const a = Buffer.from(text);
      const b = Buffer.from(edited);
      expect(b.length).toBe(a.length);
      expect([...a].filter((byte, i) => byte !== b[i])).toHaveLength(1);
      await writeFile(app.file, edited);

      expect(verifyChain(data.audit, 'contoso')).toEqual({
        ok: false,
        events: 2,
        brokenAt: victim.seq,
        reason: 'hash-mismatch',
      });
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
    const { app, data } = await changedFile();
    try {
      const [removed] = data.audit.splice(2, 1);
      const next = data.audit[2];
      if (!removed || !next) throw new Error('expected four events');
      await writeFile(app.file, `${JSON.stringify(data, null, 2)}\n`);

      expect(verifyChain(data.audit, 'contoso')).toEqual({
        ok: false,
        events: 3,
        brokenAt: next.seq,
        reason: 'broken-link',
      });
      const r = await verifyOnDisk(app.file);
      expect(r.text).toContain(`broken* at event #${next.seq} (an event before it was changed or removed)`);
    } finally {
      await app.cleanup();
    }
  });

  it('an edited hash (to hide an edit) breaks the link of the next event', async () => {
    const { app, data } = await changedFile();
    try {
      const victim = data.audit[0];
      const next = data.audit[1];
      if (!victim || !next) throw new Error('expected events');
      victim.target = 'someone@example.com';
      victim.hash = hashEvent(victim);
      await writeFile(app.file, `${JSON.stringify(data, null, 2)}\n`);
      expect(verifyChain(data.audit, 'contoso')).toMatchObject({
        ok: false,
        brokenAt: next.seq,
        reason: 'broken-link',
      });
      expect((await verifyOnDisk(app.file)).text).toContain(`#${next.seq}`);
    } finally {
      await app.cleanup();
    }
  });
});

describe('chains of two companies', () => {
  it('are independent: interleaved events link within their company, and an edit breaks only its own', () => {
    const draft = emptyStoreData();
    appendAudit(draft, entry('contoso', 'a@example.com'));
    const f1 = appendAudit(draft, entry('fabrikam', 'x@example.com'));
    const c2 = appendAudit(draft, entry('contoso', 'b@example.com'));
    const f2 = appendAudit(draft, entry('fabrikam', 'y@example.com'));
    expect(draft.audit.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(f1.prevHash).toBe('');
    expect(c2.prevHash).toBe(draft.audit[0]?.hash);
    expect(f2.prevHash).toBe(f1.hash);
    expect(verifyChain(draft.audit, 'contoso')).toEqual({ ok: true, events: 2 });
    expect(verifyChain(draft.audit, 'fabrikam')).toEqual({ ok: true, events: 2 });

    f1.target = 'z@example.com';
    expect(verifyChain(draft.audit, 'fabrikam')).toEqual({
      ok: false,
      events: 1,
      brokenAt: 2,
      reason: 'hash-mismatch',
    });
    expect(verifyChain(draft.audit, 'contoso')).toEqual({ ok: true, events: 2 });

    // Removing a whole company's events leaves the other's chain whole.
    const onlyContoso = draft.audit.filter((e) => e.companyId === 'contoso');
    expect(verifyChain(onlyContoso, 'contoso')).toEqual({ ok: true, events: 2 });
  });

  it('an event moved to another company breaks both chains', () => {
    const draft = emptyStoreData();
    appendAudit(draft, entry('contoso', 'a@example.com'));
    const moved = appendAudit(draft, entry('contoso', 'b@example.com'));
    appendAudit(draft, entry('fabrikam', 'x@example.com'));
    moved.companyId = 'fabrikam';
    expect(verifyChain(draft.audit, 'contoso')).toEqual({ ok: true, events: 1 });
    expect(verifyChain(draft.audit, 'fabrikam')).toMatchObject({ ok: false, brokenAt: moved.seq });
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
    const draft = emptyStoreData();
    const e = appendAudit(draft, entry('contoso', 'a@example.com'));
    const reordered = Object.fromEntries(Object.entries(e).reverse()) as typeof e;
    reordered.after = { roles: { 'prod-eu': 'member' } };
    expect(hashEvent(reordered)).toBe(e.hash);
  });
});

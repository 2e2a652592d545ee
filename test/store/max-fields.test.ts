// One schema, checked before every durable write (issue 9): every field of every persisted shape at its
// maximum is written and reads back; one character more is refused before anything is written.

import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type AccessRequest,
  type Company,
  type ConversationRef,
  GRANT_SOURCE_MAX,
  type OutboxItem,
  type StoreData,
  WAS_MAX,
} from '../../src/domain/schemas.ts';
import { markSeen } from '../../src/domain/seen.ts';
import { InvalidChangeError } from '../../src/store/errors.ts';
import { openJsonFileStore } from '../../src/store/json-file-store.ts';
import { commit, type Store, type Tx } from '../../src/store/store.ts';
import { dataWithAudit } from '../fakes/app.ts';

const AT = '2026-11-28T12:00:00.000Z';
/** The longest email the schema takes: 254 characters. */
const email = (c: string) => `${c.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`;
const slug = (c: string) => `${c}${'x'.repeat(39)}`;
const text = (n: number, c = 'T') => c.repeat(n);
const long = (c: string) => c.repeat(200);
const INFRAS = ['p', 'q', 'r'].map(slug);

const conversation = (): ConversationRef => ({
  platform: 'teams',
  serviceUrl: `https://${'s'.repeat(60)}.example.com/${'u'.repeat(200)}`,
  tenantId: long('t'),
  conversationId: long('c'),
  botId: long('b'),
  scope: 'personal',
});

function maxRequest(i: number): AccessRequest {
  return {
    id: `AR-${999_999_990 + i}`,
    requester: email('r'),
    kind: 'infra-admin',
    infra: INFRAS[0],
    reason: text(500, 'R'),
    forMs: Number.MAX_SAFE_INTEGER,
    was: text(WAS_MAX, 'W'),
    status: 'denied',
    createdAt: AT,
    expiresAt: AT,
    approvals: ['1', '2', '3', '4', '5'].map((c) => ({ by: email(c), at: AT, chat: 'teams' as const })),
    required: 5,
    decision: { by: email('d'), at: AT, chat: 'slack', reason: text(500, 'D') },
    messages: [
      { platform: 'slack', channel: long('C'), ts: long('9') },
      { platform: 'teams', conversation: conversation(), activityId: long('a') },
    ],
    reminders: 1_000,
    nextReminderAt: AT,
  };
}

function maxCompany(): Company {
  return {
    id: slug('m'),
    name: text(100, 'N'),
    slackTeamIds: [long('T')],
    teamsTenantIds: [long('t')],
    subscriptions: [
      {
        id: slug('s'),
        edition: 'Enterprise',
        infrastructures: INFRAS.map((id) => ({
          id,
          name: text(100, 'I'),
          hosting: 'hybrid' as const,
          slotLimit: 1000,
          slots: [{ env: slug('e'), registeredAt: AT, registeredBy: email('s') }],
          licenseExpiresOn: '2099-12-31',
        })),
      },
    ],
    members: ['a', 'e', 'f'].map((c, i) => ({
      email: email(c),
      name: text(100, 'M'),
      status: i === 0 ? ('active' as const) : ('pending' as const),
      companyAdmin: true,
      roles: Object.fromEntries(INFRAS.map((id) => [id, 'admin' as const])),
      security: { phone: '+123456789012345' },
      identities: [
        { platform: 'slack' as const, teamId: long('T'), userId: long('U'), linkedBy: email('l') },
        { platform: 'teams' as const, tenantId: long('t'), aadObjectId: long('o'), linkedBy: email('l') },
      ],
      invitation: {
        invitedBy: email('i'),
        invitedAt: AT,
        expiresAt: AT,
        lifetime: { username: email(c), infrastructures: INFRAS },
      },
      joinedAt: AT,
    })),
    contacts: [{ email: email('k'), name: text(100, 'K'), caseIds: ['CS-999999999'] }],
    cases: [
      {
        id: 'CS-999999999',
        infra: INFRAS[1] ?? '',
        title: text(200, 'C'),
        openedBy: email('o'),
        openedAt: AT,
        status: 'awaiting-approval',
        approvedBy: email('p'),
        cc: [email('q'), email('r')],
      },
    ],
    nextCaseNumber: Number.MAX_SAFE_INTEGER,
    requests: [maxRequest(0), maxRequest(1)],
    nextRequestNumber: Number.MAX_SAFE_INTEGER,
    grants: [
      {
        email: email('a'),
        kind: 'infra-admin',
        infra: INFRAS[2],
        until: AT,
        previous: 'member',
        warned: true,
        source: text(GRANT_SOURCE_MAX, 'S'),
        forMs: Number.MAX_SAFE_INTEGER,
      },
    ],
    reviews: [
      {
        id: 'RV-999999999',
        scope: { kind: 'infra', infra: INFRAS[0] ?? '' },
        startedBy: email('a'),
        startedAt: AT,
        dueAt: AT,
        status: 'closed',
        closedAt: AT,
        cards: [
          {
            reviewer: email('b'),
            page: Number.MAX_SAFE_INTEGER,
            ref: { platform: 'slack', channel: long('C'), ts: long('9') },
          },
          {
            reviewer: email('c'),
            page: 1,
            ref: { platform: 'teams', conversation: conversation(), activityId: long('a') },
          },
        ],
        version: Number.MAX_SAFE_INTEGER,
        reminders: Number.MAX_SAFE_INTEGER,
        nextReminderAt: AT,
      },
    ],
    reviewItems: [
      {
        review: 'RV-999999999',
        n: Number.MAX_SAFE_INTEGER,
        email: email('a'),
        role: { kind: 'infra', infra: INFRAS[0] ?? '', role: 'admin' },
        reviewers: [email('b'), email('c')],
        escalated: true,
        decision: 'remove',
        decidedBy: email('b'),
        decidedAt: AT,
        note: text(300, 'n'),
      },
    ],
    nextReviewNumber: Number.MAX_SAFE_INTEGER,
    settings: {
      approvalsChannel: { slack: long('c'), teams: long('t') },
      infraApprovalsChannels: Object.fromEntries(
        INFRAS.map((id) => [id, { slack: long('c'), teams: long('t') }]),
      ),
      requestTtlHours: 336,
      companyAdminApprovals: 5,
      reminderMinutes: Array.from({ length: 10 }, () => Number.MAX_SAFE_INTEGER),
      channelSetters: { [`teams:${long('t')}`]: { by: email('s'), seq: Number.MAX_SAFE_INTEGER } },
      reviewRevokeUndecided: true,
    },
    noticesSent: { [`license:${INFRAS[0]}:2099-12-31:30`]: AT },
    lastChanges: {
      [email('u')]: {
        seq: Number.MAX_SAFE_INTEGER,
        at: AT,
        command: text(60, 'c'),
        action: text(100, 'a'),
        target: text(300, 't'),
        infra: INFRAS[0],
        events: Number.MAX_SAFE_INTEGER,
        before: { roles: { [INFRAS[0] ?? 'p']: 'member' } },
        after: null,
      },
    },
    auditHead: { seq: 0, hash: '', count: 0 },
  };
}

function maxOutbox(companyId: string): OutboxItem {
  return {
    id: long('i'),
    companyId,
    key: text(300, 'k'),
    to: { kind: 'message', ref: { platform: 'teams', conversation: conversation(), activityId: long('a') } },
    op: 'update',
    content: {
      kind: 'view',
      view: { audience: 'caller', blocks: [{ kind: 'text', text: [{ kind: 'plain', text: long('v') }] }] },
    },
    reason: text(300, 'r'),
    status: 'failed',
    attempts: Number.MAX_SAFE_INTEGER,
    nextAttemptAt: AT,
    createdAt: AT,
    lastError: text(300, 'e'),
    deliveredAt: AT,
    deliveredVia: 'teams',
  };
}

/** Everything at once: a company, a message, a conversation, a request key, and an audit event. */
const writeAll = (c: Company) => (d: StoreData, tx: Tx) => {
  d.companies.push(c);
  d.outbox.push(maxOutbox(c.id));
  d.conversations.push({ companyId: c.id, memberEmail: email('a'), ref: conversation(), updatedAt: AT });
  markSeen(d.seen, text(300, 'z'), AT);
  tx.audit({
    companyId: c.id,
    at: AT,
    actor: email('a'),
    chat: 'teams',
    action: text(300, 'x'),
    target: email('t'),
    infra: INFRAS[0],
    before: maxCompany().members[0],
    after: maxRequest(0),
  });
  return commit(null);
};

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'max-'));
  file = join(dir, 'db.json');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function contents(store: Store) {
  return dataWithAudit(store);
}

describe('every field of every persisted shape at its maximum', () => {
  it('is written, and reads back the same from the journal and from a snapshot', async () => {
    const store = await openJsonFileStore({ file });
    await store.transaction(writeAll(maxCompany()));
    const written = await contents(store);
    // A copy as a crash would leave it: the change is in the journal only.
    const crashed = await mkdtemp(join(tmpdir(), 'max-crashed-'));
    for (const f of await readdir(dir)) if (!f.endsWith('.lock')) await cp(join(dir, f), join(crashed, f));
    await store.close();

    const fromSnapshot = await openJsonFileStore({ file });
    expect(await contents(fromSnapshot)).toEqual(written);
    expect(await fromSnapshot.audit.verify(slug('m'))).toEqual({ ok: true, events: 1 });
    await fromSnapshot.close();

    const fromJournal = await openJsonFileStore({ file: join(crashed, 'db.json') });
    try {
      expect(await contents(fromJournal)).toEqual(written);
    } finally {
      await fromJournal.close();
      await rm(crashed, { recursive: true, force: true });
    }
  });

  const overs: Array<{ name: string; field: string; change: (c: Company) => void }> = [
    {
      name: "a grant's source",
      field: `companies[${slug('m')}].grants`,
      change: (c) => {
        const g = c.grants[0];
        if (g) g.source = text(GRANT_SOURCE_MAX + 1);
      },
    },
    {
      name: "a request's was",
      field: `companies[${slug('m')}].requests[AR-999999990].was`,
      change: (c) => {
        const r = c.requests[0];
        if (r) r.was = text(WAS_MAX + 1);
      },
    },
    {
      name: "a review item's note",
      field: `companies[${slug('m')}].reviewItems[RV-999999999#${Number.MAX_SAFE_INTEGER}].note`,
      change: (c) => {
        const item = c.reviewItems[0];
        if (item) item.note = text(301);
      },
    },
    {
      name: "a member's name",
      field: `companies[${slug('m')}].members[${email('a')}].name`,
      change: (c) => {
        const m = c.members[0];
        if (m) m.name = text(101);
      },
    },
  ];
  for (const o of overs) {
    it(`one character more in ${o.name} is refused, naming the field, and nothing is written`, async () => {
      const store = await openJsonFileStore({ file });
      await store.transaction(writeAll(maxCompany()));
      const before = await contents(store);
      const files = await readdir(dir);
      const error = await store
        .transaction((d) => {
          const c = d.companies[0];
          if (c) o.change(c);
          return commit(null);
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidChangeError);
      expect((error as InvalidChangeError).field.startsWith(o.field)).toBe(true);
      expect((error as Error).message).toMatch(/Nothing was changed/);
      expect(await contents(store)).toEqual(before);
      expect(await readdir(dir)).toEqual(files);
      await store.close();
      const again = await openJsonFileStore({ file });
      expect(await contents(again)).toEqual(before);
      await again.close();
    });
  }
});

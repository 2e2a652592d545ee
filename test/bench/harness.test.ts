// The bench's own parts: the company it generates is valid, its changes are real, its requests are what Slack
// sends, the answers it accepts are the bot's, and the report judges each target by its threshold.
import { describe, expect, it } from 'vitest';
import { parseSlackBody, verifySignature } from '../../adapters/slack/receiver.ts';
import { renderBlocks } from '../../adapters/slack/render/blocks.ts';
import type { BurstResult } from '../../bench/burst.ts';
import { SIGNING_SECRET, type Stats, signedSlash, stats } from '../../bench/client.ts';
import {
  ACTOR,
  benchCompany,
  freeInfra,
  historyEntry,
  INFRAS,
  infraId,
  memberEmail,
  SLACK_TEAM,
} from '../../bench/company.ts';
import { targets } from '../../bench/report.ts';
import type { DatasetResult } from '../../bench/scenario.ts';
import { type Ask, asks, grantPairs, TOGGLED, toggle } from '../../bench/workload.ts';
import { appOver } from '../../src/app/app.ts';
import { silentSecurityLog } from '../../src/app/security-log.ts';
import { chainAudit, verifyChain } from '../../src/domain/audit.ts';
import { type AuditEvent, emptyAuditHead, emptyStoreData } from '../../src/domain/schemas.ts';
import { createMemoryStore } from '../fakes/memory-store.ts';

const today = new Date('2026-11-28T12:00:00Z');

describe('the generated company', () => {
  it.each([100, 1_000])(
    'with %i members passes the import checks, one Infra Admin per infrastructure',
    (n) => {
      const c = benchCompany(n, today);
      expect(c.members).toHaveLength(n);
      const infras = c.subscriptions.flatMap((s) => s.infrastructures.map((i) => i.id));
      expect(new Set(infras).size).toBe(INFRAS);
      for (const id of infras)
        expect(c.members.filter((m) => m.status === 'active' && m.roles[id] === 'admin')).toHaveLength(1);
      const actor = c.members.at(-1);
      expect(actor).toMatchObject({ email: ACTOR.email, companyAdmin: true, status: 'active' });
      expect(actor?.identities).toEqual([{ platform: 'slack', teamId: SLACK_TEAM, userId: ACTOR.userId }]);
    },
  );

  it('its history, chained as tx.audit chains it, is one chain that verifies', () => {
    const events: AuditEvent[] = [];
    let head = emptyAuditHead();
    for (let n = 0; n < 300; n++) {
      const next = chainAudit(head, historyEntry(n, 300, 100, today));
      events.push(next.event);
      head = next.head;
    }
    expect(verifyChain(events, head)).toEqual({ ok: true, events: 300 });
    const times = events.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.max(...times)).toBeLessThanOrEqual(today.getTime());
  });

  it('every burst grant is a different change to an active member who holds nothing there', () => {
    const c = benchCompany(100, today);
    const pairs = grantPairs(100, 2_000);
    expect(pairs).toHaveLength(2_000);
    expect(new Set(pairs.map((p) => p.join(' '))).size).toBe(pairs.length);
    for (const [email, infra] of pairs) {
      const m = c.members.find((x) => x.email === email);
      expect(m?.status).toBe('active');
      expect(m?.roles[infra]).toBeUndefined();
      expect(email).not.toBe(memberEmail(TOGGLED));
    }
    // The writers' first fifty requests go to fifty different people.
    expect(new Set(pairs.slice(0, 50).map(([email]) => email)).size).toBe(50);
  });
});

describe('the requests and answers', () => {
  it('a signed slash command is what the bot verifies, and reads as /portal with its text', () => {
    const now = 1_800_000_000;
    const { body, headers } = signedSlash('who admins infra-03', 'http://127.0.0.1:1/respond/1', now);
    const h = { timestamp: headers['x-slack-request-timestamp'], signature: headers['x-slack-signature'] };
    expect(verifySignature(SIGNING_SECRET, h, body, now)).toEqual({ ok: true });
    expect(verifySignature(SIGNING_SECRET, h, body.replace('infra-03', 'infra-04'), now).ok).toBe(false);
    expect(parseSlackBody(body, headers['content-type'])).toMatchObject({
      command: '/portal',
      text: 'who admins infra-03',
      team_id: SLACK_TEAM,
      user_id: ACTOR.userId,
      response_url: 'http://127.0.0.1:1/respond/1',
    });
  });

  it("accepts the bot's answers and refuses the wrong ones", async () => {
    const data = emptyStoreData();
    data.companies.push(benchCompany(100, today));
    const app = appOver(createMemoryStore(data), { securityLog: silentSecurityLog });
    const me = { chat: 'slack' as const, teamId: SLACK_TEAM, userId: ACTOR.userId, email: ACTOR.email };
    const answer = async (a: Ask) =>
      renderBlocks((await app.handle(me, { kind: 'text', text: a.text })).view, { surface: 'message' }).text;
    const [email, infra] = grantPairs(100, 1)[0] ?? ['', ''];
    for (const a of [asks.whoami(), asks.whoAdmins(7), asks.teamPage(100), toggle(0), toggle(1)])
      expect(await answer(a)).toMatch(a.expect);
    const granted = await answer(asks.grant(email, infra));
    expect(granted).toMatch(asks.grant(email, infra).expect);
    // The same grant again changes nothing, and is not counted as a change.
    expect(await answer(asks.grant(email, infra))).not.toMatch(asks.grant(email, infra).expect);
    expect(granted).not.toMatch(asks.revoke(email, infra).expect);
    expect(await answer(asks.whoAdmins(7))).not.toMatch(asks.whoAdmins(8).expect);
    expect(await answer(asks.teamPage(100))).not.toMatch(asks.teamPage(10_000).expect);
    expect(freeInfra(TOGGLED)).not.toBe(infraId(TOGGLED));
  });
});

describe('the report', () => {
  const s = (median: number, p95 = median): Stats => ({ n: 10, median, p95 });
  const burst = (perSecond: number, lost = 0): BurstResult => ({
    perSecond,
    acknowledged: 40,
    lost: Array.from({ length: lost }, () => ['a@b.example', 'infra-01'] as [string, string]),
    errors: [],
    restartMs: 100,
    peakMb: 150,
  });
  const result = (members: number, over: Partial<DatasetResult> = {}): DatasetResult => ({
    dataset: { label: `m${members}`, members, history: members === 100 ? 0 : 100_000 },
    bare: s(10),
    whoami: s(12),
    whoAdmins: s(13),
    team: s(5),
    change: s(10),
    coldBot: s(1400),
    coldBare: s(1000),
    rssMb: 150,
    peakMb: 180,
    storeBytes: 1,
    burst: burst(250),
    ...over,
  });
  const verdicts = (large: Partial<DatasetResult>) =>
    Object.fromEntries(
      targets({ store: 'JSON file', results: [result(100), result(10_000, large)], problems: [] }).map(
        (t) => [t.name, t.met],
      ),
    );

  it('meets every target at the thresholds themselves', () => {
    const v = verdicts({ whoAdmins: s(13), team: s(10), change: s(20), coldBot: s(1500), rssMb: 199 });
    expect(Object.values(v)).toHaveLength(11);
    expect(Object.values(v).every(Boolean)).toBe(true);
  });

  it.each([
    ['`who admins` at 10,000 members at most 1.3x bare Bolt (median and p95)', { whoAdmins: s(13.1, 12) }],
    ['`whoami` at 10,000 members at most 1.3x bare Bolt (median and p95)', { whoami: s(12, 13.1) }],
    ['a `team` page at 10,000 members at most 2x one at 100', { team: s(10.1) }],
    [
      'one change at 10,000 members + 100,000 events at most 2x one at 100 members with none',
      { change: s(20.1) },
    ],
    ['at least 200 changes/s with 50 concurrent writers at 10,000 members', { burst: burst(199.9) }],
    ['resident memory under 200 MB at 10,000 members + 100,000 events', { rssMb: 200 }],
    ['cold start at 10,000 members + 100,000 events at most 1.5x bare Bolt', { coldBot: s(1501) }],
    ['nothing acknowledged lost on kill -9 at 10,000 + 100,000 events', { burst: burst(250, 1) }],
  ] as const)('just past the threshold: %s is not met', (name, over) => {
    const v = verdicts(over);
    expect(v[name]).toBe(false);
    expect(Object.values(v).filter((met) => !met)).toHaveLength(1);
  });

  it('a size that could not be measured is a target not met', () => {
    const ts = targets({
      store: 'JSON file',
      results: [result(100)],
      problems: ['10000 members: it crashed'],
    });
    expect(ts.find((t) => t.name === 'all sizes measured')).toMatchObject({
      met: false,
      value: '10000 members: it crashed',
    });
  });

  it('takes the median and the 95th percentile by rank', () => {
    const ms = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(stats(ms)).toEqual({ n: 100, median: 50, p95: 95 });
    expect(stats([3])).toEqual({ n: 1, median: 3, p95: 3 });
  });
});

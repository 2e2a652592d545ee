// What time does on its own: requests expire and remind, time-bound roles warn and end, licenses warn at thresholds,
// access reviews remind and close, invitations remind their inviter a day before they lapse.

import { original } from 'immer';
import { allInfras, findMember } from '../domain/company.ts';
import { daysUntil, formatDuration } from '../domain/durations.ts';
import type { Company, StoreData } from '../domain/schemas.ts';
import { forgetSeen, seenEntries } from '../domain/seen.ts';
import type { Tx } from '../store/store.ts';
import { strong, textBlock, timeAt, view } from '../views/view.ts';
import { expireGrant, targetName } from './grants.ts';
import { invitationLapses } from './invitation-lapse.ts';
import { queueNotice } from './notices.ts';
import { enqueue, pruneOutbox } from './outbox.ts';
import { afterStateChange, eligibleApprovers } from './requests.ts';
import { reviewsDue } from './review-schedule.ts';

export const LICENSE_THRESHOLDS = [30, 14, 7, 1] as const;
const HOUR = 3_600_000;

/** Runs everything due at `now` inside one transaction; returns how many things changed. */
export function tick(draft: StoreData, tx: Tx, now: Date): number {
  let changes = 0;
  const at = now.toISOString();
  for (const c of draft.companies) {
    const audit = (e: {
      action: string;
      target: string;
      infra?: string;
      before: unknown;
      after: unknown;
    }) => {
      changes++;
      tx.audit({ ...e, companyId: c.id, at, actor: 'system', chat: 'system' });
    };
    // Roles end before reminders go out: a reminder must not offer Approve to someone whose role just ended.
    changes += grants(draft, c, now, audit);
    changes += requests(draft, c, now, audit);
    changes += licenses(draft, c, now);
    changes += reviewsDue(draft, tx, c, now);
    changes += invitationLapses(draft, c, now);
  }
  const before = draft.outbox.length;
  pruneOutbox(draft, now);
  return changes + (before - draft.outbox.length) + forgetExpiredKeys(draft, now);
}

type Audit = Parameters<typeof expireGrant>[2];

/** Request keys past their time are forgotten, so the store does not grow without end. */
function forgetExpiredKeys(draft: StoreData, now: Date): number {
  const at = now.toISOString();
  // Read on the base, not the draft: a pass that forgets nothing changes nothing.
  const expired = [...seenEntries(original(draft.seen) ?? {})].filter(([, until]) => until < at);
  for (const [k] of expired) forgetSeen(draft.seen, k);
  return expired.length;
}

/** A duration as `request --for` reads it back (at most four digits): "7d", not "10080m". */
function durationArg(ms: number): string {
  for (const [unit, size] of [
    ['w', 7 * 24 * HOUR],
    ['d', 24 * HOUR],
    ['h', HOUR],
  ] as const)
    if (ms % size === 0) return `${ms / size}${unit}`;
  return `${Math.max(1, Math.round(ms / 60_000))}m`;
}

function requests(draft: StoreData, c: Company, now: Date, audit: Audit): number {
  let n = 0;
  const at = now.toISOString();
  // Only the pending ones are drafted: decided requests stay as they are, however many there are.
  for (const r of c.requests.filter((x) => x.status === 'pending')) {
    if (r.expiresAt <= at) {
      r.status = 'expired';
      audit({
        action: 'request.expire',
        target: r.id,
        ...(r.infra ? { infra: r.infra } : {}),
        before: { status: 'pending' },
        after: { status: 'expired' },
      });
      for (const item of afterStateChange(c, r)) enqueue(draft, c.id, item, now);
      n++;
    } else if (r.nextReminderAt && r.nextReminderAt <= at) {
      r.reminders += 1;
      const waits = c.settings.reminderMinutes;
      r.nextReminderAt = new Date(
        now.getTime() + (waits[Math.min(r.reminders, waits.length - 1)] ?? 60) * 60_000,
      ).toISOString();
      const waiting = eligibleApprovers(c, r).filter((m) => !r.approvals.some((a) => a.by === m.email));
      for (const m of waiting)
        enqueue(
          draft,
          c.id,
          {
            key: `request:${r.id}:remind:${r.reminders}:${m.email}`,
            to: { kind: 'member', email: m.email },
            content: { kind: 'request', requestId: r.id },
            reason: `reminder: ${r.id} waits for you`,
          },
          now,
        );
      n++;
    }
  }
  return n;
}

function grants(draft: StoreData, c: Company, now: Date, audit: Audit): number {
  let n = 0;
  const at = now.toISOString();
  for (const g of [...c.grants]) {
    if (g.until <= at) {
      const line = expireGrant(c, g, audit);
      if (line)
        enqueue(
          draft,
          c.id,
          {
            key: `grant:${g.email}:${g.kind}:${g.infra ?? ''}:${g.until}:ended`,
            to: { kind: 'member', email: g.email },
            content: { kind: 'view', view: view([{ kind: 'text', text: line }]) },
            reason: 'your time-bound access ended',
          },
          now,
        );
      n++;
    } else if (!g.warned && new Date(g.until).getTime() - now.getTime() <= HOUR) {
      g.warned = true;
      const again = formatDuration(g.forMs ?? 8 * HOUR);
      const extend = {
        name: 'request',
        args: {
          kind: g.kind,
          ...(g.infra ? { infra: g.infra } : {}),
          reason: 'Extend time-bound access',
          for: durationArg(g.forMs ?? 8 * HOUR),
        },
      };
      enqueue(
        draft,
        c.id,
        {
          key: `grant:${g.email}:${g.kind}:${g.infra ?? ''}:${g.until}:warn`,
          to: { kind: 'member', email: g.email },
          content: {
            kind: 'view',
            view: view([
              textBlock(
                'Your time-bound ',
                strong(targetName(g.kind, g.infra)),
                ' ends at ',
                timeAt(g.until),
                '.',
              ),
              // Only an active member may file a request: an invitee is warned without the offer.
              // Nor is someone who already asked for it again: that request would be refused as a repeat.
              ...(findMember(c, g.email)?.status === 'active' &&
              !c.requests.some(
                (r) =>
                  r.status === 'pending' &&
                  r.requester === g.email &&
                  r.kind === g.kind &&
                  r.infra === g.infra,
              )
                ? [
                    {
                      kind: 'actions' as const,
                      actions: [
                        {
                          label: `Extend (ask for ${again} more)`,
                          command: extend,
                          style: 'primary' as const,
                        },
                      ],
                    },
                  ]
                : []),
            ]),
          },
          reason: 'your time-bound access ends within the hour',
        },
        now,
      );
      n++;
    }
  }
  return n;
}

/** At 30, 14, 7 and 1 days before and on expiry: once per threshold, only the most urgent one crossed. */
function licenses(draft: StoreData, c: Company, now: Date): number {
  let n = 0;
  for (const { infra } of allInfras(c)) {
    // Calendar days in UTC, as every date here reads: the server's own time zone must not move a threshold.
    const days = daysUntil(infra.licenseExpiresOn, now);
    const crossed = [...LICENSE_THRESHOLDS.filter((t) => days <= t), ...(days <= 0 ? [0] : [])];
    if (!crossed.length) continue;
    const key = (t: number) => `license:${infra.id}:${infra.licenseExpiresOn}:${t}`;
    const most = Math.min(...crossed);
    if (c.noticesSent[key(most)]) continue;
    for (const t of crossed) c.noticesSent[key(t)] = now.toISOString();
    queueNotice(
      draft,
      c,
      {
        type: 'license',
        infra: infra.id,
        expiresOn: infra.licenseExpiresOn,
        daysLeft: days <= 0 ? -1 : days,
      },
      key(most),
      now,
    );
    n++;
  }
  return n;
}

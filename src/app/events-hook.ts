// POST /hooks/events: notices from other systems, signed with HMAC-SHA256 over "timestamp.body"; replays refused.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { SlugSchema } from '../domain/schemas.ts';
import { markSeen, seenUntil } from '../domain/seen.ts';
import { commit, rollback } from '../store/store.ts';
import { NoticeEventSchema, queueNotice } from '../workflow/notices.ts';
import type { App } from './app.ts';
import { ONCE_TTL_MS } from './dispatch.ts';
import { readBody } from './read-body.ts';
import type { Route } from './server.ts';

export const MAX_SKEW_SECONDS = 300;
const MAX_BODY = 64 * 1024;

const HookSchema = z.object({
  id: z.string().min(1).max(100),
  company: SlugSchema,
  event: NoticeEventSchema.refine(
    (e) => e.type !== 'license',
    'license notices come from the license dates, not from events',
  ),
});

export const signHook = (secret: string, ts: number, body: string) =>
  `v1=${createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')}`;

function verify(
  secret: string,
  ts: string | undefined,
  sig: string | undefined,
  body: string,
  now: number,
): string | null {
  if (!ts || !/^\d{1,12}$/.test(ts)) return 'missing or malformed x-portal-timestamp';
  if (Math.abs(now - Number(ts)) > MAX_SKEW_SECONDS) return 'timestamp outside the five-minute window';
  const expected = Buffer.from(signHook(secret, Number(ts), body));
  const given = Buffer.from(sig ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad signature';
  return null;
}

const reply = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

export function eventsHook(app: App, secret: string, opts: { onQueued?: () => void } = {}): Route {
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') return reply(res, 405, { error: 'POST only' });
    const raw = await readBody(req, MAX_BODY);
    if (raw === null) return reply(res, 413, { error: 'body too large' });
    const header = (n: string) => [req.headers[n]].flat()[0];
    const now = app.clock.now();
    const problem = verify(
      secret,
      header('x-portal-timestamp'),
      header('x-portal-signature'),
      raw,
      Math.floor(now.getTime() / 1000),
    );
    if (problem) return reply(res, 401, { error: problem });
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return reply(res, 400, { error: 'the body is not JSON' });
    }
    const parsed = HookSchema.safeParse(json);
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      return reply(res, 400, { error: `${i?.path.join('.') || 'body'}: ${i?.message ?? 'invalid'}` });
    }
    const { id, company: companyId, event } = parsed.data;
    const key = `hook:${companyId}:${id}`;
    const outcome = await app.store.transaction<{ status: number; body: unknown }>((draft, tx) => {
      const c = draft.companies.find((x) => x.id === companyId);
      if (!c) return rollback({ status: 400, body: { error: `no company ${companyId}` } });
      if (seenUntil(draft.seen, key))
        return rollback({ status: 409, body: { error: `event ${id} was already received` } });
      const infras =
        event.type === 'maintenance' ? [event.infra] : event.type === 'disruptive' ? event.infras : [];
      const ids = c.subscriptions.flatMap((s) => s.infrastructures.map((i) => i.id));
      const unknown = infras.find((i) => !ids.includes(i));
      if (unknown)
        return rollback({ status: 400, body: { error: `no infrastructure ${unknown} in ${companyId}` } });
      const queued = queueNotice(draft, c, event, key, now);
      markSeen(draft.seen, key, new Date(now.getTime() + ONCE_TTL_MS).toISOString());
      tx.audit({
        companyId,
        at: now.toISOString(),
        actor: 'events hook',
        chat: 'system',
        action: `notice.${event.type}`,
        target: id,
        before: null,
        after: { event, queued },
      });
      return commit({ status: 202, body: { queued } });
    });
    if (outcome.status === 202) opts.onQueued?.();
    return reply(res, outcome.status, outcome.body);
  };
}

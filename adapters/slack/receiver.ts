// Slack's HTTP endpoint on our shared server: verify the signature first, then hand the payload to Bolt.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import { readBody } from '../../src/app/read-body.ts';
import { checkPayload } from './payloads.ts';

/** Slack's window: requests older, or further in the future, than five minutes are refused. */
export const MAX_SKEW_SECONDS = 300;
const MAX_BODY = 1024 * 1024;
/** Slack waits three seconds; answer before that even if a listener is slow to ack. */
const ACK_DEADLINE_MS = 2500;

export type Verification = { ok: true } | { ok: false; reason: string };

export function verifySignature(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  rawBody: string,
  nowSeconds: number,
): Verification {
  const { timestamp, signature } = headers;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp))
    return { ok: false, reason: 'missing or malformed timestamp' };
  if (Math.abs(nowSeconds - Number(timestamp)) > MAX_SKEW_SECONDS)
    return { ok: false, reason: 'timestamp outside the five-minute window' };
  if (!signature?.startsWith('v0=')) return { ok: false, reason: 'missing or unknown signature version' };
  const expected = Buffer.from(
    `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`,
  );
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'signature mismatch' };
  return { ok: true };
}

/** Form bodies (slash commands, interactions with `payload=`) or JSON (Events API). */
export function parseSlackBody(raw: string, contentType: string): Record<string, unknown> | null {
  try {
    if (contentType.includes('application/json')) {
      const v: unknown = JSON.parse(raw);
      return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
    }
    const form = Object.fromEntries(new URLSearchParams(raw));
    if (typeof form.payload === 'string') {
      const v: unknown = JSON.parse(form.payload);
      return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
    }
    return form;
  } catch {
    return null;
  }
}

export type Log = (event: string, detail?: Record<string, unknown>) => void;

export class SlackHttpReceiver implements Receiver {
  private app: App | undefined;

  constructor(private readonly opts: { signingSecret: string; nowSeconds?: () => number; log: Log }) {}

  init(app: App): void {
    this.app = app;
  }

  // The shared server owns the socket; there is nothing to start or stop here.
  start(): Promise<void> {
    return Promise.resolve();
  }
  stop(): Promise<void> {
    return Promise.resolve();
  }

  readonly handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') return end(res, 405);
    const raw = await readBody(req, MAX_BODY);
    if (raw === null) return end(res, 413);
    const now = this.opts.nowSeconds?.() ?? Math.floor(Date.now() / 1000);
    const header = (n: string) => {
      const v = req.headers[n];
      return Array.isArray(v) ? v[0] : v;
    };
    const verified = verifySignature(
      this.opts.signingSecret,
      { timestamp: header('x-slack-request-timestamp'), signature: header('x-slack-signature') },
      raw,
      now,
    );
    if (!verified.ok) {
      this.opts.log('slack-request-refused', { reason: verified.reason });
      return end(res, 401);
    }
    const body = parseSlackBody(raw, header('content-type') ?? '');
    if (!body) return end(res, 400);
    if (body.ssl_check === '1') return end(res, 200);
    if (body.type === 'url_verification') return json(res, { challenge: String(body.challenge ?? '') });
    if (!this.app) return end(res, 503);
    // Signed is not well-formed: a payload missing what Bolt and our listeners read is refused here.
    const shape = checkPayload(body);
    if (!shape.ok) {
      this.opts.log('slack-payload-refused', { reason: shape.problem });
      if (shape.status === 200) return end(res, 200);
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: shape.problem }));
      return;
    }

    let acked = false;
    const respond = (payload?: unknown) => {
      if (acked) return;
      acked = true;
      if (payload === undefined || payload === '') end(res, 200);
      else if (typeof payload === 'string') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(payload);
      } else json(res, payload);
    };
    const timer = setTimeout(() => respond(), ACK_DEADLINE_MS);
    const retry = header('x-slack-retry-num');
    const event: ReceiverEvent = {
      body,
      ack: async (payload?: unknown) => {
        respond(payload);
      },
      ...(retry && /^\d+$/.test(retry) ? { retryNum: Number(retry) } : {}),
      ...(header('x-slack-retry-reason') ? { retryReason: header('x-slack-retry-reason') as string } : {}),
    };
    try {
      await this.app.processEvent(event);
    } catch (e) {
      this.opts.log('slack-listener-failed', { error: String((e as Error)?.message ?? e) });
      if (!acked) {
        acked = true;
        end(res, 500);
      }
    } finally {
      clearTimeout(timer);
      respond();
    }
  };
}

function end(res: ServerResponse, status: number) {
  if (res.headersSent) return;
  res.writeHead(status);
  res.end();
}

function json(res: ServerResponse, body: unknown) {
  if (res.headersSent) return;
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

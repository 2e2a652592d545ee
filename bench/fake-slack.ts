// Slack's side, on this machine: a Web API (SLACK_API_URL) that knows the acting user, and the response_url receiver.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ACTOR, SLACK_TEAM } from './company.ts';

/** What reached a response_url, and when (performance.now(), once the whole body was in). */
export type Answer = { at: number; text: string };

export type FakeSlack = {
  /** SLACK_API_URL for the bot. */
  apiUrl: string;
  /** A fresh response_url; `answer` settles when something is posted to it. */
  responseUrl(): { url: string; answer: Promise<Answer> };
  /** Web API calls so far, by method. */
  calls: Map<string, number>;
  /** Rejects every answer still awaited (the bot was killed). */
  abandon(reason: string): void;
  close(): Promise<void>;
};

const readAll = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/** Longer than 50 queued changes take on today's JSON store at 10,000 members. */
const ANSWER_TIMEOUT_MS = 180_000;

let ts = 1_700_000_000;
const nextTs = () => `${++ts}.000100`;

/** Enough of the Web API for the bot: who the actor is (confirmed email), and delivery calls that succeed. */
function webApi(method: string, form: URLSearchParams): Record<string, unknown> {
  switch (method) {
    case 'auth.test':
      return { ok: true, user_id: 'UBENCHBOT', bot_id: 'BBENCHBOT', team_id: SLACK_TEAM, user: 'portal' };
    case 'users.info': {
      const user = form.get('user');
      if (user !== ACTOR.userId) return { ok: false, error: 'user_not_found' };
      return {
        ok: true,
        user: {
          id: ACTOR.userId,
          team_id: SLACK_TEAM,
          name: 'actor',
          real_name: ACTOR.name,
          deleted: false,
          is_bot: false,
          is_restricted: false,
          is_ultra_restricted: false,
          is_email_confirmed: true,
          profile: { email: ACTOR.email, real_name: ACTOR.name },
        },
      };
    }
    case 'users.lookupByEmail':
      return { ok: true, user: { id: `UL${(form.get('email') ?? '').length}`, team_id: SLACK_TEAM } };
    case 'conversations.open':
      return { ok: true, channel: { id: `D${form.get('users') ?? 'X'}` } };
    case 'chat.postMessage':
    case 'chat.postEphemeral':
    case 'chat.update':
      return { ok: true, channel: form.get('channel') ?? 'C0', ts: nextTs(), message_ts: nextTs() };
    default:
      return { ok: true };
  }
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const calls = new Map<string, number>();
  const waiting = new Map<string, { resolve: (a: Answer) => void; reject: (e: Error) => void }>();
  let next = 0;
  const server: Server = createServer((req, res) => {
    void readAll(req).then((body) => {
      const at = performance.now();
      const path = (req.url ?? '').split('?')[0] ?? '';
      if (path.startsWith('/respond/')) {
        const w = waiting.get(path.slice('/respond/'.length));
        waiting.delete(path.slice('/respond/'.length));
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        let text = '';
        try {
          text = String((JSON.parse(body) as { text?: unknown }).text ?? '');
        } catch {
          text = body;
        }
        w?.resolve({ at, text });
        return;
      }
      if (path.startsWith('/api/')) {
        const method = path.slice('/api/'.length);
        calls.set(method, (calls.get(method) ?? 0) + 1);
        const form = new URLSearchParams(body);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(webApi(method, form)));
        return;
      }
      res.writeHead(404).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiUrl: `${base}/api/`,
    calls,
    responseUrl() {
      const id = String(++next);
      const answer = new Promise<Answer>((resolve, reject) => {
        // A bot that acknowledges and never answers fails the measurement instead of hanging the run.
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`no answer reached response_url within ${ANSWER_TIMEOUT_MS / 1000} s`));
        }, ANSWER_TIMEOUT_MS);
        timer.unref();
        waiting.set(id, {
          resolve: (a) => {
            clearTimeout(timer);
            resolve(a);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
      });
      // Abandoned answers are observed by whoever awaits them; this keeps the others from going unhandled.
      answer.catch(() => undefined);
      return { url: `${base}/respond/${id}`, answer };
    },
    abandon(reason) {
      for (const w of waiting.values()) w.reject(new Error(reason));
      waiting.clear();
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

// The one HTTP server: liveness and readiness, then Slack (/slack/events), Teams (/api/messages) and the events hook.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Store } from '../store/store.ts';
import { currentRequest, errorText, withRequest } from './logger.ts';

export type Route = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export type Readiness = { ready: true } | { ready: false; reason: string };

export type ServerParts = {
  /** The route for a path; routes may appear after the server listens (the store opens after the port is bound). */
  route(path: string): Route | undefined;
  /** Whether this instance should get traffic now: store reachable, chats configured, not stopping. */
  readiness(): Promise<Readiness>;
  log?: Logger;
};

/** A request id a proxy sent along is kept when it looks like one; anything else gets a fresh id. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const PROBES = new Set(['/healthz', '/readyz']);

export function serve(parts: ServerParts): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : undefined;
    withRequest(requestId ? { requestId } : {}, () => {
      res.setHeader('x-request-id', currentRequest()?.requestId ?? '');
      const started = process.hrtime.bigint();
      res.on('finish', () => {
        // The path only: a query string could carry anything. Probes are frequent, so they log at debug.
        const ms = Number((process.hrtime.bigint() - started) / 1_000_000n);
        const line = { event: 'http', method: req.method, path, status: res.statusCode, ms };
        if (PROBES.has(path)) parts.log?.debug(line, 'http');
        else parts.log?.info(line, 'http');
      });
      handle(parts, path, req, res);
    });
  });
}

function handle(parts: ServerParts, path: string, req: IncomingMessage, res: ServerResponse) {
  if (req.method === 'GET' && path === '/healthz') {
    // Liveness only: the process answers. Nothing about companies or members.
    send(res, 200, { status: 'ok' });
    return;
  }
  if (req.method === 'GET' && path === '/readyz') {
    parts
      .readiness()
      .catch((e: unknown): Readiness => ({ ready: false, reason: errorText(e) }))
      .then((r) =>
        send(
          res,
          r.ready ? 200 : 503,
          r.ready ? { status: 'ready' } : { status: 'not ready', reason: r.reason },
        ),
      );
    return;
  }
  const route = parts.route(path);
  if (route) {
    Promise.resolve(route(req, res)).catch((e: unknown) => {
      parts.log?.error({ event: 'route-failed', path, error: errorText(e) }, 'route-failed');
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
    });
    return;
  }
  send(res, 404, { error: 'not found' });
}

/** Ready when a read of the store succeeds and, for PostgreSQL, its database answers. */
export async function storeReachable(store: Store): Promise<Readiness> {
  try {
    await store.read(() => true);
    // The PostgreSQL store reads from memory: whether its database answers is asked of it.
    const db = store.readiness ? await store.readiness() : ({ ready: true } as const);
    if (!db.ready) return { ready: false, reason: `store unreachable: ${db.reason}` };
    return { ready: true };
  } catch (e) {
    return { ready: false, reason: `store unreachable: ${errorText(e)}` };
  }
}

/** The server over an open app and fixed routes (tests, and anything that needs no staged start). */
export function createHttpServer(app: { store: Store }, routes: Record<string, Route> = {}): Server {
  return serve({ route: (p) => routes[p], readiness: () => storeReachable(app.store) });
}

function send(res: ServerResponse, status: number, body: unknown) {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

// The one HTTP server: health now; Slack (/slack/events) and Teams (/api/messages) mount here.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { App } from './app.ts';

export type Route = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export function createHttpServer(app: App, routes: Record<string, Route> = {}): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method === 'GET' && path === '/healthz') {
      app.store
        .read((d) => ({
          status: 'ok',
          companies: d.companies.map((c) => c.id),
          members: d.companies.reduce((n, c) => n + c.members.length, 0),
        }))
        .then((body) => send(res, 200, body))
        .catch(() => send(res, 503, { status: 'unavailable' }));
      return;
    }
    const route = routes[path];
    if (route) {
      Promise.resolve(route(req, res)).catch(() => {
        if (!res.headersSent) send(res, 500, { error: 'internal error' });
      });
      return;
    }
    send(res, 404, { error: 'not found' });
  });
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

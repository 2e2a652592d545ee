// A real HTTP server playing Slack for bot processes: the Web API (users.info, chat.postMessage, ...) and
// response_url, recording every call. Tests that run the bot as a separate process use it instead of nock.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeUser = { id: string; email: string; team: string };
export type Call = { path: string; body: Record<string, unknown> };

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let raw = '';
    req.on('data', (c) => {
      raw += String(c);
    });
    req.on('end', () => resolve(raw));
  });

function parse(raw: string): Record<string, unknown> {
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return Object.fromEntries(new URLSearchParams(raw));
  }
}

export type FakeSlack = {
  url: string;
  apiUrl: string;
  calls: Call[];
  /** The answers posted to one response_url, in order, each as its JSON text (text and blocks). */
  answers(id: string): string[];
  responseUrl(id: string): string;
  close(): Promise<void>;
};

export async function startFakeSlack(users: FakeUser[]): Promise<FakeSlack> {
  const calls: Call[] = [];
  let ts = 1_000;
  const server: Server = createServer(async (req, res) => {
    const body = parse(await readBody(req));
    const path = req.url ?? '';
    calls.push({ path, body });
    const reply = (x: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(x));
    };
    const method = path.replace(/^\/api\//, '');
    const user = users.find((u) => u.id === body.user || u.email === body.email);
    switch (method) {
      case 'auth.test':
        return reply({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: users[0]?.team ?? 'T1' });
      case 'users.info':
        return user
          ? reply({
              ok: true,
              user: {
                id: user.id,
                team_id: user.team,
                is_email_confirmed: true,
                profile: { email: user.email },
              },
            })
          : reply({ ok: false, error: 'user_not_found' });
      case 'users.lookupByEmail':
        return user
          ? reply({ ok: true, user: { id: user.id, team_id: user.team } })
          : reply({ ok: false, error: 'users_not_found' });
      case 'conversations.open':
        return reply({ ok: true, channel: { id: `D${String(body.users ?? 'X')}` } });
      case 'chat.postMessage':
      case 'chat.postEphemeral':
        return reply({ ok: true, channel: body.channel, ts: `${++ts}.000100` });
      default:
        return reply({ ok: true });
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    apiUrl: `${url}/api/`,
    calls,
    responseUrl: (id) => `${url}/respond/${id}`,
    answers: (id) => calls.filter((c) => c.path === `/respond/${id}`).map((c) => JSON.stringify(c.body)),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Slack's request signature over a raw body. */
export const signSlack = (secret: string, ts: number, raw: string) =>
  `v0=${createHmac('sha256', secret).update(`v0:${ts}:${raw}`).digest('hex')}`;

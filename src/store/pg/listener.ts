// The connection that LISTENs for other replicas' commits; it reconnects by itself, and after a break
// says so (notifications sent meanwhile are lost, so the replica reloads everything).
import pg from 'pg';
import { clientConfig, type PgOptions, reasonOf } from './connect.ts';

export type ListenerEvents = {
  notified(payload: string): void;
  /** Connected again after a break. */
  reconnected(): void;
  log(event: string, detail: Record<string, unknown>): void;
};

export type Listener = { close(): Promise<void> };

/** Listens on `channel`; resolves once the first LISTEN is in place (rejects if it cannot be). */
export async function listen(opts: PgOptions, channel: string, on: ListenerEvents): Promise<Listener> {
  let client: pg.Client | null = null;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let backoff = 100;

  const connect = async () => {
    const c = new pg.Client(clientConfig(opts));
    c.on('notification', (n) => {
      if (n.channel === channel && n.payload !== undefined) on.notified(n.payload);
    });
    c.on('error', (error) => {
      on.log('store-listener-lost', { error: reasonOf(error) });
      broken(c);
    });
    c.on('end', () => broken(c));
    try {
      await c.connect();
      await c.query(`LISTEN ${c.escapeIdentifier(channel)}`);
    } catch (error) {
      await c.end().catch(() => undefined);
      throw error;
    }
    return c;
  };

  const broken = (c: pg.Client) => {
    if (client !== c) return;
    client = null;
    c.end().catch(() => undefined);
    if (!closed) schedule();
  };

  const schedule = () => {
    timer = setTimeout(async () => {
      try {
        const c = await connect();
        if (closed) {
          await c.end();
          return;
        }
        client = c;
        backoff = 100;
        on.log('store-listener-back', {});
        on.reconnected();
      } catch (error) {
        backoff = Math.min(backoff * 2, 5_000);
        on.log('store-listener-retry', { error: reasonOf(error), inMs: backoff });
        schedule();
      }
    }, backoff);
  };

  client = await connect();
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}

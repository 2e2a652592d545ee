// A TCP proxy in front of the test server, to make PostgreSQL unreachable (stop), reachable again (start),
// or lose the answer to one COMMIT after the server has received it (loseNextCommitAnswer).
import net from 'node:net';
import { beginChecked } from '../../../src/store/pg/checked-rows.ts';

/** PostgreSQL's simple-query message for `sql`: 'Q', its length, the text and a NUL. */
const queryMessage = (sql: string) => {
  const text = Buffer.from(`${sql}\0`);
  const head = Buffer.alloc(5);
  head.write('Q', 0);
  head.writeInt32BE(text.length + 4, 1);
  return Buffer.concat([head, text]);
};
const COMMIT_MESSAGE = queryMessage('COMMIT');
/** How the store begins a transaction that writes (checked-rows.ts). */
const BEGIN_MESSAGE = queryMessage(beginChecked());

export type TcpProxy = {
  port: number;
  /** The target URL with its host and port replaced by the proxy's. */
  url(target: string): string;
  /** Closes every connection and refuses new ones. */
  stop(): Promise<void>;
  /** Accepts connections again on the same port. */
  start(): Promise<void>;
  /**
   * The next COMMIT of a transaction that changed a company reaches the server; its answer never reaches
   * the client, whose connection breaks. With
   * `thenGoDark`, at that same moment every other connection breaks and new ones are refused (until start).
   */
  loseNextCommitAnswer(opts?: { thenGoDark?: boolean }): void;
  /** The next transaction's connection breaks at its BEGIN, before the server sees it: the write fails. */
  breakNextBegin(): void;
  /** How many COMMITs were cut so. */
  readonly commitsCut: number;
};

export async function startProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let cutNext = false;
  let goDark = false;
  let dark = false;
  let breakBegin = false;
  let commitsCut = 0;
  const serve = (client: net.Socket) => {
    if (dark) {
      client.destroy();
      return;
    }
    const server = net.connect(targetPort, targetHost);
    sockets.add(client);
    sockets.add(server);
    let answerLost = false;
    /** Whether the transaction under way on this connection wrote (a read snapshot's COMMIT is never cut). */
    let wrote = false;
    client.on('data', (chunk: Buffer) => {
      if (chunk.includes(BEGIN_MESSAGE)) wrote = false;
      if (chunk.includes('UPDATE companies')) wrote = true;
      if (breakBegin && chunk.includes(BEGIN_MESSAGE)) {
        breakBegin = false;
        client.destroy();
        server.destroy();
        return;
      }
      server.write(chunk);
      if (cutNext && wrote && chunk.includes(COMMIT_MESSAGE)) {
        cutNext = false;
        answerLost = true;
        commitsCut++;
        // The client hears nothing more; the server keeps the session until it has answered the COMMIT.
        client.destroy();
        if (goDark) {
          dark = true;
          for (const other of sockets) if (other !== server && other !== client) other.destroy();
        }
      }
    });
    server.on('data', (chunk: Buffer) => {
      if (answerLost) {
        server.end();
        return;
      }
      client.write(chunk);
    });
    const close = () => {
      client.destroy();
      if (!answerLost) server.destroy();
      sockets.delete(client);
      sockets.delete(server);
    };
    client.on('error', close);
    client.on('close', close);
    server.on('error', close);
    server.on('close', () => {
      client.destroy();
      sockets.delete(server);
    });
  };
  let listener = net.createServer(serve);
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
  const address = listener.address();
  if (!address || typeof address === 'string') throw new Error('the proxy has no port');
  const port = address.port;
  return {
    port,
    url(target) {
      const u = new URL(target);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    async stop() {
      await new Promise<void>((r) => {
        listener.close(() => r());
        for (const s of sockets) s.destroy();
        sockets.clear();
      });
    },
    async start() {
      dark = false;
      if (listener.listening) return;
      listener = net.createServer(serve);
      await new Promise<void>((resolve, reject) => {
        listener.once('error', reject);
        listener.listen(port, '127.0.0.1', () => resolve());
      });
    },
    breakNextBegin() {
      breakBegin = true;
    },
    loseNextCommitAnswer(opts) {
      cutNext = true;
      goDark = opts?.thenGoDark === true;
    },
    get commitsCut() {
      return commitsCut;
    },
  };
}

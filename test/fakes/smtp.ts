// A real SMTP server on a free local port (the `smtp-server` package): it keeps what it accepted, parsed, and
// can answer the next recipients with the codes a real server uses (451 try later, 550 no such mailbox).
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type Received = { from: string; to: string[]; mail: ParsedMail };

export type TestSmtp = {
  url: string;
  received: Received[];
  /** SMTP reply codes for the next RCPT TO commands naming `address`, in order (e.g. 451, then 550). */
  refuseNext(address: string, ...codes: number[]): void;
  /** How many RCPT TO commands the server was asked (for `address`, or in all), accepted or not. */
  attempts: (address?: string) => number;
  /** What reached `address`. */
  to(address: string): Received[];
  close(): Promise<void>;
};

export async function startSmtp(): Promise<TestSmtp> {
  const received: Received[] = [];
  const refusals = new Map<string, number[]>();
  const asked: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      asked.push(address.address);
      const code = refusals.get(address.address)?.shift();
      if (code === undefined) return callback();
      const err = Object.assign(
        new Error(
          code < 500 ? `Try again later <${address.address}>` : `No such mailbox <${address.address}>`,
        ),
        { responseCode: code },
      );
      return callback(err);
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            mail,
          });
          callback();
        })
        .catch((e: Error) => callback(e));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuseNext: (address, ...codes) => refusals.set(address, [...(refusals.get(address) ?? []), ...codes]),
    attempts: (address) => (address ? asked.filter((a) => a === address).length : asked.length),
    to: (address) => received.filter((r) => r.to.includes(address)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

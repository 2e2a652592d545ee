// Email, the outbox's channel for people no chat reaches: one SMTP server (SMTP_URL), one sender (MAIL_FROM).
import type { Transporter } from 'nodemailer';

export type MailConfig = { smtpUrl: string; from: string };
export type Mail = { to: string; subject: string; text: string; html: string };

/** Accepted means the SMTP server took it; a 4xx or a dropped connection is worth another try, a 5xx is not. */
export type MailResult =
  | { ok: true }
  /** `unreachable`: the server itself could not be reached (no SMTP answer at all). */
  | { ok: false; retryable: boolean; error: string; unreachable?: true };

export type Mailer = { send(mail: Mail): Promise<MailResult>; close(): void };

/** Anything that looks like an address, so an SMTP error stored or logged never carries one. */
const ADDRESS = /[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g;
export const withoutAddresses = (s: string) => s.replace(ADDRESS, '<address>');

/** Failures of the network or the server's moment, not of the message: tried again with backoff. */
const TRANSIENT = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET']);

export function mailFailure(e: unknown): Extract<MailResult, { ok: false }> {
  const err = (e ?? {}) as { responseCode?: unknown; code?: unknown; message?: unknown; response?: unknown };
  const code = typeof err.responseCode === 'number' ? err.responseCode : undefined;
  const said = typeof err.response === 'string' ? err.response : String(err.message ?? e);
  const error = withoutAddresses(said).slice(0, 200);
  if (code !== undefined) return { ok: false, retryable: code >= 400 && code < 500, error };
  const transient = typeof err.code === 'string' && TRANSIENT.has(err.code);
  return { ok: false, retryable: transient, error, ...(transient ? { unreachable: true as const } : {}) };
}

/**
 * The mailer for one delivery pass: once the server cannot be reached, the rest of the pass's emails wait
 * for the next pass at once, instead of each waiting out a connection timeout while chat messages queue behind.
 */
export function forOnePass(mailer: Mailer): Mailer {
  let down: MailResult | undefined;
  return {
    async send(mail) {
      if (down) return down;
      const r = await mailer.send(mail);
      if (!r.ok && r.unreachable) down = r;
      return r;
    },
    close: () => mailer.close(),
  };
}

export function smtpMailer(config: MailConfig): Mailer {
  // nodemailer is loaded with the first email, not at start: it costs a start a tenth of a second.
  let transport: Promise<Transporter> | undefined;
  const open = () =>
    (transport ??= import('nodemailer').then(({ createTransport }) =>
      createTransport({
        url: config.smtpUrl,
        // One connection kept open for a pass's emails: about 21 ms an email instead of 119 ms on a local server.
        pool: true,
        // A server that hangs must not hold the outbox worker: it fails, and the item is tried again later.
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
        logger: false,
      }),
    ));
  return {
    async send(mail) {
      try {
        await (await open()).sendMail({ from: config.from, ...mail });
        return { ok: true };
      } catch (e) {
        return mailFailure(e);
      }
    },
    close: () => {
      void transport?.then(
        (t) => t.close(),
        () => undefined,
      );
    },
  };
}

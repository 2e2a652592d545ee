// Links people can open outside the chat: HMAC-signed tokens that name their purpose and expire.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const LINK_PURPOSES = ['accept-invitation', 'download'] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];

/** Why a token was refused; the HTTP edge turns each into a page saying what would work. */
export type LinkRefusal = 'malformed' | 'tampered' | 'wrong-purpose' | 'expired';
export type Verified = { ok: true; subject: string; expiresAt: Date } | { ok: false; reason: LinkRefusal };

/** What a link needs: the secret that signs it and the address people open it at. */
export type LinkConfig = { secret: string; publicUrl: string };

export type SignedLinks = {
  /** A token for `subject` (what the link acts on, e.g. an invitation), valid until `expiresAt`. */
  token(purpose: LinkPurpose, subject: string, expiresAt: Date): string;
  /** The full address: `{PUBLIC_URL}{path}?token=…`. */
  url(path: string, purpose: LinkPurpose, subject: string, expiresAt: Date): string;
  verify(token: string, purpose: LinkPurpose, now: Date): Verified;
};

/** Short on purpose: the payload travels in a URL. `p` purpose, `s` subject, `x` expiry in epoch seconds. */
const Payload = z.object({ p: z.enum(LINK_PURPOSES), s: z.string().min(1), x: z.number().int() });

const sign = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest();

/** No secret means no links: answers then say how to accept in the chat instead. */
export function signedLinks(config: LinkConfig | undefined): SignedLinks | null {
  if (!config) return null;
  const { secret } = config;
  const base = config.publicUrl.replace(/\/+$/, '');
  const token = (purpose: LinkPurpose, subject: string, expiresAt: Date) => {
    const body = Buffer.from(
      JSON.stringify({ p: purpose, s: subject, x: Math.floor(expiresAt.getTime() / 1000) }),
    ).toString('base64url');
    return `${body}.${sign(secret, body).toString('base64url')}`;
  };
  return {
    token,
    url: (path, purpose, subject, expiresAt) =>
      `${base}${path}?token=${encodeURIComponent(token(purpose, subject, expiresAt))}`,
    verify(value, purpose, now) {
      const [body, mac, extra] = value.split('.');
      if (!body || !mac || extra !== undefined) return { ok: false, reason: 'malformed' };
      const given = Buffer.from(mac, 'base64url');
      const expected = sign(secret, body);
      // Compared in constant time, so the signature cannot be guessed a byte at a time.
      if (given.length !== expected.length || !timingSafeEqual(given, expected))
        return { ok: false, reason: 'tampered' };
      let json: unknown;
      try {
        json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      } catch {
        return { ok: false, reason: 'malformed' };
      }
      const payload = Payload.safeParse(json);
      if (!payload.success) return { ok: false, reason: 'malformed' };
      const { p, s, x } = payload.data;
      if (p !== purpose) return { ok: false, reason: 'wrong-purpose' };
      if (x * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
      return { ok: true, subject: s, expiresAt: new Date(x * 1000) };
    },
  };
}

/** What each refusal tells the person who opened the link. */
export const REFUSAL_TEXT: Record<LinkRefusal, string> = {
  malformed: 'This link is incomplete. Open the whole link from the email, or ask for a new one.',
  tampered: 'This link is not valid. Open the link exactly as it was sent, or ask for a new one.',
  'wrong-purpose': 'This link is not meant for this page. Open the link from the email as it was sent.',
  expired: 'This link has expired. Ask the person who sent it for a new one.',
};

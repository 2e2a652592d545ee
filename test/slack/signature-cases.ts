// The Slack signature matrix: every way a request can be unsigned, mis-signed, stale, early or altered, for every payload kind.
import { SECRET, sign } from './harness.ts';

/** What one request sends: its body, its headers, and whether Slack would have signed it so. */
export type Sent = { raw: string; headers: Record<string, string> };
export type Case = { name: string; accepted: boolean; make(raw: string, now: number): Sent };

const signed = (raw: string, ts: number, secret = SECRET) => ({
  'x-slack-request-timestamp': String(ts),
  'x-slack-signature': sign(secret, ts, raw),
});
const hex = (raw: string, ts: number) => sign(SECRET, ts, raw).slice(3);
const withSig = (raw: string, ts: number, signature: string): Sent => ({
  raw,
  headers: { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature },
});
const withTs = (raw: string, ts: string, signedAt: number): Sent => ({
  raw,
  headers: { 'x-slack-request-timestamp': ts, 'x-slack-signature': sign(SECRET, signedAt, raw) },
});
/** The same content in other bytes: form spaces as %20, or JSON with whitespace. */
const reencoded = (raw: string) =>
  raw.startsWith('{')
    ? JSON.stringify(JSON.parse(raw), null, 1)
    : raw.replaceAll('+', '%20').replace('=', '%3D');
const refused = (name: string, make: Case['make']): Case => ({ name, accepted: false, make });

export const CASES: readonly Case[] = [
  {
    name: 'signed now (the control case)',
    accepted: true,
    make: (raw, now) => ({ raw, headers: signed(raw, now) }),
  },
  {
    name: 'signed 300 s ago (the edge of the window)',
    accepted: true,
    make: (raw, now) => ({ raw, headers: signed(raw, now - 300) }),
  },
  {
    name: 'signed 300 s ahead (the other edge)',
    accepted: true,
    make: (raw, now) => ({ raw, headers: signed(raw, now + 300) }),
  },
  // The secret.
  refused('signed with another secret', (raw, now) => ({ raw, headers: signed(raw, now, 'not-the-secret') })),
  refused('signed with a blank secret', (raw, now) => ({ raw, headers: signed(raw, now, '') })),
  refused('signed with the secret and a trailing space', (raw, now) => ({
    raw,
    headers: signed(raw, now, `${SECRET} `),
  })),
  refused('signed with the secret in capitals', (raw, now) => ({
    raw,
    headers: signed(raw, now, SECRET.toUpperCase()),
  })),
  // The signature header.
  refused('no signature header', (raw, now) => ({
    raw,
    headers: { 'x-slack-request-timestamp': String(now) },
  })),
  refused('a blank signature', (raw, now) => withSig(raw, now, '')),
  refused('only the version prefix', (raw, now) => withSig(raw, now, 'v0=')),
  refused('a signature one character short', (raw, now) =>
    withSig(raw, now, sign(SECRET, now, raw).slice(0, -1)),
  ),
  refused('a signature one character long', (raw, now) => withSig(raw, now, `${sign(SECRET, now, raw)}0`)),
  refused('the signature in capitals', (raw, now) => withSig(raw, now, `v0=${hex(raw, now).toUpperCase()}`)),
  refused('version v1', (raw, now) => withSig(raw, now, `v1=${hex(raw, now)}`)),
  refused('version V0', (raw, now) => withSig(raw, now, `V0=${hex(raw, now)}`)),
  refused('no version prefix', (raw, now) => withSig(raw, now, hex(raw, now))),
  refused('version v0 with a colon', (raw, now) => withSig(raw, now, `v0:${hex(raw, now)}`)),
  refused('two signatures in one header', (raw, now) =>
    withSig(raw, now, `${sign(SECRET, now, raw)}, ${sign(SECRET, now, raw)}`),
  ),
  refused('the signature of another body', (raw, now) => withSig(raw, now, sign(SECRET, now, `${raw}x`))),
  refused('a signature with one hex digit flipped', (raw, now) =>
    withSig(raw, now, `v0=${hex(raw, now).replace(/./, (c) => (c === '0' ? '1' : '0'))}`),
  ),
  // The timestamp header.
  refused('no timestamp header', (raw, now) => ({
    raw,
    headers: { 'x-slack-signature': sign(SECRET, now, raw) },
  })),
  refused('neither header', (raw) => ({ raw, headers: {} })),
  refused('a blank timestamp', (raw, now) => withTs(raw, '', now)),
  refused('a timestamp that is not a number', (raw, now) => withTs(raw, 'soon', now)),
  refused('a timestamp with a fraction', (raw, now) => withTs(raw, `${now}.5`, now)),
  refused('a negative timestamp', (raw, now) => withTs(raw, `-${now}`, now)),
  refused('a timestamp in exponent form', (raw, now) => withTs(raw, '1.7e9', now)),
  refused('a timestamp of thirteen digits (milliseconds)', (raw, now) => withTs(raw, `${now}000`, now)),
  refused('a header timestamp one second off the signed one', (raw, now) =>
    withTs(raw, String(now + 1), now),
  ),
  refused('stale: 301 s old', (raw, now) => ({ raw, headers: signed(raw, now - 301) })),
  refused('stale: six minutes old', (raw, now) => ({ raw, headers: signed(raw, now - 360) })),
  refused('stale: an hour old', (raw, now) => ({ raw, headers: signed(raw, now - 3600) })),
  refused('stale: a day old', (raw, now) => ({ raw, headers: signed(raw, now - 86_400) })),
  refused('stale: the epoch', (raw) => ({ raw, headers: signed(raw, 0) })),
  refused('future: 301 s ahead', (raw, now) => ({ raw, headers: signed(raw, now + 301) })),
  refused('future: six minutes ahead', (raw, now) => ({ raw, headers: signed(raw, now + 360) })),
  refused('future: a day ahead', (raw, now) => ({ raw, headers: signed(raw, now + 86_400) })),
  // The body, after signing.
  refused('one byte changed', (raw, now) => ({
    raw: `${raw.slice(0, -1)}${raw.endsWith('x') ? 'y' : 'x'}`,
    headers: signed(raw, now),
  })),
  refused('one byte appended', (raw, now) => ({ raw: `${raw}&`, headers: signed(raw, now) })),
  refused('one byte cut', (raw, now) => ({ raw: raw.slice(0, -1), headers: signed(raw, now) })),
  refused('a leading space', (raw, now) => ({ raw: ` ${raw}`, headers: signed(raw, now) })),
  refused('a trailing newline', (raw, now) => ({ raw: `${raw}\n`, headers: signed(raw, now) })),
  refused('the same content encoded otherwise', (raw, now) => ({
    raw: reencoded(raw),
    headers: signed(raw, now),
  })),
];

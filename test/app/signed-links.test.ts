// Signed links: a token opens only what it was made for, only until it expires, and only as it was signed.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.ts';
import { signedLinks } from '../../src/app/signed-links.ts';

const SECRET = 'a-link-secret-of-at-least-32-characters';
const links = signedLinks({ secret: SECRET, publicUrl: 'https://bot.example.com/' });
if (!links) throw new Error('links are configured');
const NOW = new Date('2026-11-29T10:00:00Z');
const LATER = new Date('2026-12-06T10:00:00Z');

describe('signed links', () => {
  it('a valid token gives back its subject and expiry', () => {
    const t = links.token('accept-invitation', 'contoso:ana@example.com', LATER);
    expect(links.verify(t, 'accept-invitation', NOW)).toEqual({
      ok: true,
      subject: 'contoso:ana@example.com',
      expiresAt: LATER,
    });
  });

  it('the URL is PUBLIC_URL, the path and the token, which verifies once read back', () => {
    const url = new URL(links.url('/invitations/accept', 'download', 'export-1', LATER));
    expect(url.origin + url.pathname).toBe('https://bot.example.com/invitations/accept');
    const token = url.searchParams.get('token') ?? '';
    expect(links.verify(token, 'download', NOW)).toMatchObject({ ok: true, subject: 'export-1' });
  });

  it('an expired token is refused, at and after its expiry', () => {
    const t = links.token('download', 'export-1', LATER);
    expect(links.verify(t, 'download', LATER)).toEqual({ ok: false, reason: 'expired' });
    expect(links.verify(t, 'download', new Date(LATER.getTime() + 1000))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('a tampered payload is refused (another subject under the old signature)', () => {
    const t = links.token('accept-invitation', 'contoso:ana@example.com', LATER);
    const [, mac] = t.split('.');
    const forged = Buffer.from(
      JSON.stringify({ p: 'accept-invitation', s: 'contoso:eve@example.com', x: LATER.getTime() / 1000 }),
    ).toString('base64url');
    expect(links.verify(`${forged}.${mac}`, 'accept-invitation', NOW)).toEqual({
      ok: false,
      reason: 'tampered',
    });
  });

  it('a tampered signature is refused, and so is a token signed with another secret', () => {
    const t = links.token('download', 'export-1', LATER);
    const flipped = `${t.slice(0, -2)}${t.endsWith('AA') ? 'AB' : 'AA'}`;
    expect(links.verify(flipped, 'download', NOW)).toEqual({ ok: false, reason: 'tampered' });
    const other = signedLinks({ secret: `${SECRET}-other`, publicUrl: 'https://bot.example.com' });
    const foreign = other?.token('download', 'export-1', LATER) ?? '';
    expect(links.verify(foreign, 'download', NOW)).toEqual({ ok: false, reason: 'tampered' });
  });

  it('a token made for one purpose does not open another', () => {
    const t = links.token('download', 'export-1', LATER);
    expect(links.verify(t, 'accept-invitation', NOW)).toEqual({ ok: false, reason: 'wrong-purpose' });
  });

  it.each(['', 'abc', 'a.b.c', '.sig', 'body.'])('a malformed token %j is refused', (t) => {
    expect(links.verify(t, 'download', NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('no secret: no links are offered', () => {
    expect(signedLinks(undefined)).toBeNull();
  });
});

describe('link configuration', () => {
  it('LINK_SECRET and PUBLIC_URL together configure links', () => {
    expect(loadConfig({ LINK_SECRET: SECRET, PUBLIC_URL: 'https://bot.example.com' })).toMatchObject({
      ok: true,
      config: { links: { secret: SECRET, publicUrl: 'https://bot.example.com' } },
    });
  });

  it('without LINK_SECRET there are no links, even with PUBLIC_URL (an empty value counts as unset)', () => {
    for (const env of [{}, { PUBLIC_URL: 'https://bot.example.com' }, { LINK_SECRET: '', PUBLIC_URL: '' }]) {
      const r = loadConfig(env);
      expect(r.ok && 'links' in r.config).toBe(false);
    }
  });

  it('a secret without an address stops the start, naming PUBLIC_URL', () => {
    expect(loadConfig({ LINK_SECRET: SECRET })).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^PUBLIC_URL:/),
    });
  });

  it('a short secret and an address that is not http(s) are named, without the secret', () => {
    const short = loadConfig({ LINK_SECRET: 'short', PUBLIC_URL: 'https://bot.example.com' });
    expect(short).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^LINK_SECRET: .*32 characters/),
    });
    expect(JSON.stringify(short)).not.toContain('short"');
    const ftp = loadConfig({ LINK_SECRET: SECRET, PUBLIC_URL: 'ftp://bot.example.com' });
    expect(ftp).toMatchObject({ ok: false, problem: expect.stringMatching(/^PUBLIC_URL: .*http/) });
  });
});

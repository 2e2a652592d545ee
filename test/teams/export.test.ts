// Teams exports: a Download button with a signed link that expires; opening it runs the export again for that
// person (re-authorized), and a bot without links says plainly that nothing was shared.
import { afterEach, describe, expect, it } from 'vitest';
import { DOWNLOAD_PATH, DOWNLOAD_TTL_MS } from '../../adapters/teams/downloads.ts';
import { signedLinks } from '../../src/app/signed-links.ts';
import { memoryApp, type TestApp } from '../fakes/app.ts';
import { type Card, cardOf, type Harness, startTeams, textOf } from './harness.ts';

let teams: Harness | undefined;
afterEach(async () => {
  await teams?.close();
  teams = undefined;
});

/** Links point at the test server itself, so a download is a real GET on the bot. */
async function start(app: TestApp) {
  const links = signedLinks({ secret: 'a-link-secret-of-at-least-32-characters', publicUrl: 'http://x' });
  if (!links) throw new Error('links are configured');
  teams = await startTeams(app, { links });
  // The harness server's port is known only once it listens: the link's path and token, against it.
  const base = new URL(teams.url).origin;
  return { teams, localUrl: (url: string) => `${base}${new URL(url).pathname}${new URL(url).search}` };
}

/** The Action.OpenUrl buttons of a card, by title. */
function openUrls(card: Card): Array<{ title: string; url: string }> {
  const out: Array<{ title: string; url: string }> = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (typeof n !== 'object' || n === null) return;
    const o = n as Record<string, unknown>;
    if (o.type === 'Action.OpenUrl') out.push({ title: String(o.title), url: String(o.url) });
    for (const v of Object.values(o)) walk(v);
  };
  walk(card);
  return out;
}

describe('team --export csv in Teams', () => {
  it('answers with a Download button whose signed link serves the CSV to that person', async () => {
    const app = memoryApp();
    const { teams: t, localUrl } = await start(app);
    await t.say('ADELE', 'team --export csv');
    const [sent] = await t.waitForSent(1);
    const card = cardOf(sent);
    expect(textOf(card)).toContain('team-contoso-2026-11-28.csv');
    expect(textOf(card)).toContain('do not forward it');
    const [button] = openUrls(card);
    expect(button?.title).toBe('Download team-contoso-2026-11-28.csv');
    expect(new URL(button?.url ?? '').pathname).toBe(DOWNLOAD_PATH);
    // No auto-refresh: running the export again to redraw the card would drop the button.
    expect(card.refresh).toBeUndefined();
    const res = await fetch(localUrl(button?.url ?? ''));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="team-contoso-2026-11-28.csv"');
    const body = await res.text();
    expect(body).toContain('Name,Email,Status');
    expect(body).toContain('adelev@example.com');
  });

  it('a link stops working when it expires', async () => {
    const app = memoryApp();
    const { teams: t, localUrl } = await start(app);
    await t.say('ADELE', 'team --export csv');
    const [button] = openUrls(cardOf((await t.waitForSent(1))[0]));
    app.clock.advance(DOWNLOAD_TTL_MS + 1000);
    const res = await fetch(localUrl(button?.url ?? ''));
    expect(res.status).toBe(410);
    expect(await res.text()).toContain('This download link has expired');
  });

  it('a tampered link is refused, and so is a link for someone no longer on the team', async () => {
    const app = memoryApp();
    const { teams: t, localUrl } = await start(app);
    await t.say('ADELE', 'team --export csv');
    const [button] = openUrls(cardOf((await t.waitForSent(1))[0]));
    const url = new URL(localUrl(button?.url ?? ''));
    const token = url.searchParams.get('token') ?? '';
    url.searchParams.set('token', `${token.slice(0, -2)}AA`);
    expect((await fetch(url)).status).toBe(403);
    expect((await app.say('alexw@example.com', 'remove adelev@example.com --confirm')).ok).toBe(true);
    const gone = await fetch(localUrl(button?.url ?? ''));
    expect(gone.status).toBe(403);
    expect(await gone.text()).not.toContain('Name,Email');
  });

  it('without download links, says nothing was shared and offers no button', async () => {
    const app = memoryApp();
    teams = await startTeams(app);
    await teams.say('ADELE', 'team --export csv');
    const card = cardOf((await teams.waitForSent(1))[0]);
    expect(textOf(card)).toContain('was not shared: this bot has no download links set up');
    expect(openUrls(card)).toEqual([]);
  });
});

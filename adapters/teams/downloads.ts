// Teams exports as download links: a signed, expiring token names who asked and which export; opening it runs the
// export again for that person, so the file is current, re-authorized, and no replica has to keep it.
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import type { App as Core } from '../../src/app/app.ts';
import type { Identity } from '../../src/app/identity.ts';
import type { Route } from '../../src/app/server.ts';
import { REFUSAL_TEXT, type SignedLinks } from '../../src/app/signed-links.ts';
import { renderText } from '../../src/views/render-text.ts';
import type { CommandRef } from '../../src/views/view.ts';

export const DOWNLOAD_PATH = '/exports';
/** Long enough to click, short enough that a forwarded link soon stops working. */
export const DOWNLOAD_TTL_MS = 15 * 60_000;

/** Only exports travel in a link: a token can never be made to run a change. */
const EXPORTS = new Set(['team', 'audit']);

/** Who asked (the Teams account and the email Teams vouched for) and the export's command, as signed. */
const Subject = z.object({
  t: z.string().min(1),
  a: z.string().min(1),
  e: z.string().min(1),
  u: z.literal(true).optional(),
  r: z.object({
    name: z.string().refine((n) => EXPORTS.has(n)),
    args: z.record(z.string(), z.string()).refine((a) => a.export === 'csv'),
  }),
});

/** The link for `ref` as `identity` asked it, or null when it cannot be one (not a Teams account, not an export). */
export function downloadLink(
  links: SignedLinks,
  identity: Identity | undefined,
  ref: CommandRef | undefined,
  now: Date,
): { url: string; expiresAt: Date } | null {
  if (identity?.chat !== 'teams' || !identity.email || !ref) return null;
  const subject = {
    t: identity.tenantId,
    a: identity.aadObjectId,
    e: identity.email,
    ...(identity.unverified ? { u: true as const } : {}),
    r: { name: ref.name, args: ref.args },
  };
  if (!Subject.safeParse(subject).success) return null;
  const expiresAt = new Date(now.getTime() + DOWNLOAD_TTL_MS);
  return { url: links.url(DOWNLOAD_PATH, 'download', JSON.stringify(subject), expiresAt), expiresAt };
}

function page(res: ServerResponse, status: number, text: string) {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(`${text}\n`);
}

/** GET /exports?token=…: the file, or a page saying why not and what would work. */
export function downloadRoute(core: Core, links: SignedLinks): Route {
  return async (req, res) => {
    if (req.method !== 'GET') return page(res, 405, 'Open the download link from Teams in a browser.');
    const token = new URL(req.url ?? '/', 'http://bot').searchParams.get('token') ?? '';
    const verified = links.verify(token, 'download', core.clock.now());
    if (!verified.ok)
      return page(
        res,
        verified.reason === 'expired' ? 410 : 403,
        verified.reason === 'expired'
          ? 'This download link has expired. Ask the bot for the export again in Teams.'
          : REFUSAL_TEXT[verified.reason],
      );
    let json: unknown;
    try {
      json = JSON.parse(verified.subject);
    } catch {
      json = null;
    }
    const subject = Subject.safeParse(json);
    if (!subject.success) return page(res, 403, REFUSAL_TEXT.malformed);
    const { t, a, e, u, r } = subject.data;
    const identity: Identity = {
      chat: 'teams',
      tenantId: t,
      aadObjectId: a,
      email: e,
      ...(u ? { unverified: true as const } : {}),
    };
    // Run again as that person, against the current team: someone removed since gets a refusal, not the file.
    const outcome = await core.run(identity, { kind: 'command', ref: r });
    const file = outcome.reply.file;
    if (!outcome.result.ok || !file) return page(res, 403, renderText(outcome.reply.view).text);
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${file.name}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.end(file.content);
  };
}

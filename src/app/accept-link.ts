// The emailed invitation link: GET shows what would be accepted, POST (its button) accepts it, if still valid.
import type { IncomingMessage, ServerResponse } from 'node:http';
import escapeHtml from 'escape-html';
import { describeRoles, findMember } from '../domain/company.ts';
import { dayOf, isExpired } from '../domain/invitation.ts';
import type { Invitation } from '../domain/schemas.ts';
import { commit, rollback, type Store } from '../store/store.ts';
import { ACCEPT_PATH } from '../workflow/emails.ts';
import { joinTeam } from '../workflow/join-team.ts';
import type { Clock } from './clock.ts';
import { readBody } from './read-body.ts';
import type { Route } from './server.ts';
import { REFUSAL_TEXT, type SignedLinks } from './signed-links.ts';

/**
 * What a link accepts: one invitation of one company, as it was when sent. A later resend or a new invitation
 * has another `invitedAt`, so an old link never accepts what its email did not describe.
 */
const subjectOf = (companyId: string, email: string, invitedAt: string) =>
  `${companyId} ${invitedAt} ${email}`;

function parseSubject(s: string): { companyId: string; invitedAt: string; email: string } | null {
  const [companyId, invitedAt, email, extra] = s.split(' ');
  return companyId && invitedAt && email && extra === undefined ? { companyId, invitedAt, email } : null;
}

/** The link for an invitation; it expires with the invitation. */
export const acceptUrl = (links: SignedLinks, companyId: string, email: string, inv: Invitation) =>
  links.url(
    ACCEPT_PATH,
    'accept-invitation',
    subjectOf(companyId, email, inv.invitedAt),
    new Date(inv.expiresAt),
  );

type Page = { status: number; title: string; lines: string[]; button?: { token: string } };

/** The form posts back to where the page was opened (relative, so a PUBLIC_URL with a path prefix works too). */
function page(res: ServerResponse, p: Page) {
  const form = p.button
    ? `<form method="post" action="accept"><input type="hidden" name="token" value="${escapeHtml(p.button.token)}"><button type="submit">Accept the invitation</button></form>`
    : '';
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(p.title)}</title></head><body><h1>${escapeHtml(p.title)}</h1>${p.lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}${form}</body></html>`;
  res.writeHead(p.status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // The token is in the address: no other site may learn it from a Referer, and nothing on the page runs.
    'referrer-policy': 'no-referrer',
    'content-security-policy': "default-src 'none'; form-action 'self'",
    'x-content-type-options': 'nosniff',
  });
  res.end(html);
}

const refused = (lines: string[], status = 410): Page => ({
  status,
  title: 'The invitation cannot be accepted',
  lines,
});
const ASK = 'Ask the person who invited you to send it again.';

/** Looks the invitation up (GET) or accepts it (POST), in one transaction with its audit. */
async function settle(
  store: Store,
  clock: Clock,
  links: SignedLinks,
  token: string,
  accept: boolean,
): Promise<Page> {
  const now = clock.now();
  const checked = links.verify(token, 'accept-invitation', now);
  if (!checked.ok) return refused([REFUSAL_TEXT[checked.reason]], checked.reason === 'expired' ? 410 : 400);
  const subject = parseSubject(checked.subject);
  if (!subject) return refused([REFUSAL_TEXT.malformed], 400);
  return store.transaction((draft, tx) => {
    const c = draft.companies.find((x) => x.id === subject.companyId);
    const m = c && findMember(c, subject.email);
    if (!c || !m) return rollback(refused(['This invitation was cancelled.', ASK]));
    if (m.status === 'active')
      return rollback({
        status: 200,
        title: 'You are already on the team',
        lines: [
          `${m.email} is already a member of ${c.name}. Write to the Portal bot in Slack or Microsoft Teams.`,
        ],
      });
    const inv = m.invitation;
    if (!inv || inv.invitedAt !== subject.invitedAt)
      return rollback(
        refused([
          'This link belongs to an earlier invitation; a newer one was sent. Use the link in the latest email.',
        ]),
      );
    if (isExpired(inv, now))
      return rollback(refused([`This invitation expired on ${dayOf(inv.expiresAt)}.`, ASK]));
    if (!accept)
      return rollback({
        status: 200,
        title: `Join ${c.name} on the Customer Portal`,
        lines: [`Accept the invitation for ${m.email}?`, `Your roles: ${describeRoles(m)}.`],
        button: { token },
      });
    const change = joinTeam(m, now);
    tx.audit({ ...change, companyId: c.id, at: now.toISOString(), actor: m.email, chat: 'email' });
    return commit({
      status: 200,
      title: `Welcome to ${c.name}`,
      lines: [
        `${m.email} joined the team. Your roles: ${describeRoles(m)}.`,
        'Write to the Portal bot in Slack or Microsoft Teams to get started.',
      ],
    });
  });
}

const MAX_BODY = 4096;

/** GET shows the invitation and a button; only the POST accepts, so a mail scanner that opens links accepts nothing. */
export function acceptRoute(deps: { store: Store; clock: Clock; links: SignedLinks }): Route {
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'POST') {
      res.writeHead(405, { allow: 'GET, POST' }).end();
      return;
    }
    let token: string | null;
    if (req.method === 'GET') token = new URL(req.url ?? '/', 'http://x').searchParams.get('token');
    else {
      const body = await readBody(req, MAX_BODY);
      token = body === null ? null : new URLSearchParams(body).get('token');
    }
    if (!token) {
      page(res, refused(['The link has no token. Open the whole link from the invitation email.'], 400));
      return;
    }
    page(res, await settle(deps.store, deps.clock, deps.links, token, req.method === 'POST'));
  };
}

// What the bot's emails say: an invitation (roles, LifeTime username, how to accept), and a notice as plain text.
import escapeHtml from 'escape-html';
import { describeRoles, findMember } from '../domain/company.ts';
import { dayOf } from '../domain/invitation.ts';
import type { Company, Member } from '../domain/schemas.ts';
import { renderText } from '../views/render-text.ts';
import type { View } from '../views/view.ts';

export type EmailContent = { subject: string; text: string; html: string };

/** The path the bot serves invitation links at (src/app/accept-link.ts). */
export const ACCEPT_PATH = '/invitations/accept';

type Link = { url: string; label: string };
const paragraph = (p: string) => `<p>${escapeHtml(p).replaceAll('\n', '<br>')}</p>`;

/** Paragraphs of text as HTML, every character of user text escaped; a link between `before` and `after`. */
const toHtml = (before: string[], link?: Link, after: string[] = []) =>
  [
    '<!doctype html><html><body style="font-family: sans-serif">',
    ...before.map(paragraph),
    ...(link ? [`<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p>`] : []),
    ...after.map(paragraph),
    '</body></html>',
  ].join('\n');

/**
 * An invitation: who invited whom to what, the roles, the LifeTime username where there is one, and how
 * to accept: in the chat always, by the link when links are configured (`acceptUrl`).
 */
export function invitationEmail(c: Company, m: Member, acceptUrl: string | null): EmailContent {
  const inv = m.invitation;
  const by = findMember(c, inv?.invitedBy ?? '');
  const inviter = by ? `${by.name} (${by.email})` : (inv?.invitedBy ?? 'An admin');
  const expires = inv ? dayOf(inv.expiresAt) : 'soon';
  const paragraphs = [
    `${inviter} invited you to the ${c.name} team on the Customer Portal.`,
    `Your roles: ${describeRoles(m)}.`,
    ...(inv?.lifetime
      ? [
          `You also get a LifeTime developer account for ${inv.lifetime.infrastructures.join(', ')}; its username is ${inv.lifetime.username}.`,
        ]
      : []),
    [
      'To accept:',
      `- write "accept" to the Portal bot in Slack or Microsoft Teams, signed in as ${m.email}`,
      ...(acceptUrl ? ['- or open this link (it works once, until the invitation expires):'] : []),
    ].join('\n'),
  ];
  const after = `The invitation expires on ${expires} (UTC). If you did not expect it, you can ignore this email.`;
  return {
    subject: `You are invited to the ${c.name} team on the Customer Portal`,
    text: [...paragraphs, ...(acceptUrl ? [acceptUrl] : []), after].join('\n\n'),
    html: toHtml(paragraphs, acceptUrl ? { url: acceptUrl, label: 'Accept the invitation' } : undefined, [
      after,
    ]),
  };
}

/**
 * A notice for someone no chat reaches yet. Buttons cannot work in an email, so they become a line saying
 * where to act; times read in UTC, since an email has no reader's time zone to ask.
 */
export function noticeEmail(companyName: string, v: View, reason: string): EmailContent {
  const actionable = v.blocks.some((b) => b.kind === 'actions' || b.kind === 'form');
  const shown = { ...v, blocks: v.blocks.filter((b) => b.kind !== 'actions' && b.kind !== 'form') };
  const body = renderText(shown, { timeZone: 'UTC' }).text;
  const paragraphs = [
    body,
    ...(actionable ? ['To act on this, write to the Portal bot in Slack or Microsoft Teams.'] : []),
    `You get this email because ${reason}, and no chat reaches you yet.`,
  ];
  return {
    subject: `${companyName} Customer Portal: ${v.title ?? reason}`,
    text: paragraphs.join('\n\n'),
    html: toHtml(paragraphs),
  };
}

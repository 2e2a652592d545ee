// Plain questions: a table of phrasings and the command each one is, then what the key ones answer.
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/parse/parse.ts';
import { memoryApp } from '../fakes/app.ts';

const QUESTIONS: Array<[phrasing: string, command: string, args: Record<string, string>]> = [
  ['who admins prod-eu?', 'who admins', { infra: 'prod-eu' }],
  ['Who manages prod-eu', 'who admins', { infra: 'prod-eu' }],
  ['who runs hybrid-ap?', 'who admins', { infra: 'hybrid-ap' }],
  ['who is the admin of dev-eu?', 'who admins', { infra: 'dev-eu' }],
  ['who are the admins for onprem-1', 'who admins', { infra: 'onprem-1' }],
  ['who are the admins', 'who admins', {}],
  ['who are the admins?', 'who admins', {}],
  ['Who is admin?', 'who admins', {}],
  ['who are the company admins?', 'who admins', {}],
  ['list the admins', 'who admins', {}],
  ['who can approve cases on prod-eu?', 'who approves', { what: 'cases', infra: 'prod-eu' }],
  ['who approves support cases for dev-eu', 'who approves', { what: 'cases', infra: 'dev-eu' }],
  ['who can grant access to dev-eu?', 'who approves', { what: 'access', infra: 'dev-eu' }],
  ['who approves requests for prod-eu?', 'who approves', { what: 'access', infra: 'prod-eu' }],
  ['who can approve company admin requests?', 'who approves', { what: 'company-admin' }],
  ['how do I get access to dev-eu?', 'get-access', { infra: 'dev-eu' }],
  ['How can I request access to prod-eu', 'get-access', { infra: 'prod-eu' }],
  ['I need access to hybrid-ap', 'get-access', { infra: 'hybrid-ap' }],
  ['can I get access to dev-eu?', 'get-access', { infra: 'dev-eu' }],
  ['please give me access to dev-eu', 'get-access', { infra: 'dev-eu' }],
  ['who is the security contact?', 'security-contacts', {}],
  ["Who's the security contact", 'security-contacts', {}],
  ['who are our security contacts?', 'security-contacts', {}],
  ['what can I do?', 'help', {}],
  ['what commands are there?', 'help', {}],
  ['who am I?', 'whoami', {}],
  ["what's my role?", 'whoami', {}],
  ['who is on the team?', 'team', {}],
  ['list members', 'team', {}],
  ['show pending invitations', 'team', { status: 'pending' }],
  ['who is pending?', 'team', { status: 'pending' }],
  ["who hasn't joined yet?", 'team', { status: 'pending' }],
  ['pending invites', 'team', { status: 'pending' }],
  ['show support contacts', 'team', { status: 'contacts' }],
  ['who has access to prod-eu?', 'team', { infra: 'prod-eu' }],
  ['who is on dev-eu?', 'team', { infra: 'dev-eu' }],
  ['export the team to csv', 'team', { export: 'csv' }],
  ['who is Megan?', 'team', { search: 'megan' }],
  ["who's Megan Bowen?", 'team', { search: 'megan bowen' }],
  ['find megan', 'team', { search: 'megan' }],
  ['look up leeg@example.com', 'team', { search: 'leeg@example.com' }],
  ["what is adele's email?", 'team', { search: 'adele' }],
  ['when does the license of prod-eu expire?', 'license', { infra: 'prod-eu' }],
  ['When does the licence for dev-eu expire', 'license', { infra: 'dev-eu' }],
  ["when does dev-eu's license expire?", 'license', { infra: 'dev-eu' }],
  ['show slots of prod-eu', 'slots', { infra: 'prod-eu' }],
  ['what slots does dev-eu have?', 'slots', { infra: 'dev-eu' }],
  ['show my cases', 'cases', {}],
  ['list cases on prod-eu', 'cases', { infra: 'prod-eu' }],
  ['show pending requests', 'requests', {}],
  ['what requests are waiting?', 'requests', {}],
  ['what changed recently?', 'audit', { since: '7d' }],
  ['what happened today?', 'audit', { since: '1d' }],
  ['undo that', 'undo', {}],
  ['/portal who admins prod-eu?', 'who admins', { infra: 'prod-eu' }],
  ['who is\u200B Megan?', 'team', { search: 'megan' }],
];

const commandOf = (line: string) => {
  const p = parse(line);
  return p.ok ? { command: p.command.name, args: p.raw } : { failure: p.failure };
};

describe('the table of questions', () => {
  it('holds at least 40 phrasings', () => {
    expect(QUESTIONS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(QUESTIONS)('%j is `%s`', (phrasing, command, args) => {
    expect(commandOf(phrasing)).toEqual({ command, args });
  });

  it.each([
    ['who can delete members?', 'remove'],
    ['how do i invite someone', 'invite'],
    ['grnat acess', 'grant access'],
    ['tell me a joke', 'help'],
  ])('an unknown phrasing (%j) gets the closest command and its usage', (line, closest) => {
    const r = commandOf(line);
    expect(r).toMatchObject({ failure: { kind: 'unknown-command', suggestion: { name: closest } } });
  });
});

describe('what the questions answer', () => {
  it('"who is Megan?" shows Megan', async () => {
    const r = await memoryApp().say('adelev@example.com', 'who is Megan?');
    expect(r.text).toContain('Megan Bowen <meganb@example.com>');
    expect(r.text).not.toContain('Alex Wilber');
  });

  it('"who can approve cases on prod-eu?" names its Infra Admins, not every Company Admin', async () => {
    const r = await memoryApp().say('adelev@example.com', 'who can approve cases on prod-eu?');
    expect(r.text).toContain(
      'Waiting support cases on *prod-eu* are approved by its Infra Admins: Megan Bowen',
    );
    expect(r.text).not.toContain('Alex Wilber');
  });

  it('"who are the admins" lists the Company Admins and each infrastructure’s Infra Admins', async () => {
    const r = await memoryApp().say('adelev@example.com', 'who are the admins');
    expect(r.text).toContain('Company Admins (who manage every infrastructure): Alex Wilber');
    expect(r.text).toMatch(/dev-eu\*?\s+Lee Gu/);
  });

  it('"show pending invitations" lists only invitations', async () => {
    const r = await memoryApp().say('adelev@example.com', 'show pending invitations');
    expect(r.text).toContain('Nestor Wilke');
    expect(r.text).not.toContain('Megan Bowen');
  });
});

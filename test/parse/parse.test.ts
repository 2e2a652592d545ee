// The command language: words and quotes, flags, multi-word commands, plain questions and near-misses.
import { describe, expect, it } from 'vitest';
import type { Failure } from '../../src/commands/failure.ts';
import { MAX_INPUT, type Parsed, parse } from '../../src/parse/parse.ts';
import { tokenize } from '../../src/parse/tokenize.ts';

/** The parse of a line that must succeed: the command's name and its raw arguments. */
function ok(line: string) {
  const p = parse(line);
  if (!p.ok) throw new Error(`expected "${line}" to parse, got ${JSON.stringify(p.failure)}`);
  return { name: p.command.name, raw: p.raw };
}

/** The failure of a line that must not parse. */
function failure(line: string): Failure {
  const p: Parsed = parse(line);
  if (p.ok) throw new Error(`expected "${line}" to fail, got ${p.command.name} ${JSON.stringify(p.raw)}`);
  return p.failure;
}

const INVITE_USAGE =
  'invite EMAIL [--name N] [--company-admin] [--infra-admin X,...] [--member X,...] [--lifetime]';

describe('tokenize', () => {
  it('splits on any run of whitespace', () => {
    expect(tokenize('  team   pending\t--infra  prod-eu ')).toMatchObject({
      ok: true,
      tokens: ['team', 'pending', '--infra', 'prod-eu'],
    });
  });

  it.each([
    ['double quotes', 'invite a@example.com --name "Ana Lima"'],
    ['single quotes', "invite a@example.com --name 'Ana Lima'"],
    ['curly quotes', 'invite a@example.com --name “Ana Lima”'],
    ['curly single quotes', 'invite a@example.com --name ‘Ana Lima’'],
  ])('%s keep spaces', (_, line) => {
    expect(tokenize(line)).toMatchObject({
      ok: true,
      tokens: ['invite', 'a@example.com', '--name', 'Ana Lima'],
    });
  });

  it('reads an escaped quote and an escaped backslash inside double quotes', () => {
    expect(tokenize('case open prod-eu "the \\"big\\" one \\\\ here"')).toMatchObject({
      ok: true,
      tokens: ['case', 'open', 'prod-eu', 'the "big" one \\ here'],
    });
  });

  it('keeps an empty quoted string as an empty word', () => {
    expect(tokenize('invite a@example.com --name ""')).toMatchObject({
      ok: true,
      tokens: ['invite', 'a@example.com', '--name', ''],
    });
  });

  it.each([
    ['"Ana Lima', '"'],
    ["'Ana Lima", "'"],
    ['“Ana Lima', '”'],
  ])('an unterminated quote in %s is a problem naming the missing quote', (arg, quote) => {
    const t = tokenize(`invite a@example.com --name ${arg}`);
    expect(t.ok).toBe(false);
    if (!t.ok) expect(t.problem).toBe(`a quote (${quote}) is not closed`);
  });

  it('an unterminated quote reaches the user as an invalid message', () => {
    expect(failure('invite a@example.com --name "Ana')).toEqual({
      kind: 'invalid',
      field: 'message',
      problem: 'a quote (") is not closed',
    });
  });
});

describe('flags', () => {
  it('reads --name value, --name=value and boolean flags', () => {
    expect(ok('invite a@example.com --name "Ana Lima" --member prod-eu,dev-eu --lifetime')).toEqual({
      name: 'invite',
      raw: { email: 'a@example.com', name: 'Ana Lima', member: 'prod-eu,dev-eu', lifetime: true },
    });
    expect(ok('invite a@example.com --name=Ana --infra-admin=prod-eu').raw).toEqual({
      email: 'a@example.com',
      name: 'Ana',
      'infra-admin': 'prod-eu',
    });
  });

  it('keeps everything after the first = as the value', () => {
    expect(ok('audit --member=a=b@example.com').raw).toEqual({ member: 'a=b@example.com' });
  });

  it('reads flag names case-insensitively and flags before positionals', () => {
    expect(ok('team --INFRA prod-eu pending').raw).toEqual({ infra: 'prod-eu', status: 'pending' });
  });

  it('an unknown flag names the flag and suggests the closest one, with the usage', () => {
    const f = failure('invite a@example.com --infra-admn prod-eu');
    expect(f).toEqual({
      kind: 'invalid',
      field: '--infra-admn',
      problem: 'is not a flag of invite; did you mean --infra-admin?',
      usage: INVITE_USAGE,
    });
  });

  it('a flag on a command without flags says it takes none', () => {
    expect(failure('whoami --verbose')).toMatchObject({
      kind: 'invalid',
      field: '--verbose',
      problem: 'whoami takes no flags',
    });
  });

  it.each([
    ['at the end', 'invite a@example.com --name'],
    ['before another flag', 'invite a@example.com --name --lifetime'],
  ])('a flag missing its value (%s) is invalid with the usage', (_, line) => {
    expect(failure(line)).toEqual({
      kind: 'invalid',
      field: '--name',
      problem: 'needs a value',
      usage: INVITE_USAGE,
    });
  });
});

describe('commands', () => {
  it('reads multi-word commands and their arguments', () => {
    expect(ok('grant company-admin leeg@example.com')).toEqual({
      name: 'grant company-admin',
      raw: { email: 'leeg@example.com' },
    });
    expect(ok('GRANT Access adelev@example.com dev-eu')).toEqual({
      name: 'grant access',
      raw: { email: 'adelev@example.com', infra: 'dev-eu' },
    });
    expect(ok('security-contact set meganb@example.com +44 20 7946 0958')).toEqual({
      name: 'security-contact set',
      raw: { email: 'meganb@example.com', phone: '+44 20 7946 0958' },
    });
    expect(ok('security-contact clear meganb@example.com').name).toBe('security-contact clear');
  });

  it('case open takes the rest of the words as the title', () => {
    expect(ok('case open prod-eu Deploys fail with a timeout')).toEqual({
      name: 'case open',
      raw: { infra: 'prod-eu', title: 'Deploys fail with a timeout' },
    });
    expect(ok('case open prod-eu "Deploys  fail"').raw.title).toBe('Deploys  fail');
  });

  it('tells audit verify from audit', () => {
    expect(ok('audit verify')).toEqual({ name: 'audit verify', raw: {} });
    expect(ok('audit')).toEqual({ name: 'audit', raw: {} });
    expect(ok('audit --since 7d --infra prod-eu')).toEqual({
      name: 'audit',
      raw: { since: '7d', infra: 'prod-eu' },
    });
  });

  it('accepts the /portal prefix', () => {
    expect(ok('/portal team pending')).toEqual({ name: 'team', raw: { status: 'pending' } });
    expect(ok('  /Portal who admins prod-eu').name).toBe('who admins');
    expect(ok('/portal')).toEqual({ name: 'help', raw: {} });
  });

  it.each(['', '   ', '\t'])('empty input %j is help', (line) => {
    expect(ok(line)).toEqual({ name: 'help', raw: {} });
  });

  it('too many arguments is invalid with the usage', () => {
    expect(failure('grant access adelev@example.com prod-eu dev-eu')).toEqual({
      kind: 'invalid',
      field: 'arguments',
      problem: 'grant access takes 2 arguments, got 3',
      usage: 'grant access EMAIL INFRA [--for 8h]',
    });
    expect(failure('whoami now')).toMatchObject({
      field: 'arguments',
      problem: 'whoami takes no arguments, got 1',
    });
    expect(failure('audit verify all')).toMatchObject({ field: 'arguments', usage: 'audit verify' });
  });
});

describe('plain questions', () => {
  it.each([
    ['who admins prod-eu?', 'who admins', { infra: 'prod-eu' }],
    ['Who manages prod-eu', 'who admins', { infra: 'prod-eu' }],
    ['who is the admin of dev-eu?', 'who admins', { infra: 'dev-eu' }],
    ['who is the security contact?', 'security-contacts', {}],
    ["Who's the security contact", 'security-contacts', {}],
    ['what can I do?', 'help', {}],
    ['who am I?', 'whoami', {}],
    ['when does the license of prod-eu expire?', 'license', { infra: 'prod-eu' }],
    ['When does the licence for dev-eu expire', 'license', { infra: 'dev-eu' }],
    ['who is pending?', 'team', { status: 'pending' }],
    ['/portal who admins prod-eu?', 'who admins', { infra: 'prod-eu' }],
  ])('%j -> %s', (line, name, raw) => {
    expect(ok(line)).toEqual({ name, raw });
  });
});

describe('near-misses', () => {
  it.each([
    ['grnat access adelev@example.com prod-eu', 'grant access', 'grant access EMAIL INFRA [--for 8h]'],
    ['invit', 'invite', INVITE_USAGE],
    ['slot prod-eu', 'slots', 'slots INFRA'],
    [
      'tema pending',
      'team',
      'team [active|pending|contacts] [--infra X] [--search TEXT] [--page N] [--export csv]',
    ],
  ])('%j -> unknown-command suggesting %s with its usage', (line, name, usage) => {
    expect(failure(line)).toEqual({ kind: 'unknown-command', input: line, suggestion: { name, usage } });
  });

  it('slots INFRA is a command of its own, not a near-miss', () => {
    expect(ok('slots prod-eu')).toEqual({ name: 'slots', raw: { infra: 'prod-eu' } });
  });

  it('nonsense gets no suggestion', () => {
    const f = failure('xyzzy plugh');
    expect(f).toEqual({ kind: 'unknown-command', input: 'xyzzy plugh' });
  });
});

describe('hostile input', () => {
  it(`refuses input over ${MAX_INPUT} characters, saying how long it is`, () => {
    const line = `case open prod-eu ${'x'.repeat(MAX_INPUT)}`;
    expect(failure(line)).toEqual({
      kind: 'invalid',
      field: 'message',
      problem: `is ${line.length} characters; the limit is ${MAX_INPUT}`,
    });
  });

  it('accepts input of exactly the limit', () => {
    const line = `case open prod-eu ${'x'.repeat(MAX_INPUT - 'case open prod-eu '.length)}`;
    expect(line).toHaveLength(MAX_INPUT);
    expect(ok(line).name).toBe('case open');
  });

  it.each([
    ['bell', 'invite a@example.com --name "Ana\u0007"'],
    ['escape', 'team \u001b[2J'],
    ['DEL', 'team\u007f'],
    ['C1', 'team \u009b31m'],
  ])('refuses control characters (%s)', (_, line) => {
    expect(failure(line)).toEqual({
      kind: 'invalid',
      field: 'message',
      problem: 'holds control characters; type plain text',
    });
  });
});

describe('quoted words and flag values', () => {
  it('a quoted word that starts with -- is text, not a flag', () => {
    const p = parse('case open prod-eu "--force fails on deploy"');
    expect(p).toMatchObject({ ok: true, raw: { infra: 'prod-eu', title: '--force fails on deploy' } });
  });

  it('--flag="value with spaces" keeps the spaces and drops the quotes', () => {
    const p = parse('invite q@example.com --name="Ana Lima" --member prod-eu');
    expect(p).toMatchObject({
      ok: true,
      raw: { email: 'q@example.com', name: 'Ana Lima', member: 'prod-eu' },
    });
  });
});

describe('invisible characters in typed input', () => {
  const ZWSP = '\u200B';
  it('a command copied with zero-width spaces in it runs as the command', () => {
    expect(ok(`slot${ZWSP} re${ZWSP}gister prod${ZWSP}-eu perf`)).toEqual({
      name: 'slot register',
      raw: { infra: 'prod-eu', env: 'perf' },
    });
    expect(ok(`team --in${ZWSP}fra prod-eu`)).toMatchObject({ name: 'team', raw: { infra: 'prod-eu' } });
  });

  it('bidi controls and other format characters are dropped outside quotes', () => {
    expect(ok('\u202Ewho\u2066ami\u2069\uFEFF').name).toBe('whoami');
  });

  it('a plain question copied with them still matches', () => {
    expect(ok(`who admins prod${ZWSP}-eu?`)).toEqual({ name: 'who admins', raw: { infra: 'prod-eu' } });
  });

  it('a line of nothing but invisible characters is help', () => {
    expect(ok(`${ZWSP}\u2060`).name).toBe('help');
  });

  it('quoted text is kept for its schema to judge (it strips, or refuses invisible-only text)', () => {
    expect(ok(`invite ana@example.com --name "${ZWSP}"`).raw.name).toBe(ZWSP);
  });
});

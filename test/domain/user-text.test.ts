// The one sanitiser for user text: invisible and direction-changing characters out; text made only of them refused.
import { describe, expect, it } from 'vitest';
import { NameSchema, TextSchema } from '../../src/domain/schemas.ts';
import { optionalUserText, stripInvisible } from '../../src/domain/user-text.ts';
import { memoryApp } from '../fakes/app.ts';

const ALEX = 'alexw@example.com';
const ZWSP = '\u200B';

describe('stripInvisible', () => {
  it.each([
    ['zero-width space, non-joiner, word joiner, BOM', `a${ZWSP}b\u200Cc\u2060d\uFEFFe`, 'abcde'],
    ['bidi marks', 'a\u200Eb\u200Fc\u061Cd', 'abcd'],
    ['bidi embeddings and overrides (U+202A–U+202E)', 'a\u202Ab\u202Bc\u202Cd\u202De\u202Ef', 'abcdef'],
    ['bidi isolates (U+2066–U+2069)', 'a\u2066b\u2067c\u2068d\u2069e', 'abcde'],
    ['soft hyphen, invisible operators', 'a\u00ADb\u2062c\u2064d', 'abcd'],
    ['Hangul fillers, braille blank, combining grapheme joiner', 'a\u3164b\u115Fc\u2800d\u034Fe', 'abcde'],
    ['tag characters outside a flag', `a\u{E0067}b`, 'ab'],
    ['a right-to-left override hiding a reversed name', 'Ana\u202Egro.live', 'Anagro.live'],
  ])('removes %s', (_, input, output) => {
    expect(stripInvisible(input)).toBe(output);
  });

  it.each([
    ['a joined emoji sequence', '👩\u200D💻'],
    ['an emoji with its presentation selector', '❤\uFE0F'],
    ['a skin-tone sequence joined', '👩🏽\u200D🚀'],
    ['a subdivision flag', '🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}'],
    ['letters, accents and scripts', 'José Ñúñez, 李小龙, Анна, عائشة'],
  ])('keeps %s', (_, input) => {
    expect(stripInvisible(input)).toBe(input);
  });

  it('drops a joiner that joins nothing', () => {
    expect(stripInvisible('\u200DAna\u200D')).toBe('Ana');
  });
});

describe('the schemas that take user text', () => {
  it.each([
    ['zero-width spaces', ZWSP.repeat(5)],
    ['bidi controls', '\u202E\u2066\u2069'],
    ['a mix, between spaces', ` ${ZWSP}\u200C\uFEFF `],
    ['variation selectors alone', '\uFE0F\uFE0F'],
  ])('a name made only of %s is refused as such', (_, name) => {
    const r = NameSchema.safeParse(name);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('a name cannot be made only of invisible characters');
  });

  it('an empty name is refused as empty', () => {
    expect(NameSchema.safeParse('   ').error?.issues[0]?.message).toBe('a name cannot be empty');
  });

  it('a name with a hidden override is stored without it', () => {
    expect(NameSchema.parse('  Ana\u202E Lima ')).toBe('Ana Lima');
  });

  it('the limit counts what is kept, not what was stripped', () => {
    expect(NameSchema.safeParse(`${'a'.repeat(100)}${ZWSP.repeat(50)}`).success).toBe(true);
    expect(NameSchema.safeParse('a'.repeat(101)).success).toBe(false);
  });

  it('control characters are still refused, by name', () => {
    expect(TextSchema('a reason', 500).safeParse('ok\u0007').error?.issues[0]?.message).toBe(
      'a reason cannot hold control characters',
    );
  });

  it('optional text: blank is absent, invisible-only is refused', () => {
    const reason = optionalUserText('a reason', 500);
    expect(reason.parse(undefined)).toBeUndefined();
    expect(reason.parse('  ')).toBeUndefined();
    expect(reason.safeParse(ZWSP).error?.issues[0]?.message).toBe(
      'a reason cannot be made only of invisible characters',
    );
    expect(reason.parse(` late\u202E `)).toBe('late');
  });
});

describe('through the commands, typed or pressed', () => {
  it.each([
    [
      'invite --name',
      `invite ana@example.com --name "${ZWSP}${ZWSP}"`,
      'a name cannot be made only of invisible',
    ],
    [
      'request --reason',
      `request infra-admin dev-eu --reason "\u202E\u2066"`,
      'a reason cannot be made only of invisible',
    ],
    ['case open TITLE', `case open prod-eu "${ZWSP}"`, 'TITLE cannot be made only of invisible'],
    ['deny --reason', `deny AR-1001 --reason "${ZWSP}"`, 'a reason cannot be made only of invisible'],
  ])('%s of invisible characters only is refused and changes nothing', async (_, line, message) => {
    const app = memoryApp();
    const before = JSON.stringify(await app.data());
    const r = await app.say(ALEX, line);
    expect(r.ok).toBe(false);
    expect(r.text).toContain(message);
    expect(JSON.stringify(await app.data())).toBe(before);
  });

  it('a form submission (a pressed command) is held to the same schema', async () => {
    const app = memoryApp();
    const r = await app.press(ALEX, {
      name: 'invite',
      args: { email: 'ana@example.com', name: '\u3164\u3164' },
    });
    expect(r.text).toContain('a name cannot be made only of invisible characters');
    expect((await app.data()).companies[0]?.members.some((m) => m.email === 'ana@example.com')).toBe(false);
  });

  it('a name with a right-to-left override is stored without it', async () => {
    const app = memoryApp();
    expect((await app.say(ALEX, 'invite ana@example.com --name "Ana \u202Egro.live"')).ok).toBe(true);
    const ana = (await app.data()).companies[0]?.members.find((m) => m.email === 'ana@example.com');
    expect(ana?.name).toBe('Ana gro.live');
  });
});

// Generators of malformed payloads: a real payload with one field broken (and noise elsewhere), or no payload at all.
import fc from 'fast-check';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** How many bodies each endpoint gets: at least 300, and many more under `npm run test:deep`. */
export const RUNS = process.env.DEEP === '1' ? 2000 : 300;

/** Strings that have broken parsers before: markup, mentions, controls, bidi, huge, numeric-looking. */
export const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\u202Eevil',
    '\u200B',
    '<!channel>',
    '<@U0BOT>',
    '<at>Portal</at>',
    '{"c":"whoami","a":{}}',
    'undefined',
    'null',
    'NaN',
    '-1',
    '1e309',
    '__proto__',
    'constructor',
    'x'.repeat(5000),
    '%F0%9F',
    '\uD800',
  ),
);

/** Any JSON value, shallow or nested, including the awkward ones. */
export const junk: fc.Arbitrary<Json> = fc.oneof(
  { depthSize: 'small' },
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  nastyString,
  fc.array(fc.oneof(fc.integer(), nastyString), { maxLength: 4 }),
  fc.dictionary(nastyString, fc.oneof(fc.integer(), nastyString, fc.constant(null)), { maxKeys: 4 }),
);

export type Mutation = { path: string[]; op: 'delete' } | { path: string[]; op: 'set'; value: Json };

/** Applies mutations to a copy; a path through something that is not an object makes the object. */
export function mutate<T>(base: T, mutations: Mutation[]): Json {
  const root = structuredClone(base) as unknown as Json;
  for (const m of mutations) {
    let node = root as { [k: string]: Json };
    for (const key of m.path.slice(0, -1)) {
      const next = node[key];
      if (next === null || typeof next !== 'object' || Array.isArray(next)) node[key] = {};
      node = node[key] as { [k: string]: Json };
    }
    const last = m.path.at(-1) as string;
    if (m.op === 'delete') delete node[last];
    else node[last] = m.value;
  }
  return root;
}

/** All paths to leaves (and objects) of a JSON value, for noise anywhere. */
export function pathsOf(x: unknown, prefix: string[] = []): string[][] {
  if (x === null || typeof x !== 'object') return [prefix];
  const out: string[][] = prefix.length ? [prefix] : [];
  for (const [k, v] of Object.entries(x)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}

/** Noise: a few fields anywhere set to junk or deleted (it may or may not break the payload). */
export const noise = (base: unknown): fc.Arbitrary<Mutation[]> => {
  const paths = pathsOf(base);
  return fc.array(
    fc.oneof(
      fc.record({ path: fc.constantFrom(...paths), op: fc.constant('delete' as const) }),
      fc.record({ path: fc.constantFrom(...paths), op: fc.constant('set' as const), value: junk }),
      fc.record({
        path: fc.tuple(fc.constantFrom(...paths), nastyString).map(([p, k]) => [...p.slice(0, -1), k]),
        op: fc.constant('set' as const),
        value: junk,
      }),
    ),
    { maxLength: 3 },
  );
};

/** One break from a list (each of which alone makes the payload unusable), applied after the noise. */
export const broken = <T>(base: T, breaks: fc.Arbitrary<Mutation[]>[]): fc.Arbitrary<Json> =>
  fc.tuple(noise(base), fc.oneof(...breaks)).map(([n, b]) => mutate(base, [...n, ...b]));

export const del = (...path: string[]): fc.Arbitrary<Mutation[]> => fc.constant([{ path, op: 'delete' }]);
export const set = (path: string[], value: fc.Arbitrary<Json>): fc.Arbitrary<Mutation[]> =>
  value.map((v) => [{ path, op: 'set' as const, value: v }]);
/** Several breaks that only together make the payload unusable (e.g. both places a tenant may be). */
export const all = (...parts: fc.Arbitrary<Mutation[]>[]): fc.Arbitrary<Mutation[]> =>
  fc.tuple(...parts).map((ms) => ms.flat());
/** Anything but a string (a wrong type). */
export const notString: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);
/** Anything but an object. */
export const notObject: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  nastyString,
);

/** Text that is not JSON at all, or JSON that is not an object. */
export const notJsonObject: fc.Arbitrary<string> = fc.oneof(
  nastyString,
  fc.constantFrom('{', '[', '{"type":', '[]', '1', '"x"', 'null', 'true', '{"a":1}}'),
  junk.filter((j) => j === null || typeof j !== 'object' || Array.isArray(j)).map((j) => JSON.stringify(j)),
);

// The last step of `npm run build`: the bot's entry (src/app/main.ts) bundled into dist/src/app/main.js, with
// the chats and the PostgreSQL store in chunks loaded only when configured. A start then reads a few large
// files instead of resolving and compiling some 400 small ones, which is most of what a cold start costs
// (issue 10: from about 1,000 ms to about 600 ms at 10,000 members). The other entries (import, migrate,
// console) stay as tsc compiled them, beside it.
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

/**
 * zod's `locales` namespace holds every language's error messages (290 kB); the bot uses English only, which
 * zod imports on its own. The namespace keeps `en` and nothing else.
 */
const englishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer)
        ? {
            path: join(dirname(args.importer), args.path.replace(/index\.js$/, 'en.js')),
            namespace: 'zod-en',
          }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-en' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
    }));
  },
};

// The snapshot checksum's schema fingerprint, computed by the same code tsc just compiled (see snapshot-format.ts).
const { computeSchemaFingerprint } = await import('../dist/src/store/snapshot-format.js');

const result = await build({
  plugins: [englishOnly],
  define: { BUNDLED_SCHEMA_FINGERPRINT: JSON.stringify(computeSchemaFingerprint()) },
  entryPoints: { main: 'src/app/main.ts' },
  outdir: 'dist/src/app',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  // Left to node_modules: botbuilder (large, archived, loaded only with Teams), node-pg-migrate (loaded only
  // when a migration is pending), libphonenumber-js (required lazily at run time), pino-pretty (development
  // only, absent from the image), pg-native (pg's optional native driver, never installed).
  external: [
    'botbuilder',
    'botbuilder-*',
    'botframework-*',
    'node-pg-migrate',
    'libphonenumber-js',
    'pino-pretty',
    'pg-native',
  ],
  // The CommonJS packages inside (Bolt, express, pg) call require() for Node's own modules.
  banner: {
    js: "import { createRequire as bundleRequire } from 'node:module';\nconst require = bundleRequire(import.meta.url);",
  },
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'linked',
  logLevel: 'warning',
  metafile: process.env.BUNDLE_META === '1',
});
if (result.metafile) {
  const { writeFile } = await import('node:fs/promises');
  await writeFile('dist/bundle-meta.json', JSON.stringify(result.metafile));
}

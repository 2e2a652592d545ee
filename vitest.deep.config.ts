// `npm run test:deep`: the long suites (faults, hostile input, many property sequences). DEEP=1 scales the
// property tests that also run, smaller, in `npm test`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.deep.test.ts', 'test/**/*.property.test.ts'],
    testTimeout: 30 * 60_000,
    hookTimeout: 5 * 60_000,
    pool: 'forks',
    // The console shows times in the machine's zone; tests read them in UTC wherever they run.
    env: { TZ: 'UTC' },
  },
});

import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The deep suites (`npm run test:deep`) are long fault, hostile and property runs.
    exclude: [...configDefaults.exclude, 'test/**/*.deep.test.ts'],
    // Store tests spawn processes and fsync; two cores are all this machine has.
    testTimeout: 20_000,
    pool: 'forks',
    // The console shows times in the machine's zone; tests read them in UTC wherever they run.
    env: { TZ: 'UTC' },
  },
});

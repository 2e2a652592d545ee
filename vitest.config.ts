import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Store tests spawn processes and fsync; two cores are all this machine has.
    testTimeout: 20_000,
    pool: 'forks',
  },
});

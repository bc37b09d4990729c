import { defineConfig } from 'vitest/config';

// Tests sit beside the code they test (`*.test.ts`). Each test file runs in
// its own forked process: the embedded engine binds one data folder per process.
export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'data/**'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

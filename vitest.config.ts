import { defineConfig } from 'vitest/config';

// Three projects: `unit` runs in parallel (`unit-fetch` repeats its client and reliability suites
// over `fetch`); `timing` holds the few tests whose outcome depends on
// request pacing (rate limits against the stand-in) and runs alone, one file at a time, so that
// the rest of the suite does not compete with it for the CPU.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.timing.test.ts', 'test/bench/**', 'node_modules/**'],
          typecheck: { enabled: true, include: ['test/**/*.test-d.ts'] },
        },
      },
      {
        // The client and reliability suites once more, over `fetch` instead of Node's built-in
        // transport (see test/support/transport.ts): both paths must behave alike.
        extends: true,
        test: {
          name: 'unit-fetch',
          include: ['test/client/**/*.test.ts', 'test/reliability/**/*.test.ts'],
          exclude: ['test/**/*.timing.test.ts', 'node_modules/**'],
          env: { SUBSETS_TEST_TRANSPORT: 'fetch' },
        },
      },
      {
        extends: true,
        test: {
          name: 'timing',
          include: ['test/**/*.timing.test.ts'],
          fileParallelism: false,
        },
      },
    ],
  },
});

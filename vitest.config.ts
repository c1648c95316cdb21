import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    // The e2e suite builds state machines (~0.3 s each) and runs whole drills.
    hookTimeout: 30_000,
    // `npm test` runs with --coverage: the domain, the actions and the adapters hold these floors (measured
    // 2026-12-04: domain 94.5/83.1/88.4, actions 95.6/81.3/95.2, adapters 85.7/67.4/86.5 lines/branches/functions).
    coverage: {
      provider: 'v8',
      include: ['src/domain/**', 'src/actions/**', 'src/adapters/**'],
      reporter: ['text-summary'],
      thresholds: {
        'src/domain/**': { lines: 93, branches: 81, functions: 87 },
        'src/actions/**': { lines: 94, branches: 79, functions: 93 },
        'src/adapters/**': { lines: 84, branches: 65, functions: 85 },
      },
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'rekey',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/contract/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'contract',
          include: ['test/contract/**/*.test.ts'],
          globalSetup: ['test/contract/moto-server.ts'],
          // The files share one moto server and reset it: one file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});

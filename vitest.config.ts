import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    // The e2e suite builds state machines (~0.3 s each) and runs whole drills.
    hookTimeout: 30_000,
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

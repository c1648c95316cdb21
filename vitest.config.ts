import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/contract/moto-server.ts'],
    testTimeout: 30_000,
    // The e2e suite builds state machines (~0.3 s each) and runs whole drills.
    hookTimeout: 30_000,
  },
});

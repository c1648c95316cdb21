import { defineConfig } from 'vitest/config';

/** `npm run twin`: the packaged stack on local AWS stand-ins (twin/); one file at a time, each its own twin. */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['twin/**/*.test.ts'],
    fileParallelism: false,
    // Packaging and creating the stack take ~20 s; a playbook runs for seconds.
    hookTimeout: 180_000,
    testTimeout: 120_000,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Generous: CLI and process tests spawn Node (about 1-2 s each here, more under load). Hangs still fail.
    testTimeout: 60_000,
    hookTimeout: 20_000,
    // Adapter tests open loopback servers and spawn processes; two cores, so keep the pool small.
    maxWorkers: 2,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Adapter tests open loopback servers and spawn processes; two cores, so keep the pool small.
    maxWorkers: 2,
  },
});

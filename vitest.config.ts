import { defineConfig } from 'vitest/config';

// Two projects: `unit` needs nothing running; `integration` shares one Temporal dev server and one
// Postgres for the whole run (test/global-setup.ts). Temporal's native bridge needs forks, not threads.
export default defineConfig({
  test: {
    pool: 'forks',
    projects: [
      {
        extends: true,
        // Generous: property tests and thread start-ups are CPU-bound, and CI machines are shared.
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000 },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});

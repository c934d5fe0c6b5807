import { defineConfig } from 'vitest/config'

/**
 * The team-mode tests (issue 18): a real nats-server, real poller and viewer processes and the vendor sandboxes.
 * One file, run in order, on its own so its processes do not compete with the unit tests for the two cores.
 */
export default defineConfig({
  test: {
    include: ['src-main/**/*.team.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
})

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    // Generous bounds that only catch hangs (no test asserts on wall-clock time: the machine may be loaded).
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    // One fork per worker reused across files instead of one per file: ~110 files × ~2 s of startup
    // saved on a 2-core machine. Safe here: no test mocks modules or leaves globals, timers or env
    // changed (the one spy and the one fake clock are restored in `finally`).
    isolate: false,
  },
});

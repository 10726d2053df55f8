import { readdirSync, readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/**
 * Test files that mock modules (`vi.mock`) need a module registry of their own, so they run
 * isolated (a fresh worker per file). Every other file shares its worker's modules with the files
 * that ran before it there (`isolate: false`): a fresh worker and a fresh import of src/ per file
 * cost about a sixth of the suite. What a file creates it cleans up at its own end (cleanup hooks
 * registered through __tests__/cleanup.ts run from __tests__/setup.ts, which runs for every file),
 * and a file that changes process-wide state (process.env, a registry) restores it.
 */
const MOCKS = /\bvi\.(?:mock|doMock)\(/;
const ISOLATED = readdirSync('__tests__', { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.test.ts') && MOCKS.test(readFileSync(`__tests__/${f}`, 'utf8')))
  .map((f) => `__tests__/${f}`);

export default defineConfig({
  test: {
    setupFiles: ['__tests__/setup.ts'],
    // Generous bounds that only catch hangs (no test asserts on wall-clock time: the machine may be loaded).
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      // (no `include` above: a project that extends the root would add its own to it)
      { extends: true, test: { name: 'shared', isolate: false, include: ['__tests__/**/*.test.ts'], exclude: ISOLATED } },
      { extends: true, test: { name: 'isolated', isolate: true, include: ISOLATED } },
    ],
  },
});

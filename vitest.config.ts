import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

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

/**
 * The files that take longest (10 s or more in a run of the whole suite), longest first. Vitest
 * starts the files it knows to be slow first, from the results of the last run; without them (a
 * fresh clone, and CI, whose npm ci starts without node_modules/.vite) it starts the largest files
 * first, and a file slow for its size (graph/real-code.test.ts) was left for the end with the other
 * worker idle. So these start first whenever a file has no result of an earlier run. A stale list
 * costs time only; refresh it from `npx vitest run --reporter=json --outputFile=…` when it drifts.
 */
const SLOW = [
  'docs/examples',
  'hostile/limits',
  'e2e/baseline-action',
  'graph/real-code',
  'e2e/sarif-levels-input',
  'e2e/fact-cache',
  'hostile/git',
  'hostile/resources',
  'hostile/messages',
  'e2e/readme-workflows',
  'hostile/escapes',
  'hostile/command',
  'e2e/example-map',
  'e2e/js-real-trees',
  'e2e/action',
].map((f) => path.resolve('__tests__', `${f}.test.ts`));

class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    if (files.every((f) => this.ctx.cache.getTestSpecificationResult(f))) return sorted;
    const rank = (f: TestSpecification): number => {
      const i = SLOW.indexOf(f.moduleId);
      return i === -1 ? SLOW.length : i;
    };
    return sorted
      .map((f, i) => ({ f, i }))
      .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
      .map(({ f }) => f);
  }
}

export default defineConfig({
  test: {
    setupFiles: ['__tests__/setup.ts'],
    // Generous bounds that only catch hangs (no test asserts on wall-clock time: the machine may be loaded).
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    sequence: { sequencer: SlowFirst },
    projects: [
      // (no `include` above: a project that extends the root would add its own to it)
      { extends: true, test: { name: 'shared', isolate: false, include: ['__tests__/**/*.test.ts'], exclude: ISOLATED } },
      { extends: true, test: { name: 'isolated', isolate: true, include: ISOLATED } },
    ],
  },
});

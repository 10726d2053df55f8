import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCruise, loadDepcruise } from '../../src/graph/depcruise.js';
import { cruiseFixture, FIXTURE_MODULES, writeFixture, type ProbeSummary } from '../fixtures/ts-bundle/probe.mjs';

describe('loadDepcruise (from source)', () => {
  let dir: string;
  let summary: ProbeSummary;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lag-depcruise-'));
    writeFixture(dir);
    const api = await loadDepcruise();
    summary = await cruiseFixture(api, dir);
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads once and caches', async () => {
    const [first, second] = await Promise.all([loadDepcruise(), loadDepcruise()]);
    expect(first).toBe(second);
    expect(await loadCruise()).toBe(first.cruise);
    expect(typeof first.extractTSConfig).toBe('function');
  });

  it('reports the TypeScript that parses .ts files', async () => {
    expect((await loadDepcruise()).typescriptVersion).toMatch(/^typescript@\d+\.\d+\.\d+$/);
  });

  it('parses every .ts file of the fixture', () => {
    expect(summary.modules).toEqual(FIXTURE_MODULES);
  });

  it('finds the cycle a.ts -> b.ts -> a.ts', () => {
    const edge = (from: string, to: string) => summary.edges.find((e) => e.from === from && e.to === to);
    expect(edge('src/a.ts', 'src/b.ts')?.circular).toBe(true);
    expect(edge('src/b.ts', 'src/a.ts')?.circular).toBe(true);
  });

  it('resolves the tsconfig paths alias', () => {
    const alias = summary.edges.find((e) => e.module === '@lib/c');
    expect(alias?.to).toBe('src/lib/c.ts');
    expect(alias?.types).toContain('aliased-tsconfig-paths');
  });

  it('marks `import type` edges as type-only', () => {
    const typeOnly = summary.edges.find((e) => e.from === 'src/a.ts' && e.to === 'src/types.ts');
    expect(typeOnly?.types).toContain('type-only');
    expect(summary.edges.filter((e) => e.types.includes('type-only'))).toHaveLength(1);
  });
});

/**
 * The vendor bundle works on its own: dist/ copied to a temp dir with no
 * node_modules anywhere above it, run by Node 24, parses TypeScript for real.
 * (Without TypeScript, dependency-cruiser does not fail: it silently skips .ts
 * files, so this asserts the .ts -> .ts edges, not only that nothing threw.)
 * Needs a built dist/: run `npm run bundle` first.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_MODULES, type ProbeSummary } from '../fixtures/ts-bundle/probe.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = join(ROOT, 'dist');
const VENDOR = 'vendor/depcruise.mjs';
const PROBE = join(ROOT, '__tests__/fixtures/ts-bundle/probe.mjs');
// The Action runs on node24; use it even when vitest itself runs on another Node.
const NODE24 = Number(process.versions.node.split('.')[0]) >= 24 ? process.execPath : join(ROOT, 'node_modules/node/bin/node');

function nodeModulesAbove(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'node_modules'))) return join(d, 'node_modules');
    if (dirname(d) === d) return undefined;
  }
}

describe('dist/vendor/depcruise.mjs without node_modules', () => {
  let work: string;
  let summary: ProbeSummary;

  beforeAll(() => {
    if (!existsSync(join(DIST, VENDOR))) {
      throw new Error(`${join(DIST, VENDOR)} is missing: run \`npm run bundle\` before the e2e tests`);
    }
    work = mkdtempSync(join(tmpdir(), 'lag-e2e-depcruise-'));
    const stray = nodeModulesAbove(work);
    if (stray) throw new Error(`${stray} exists above the temp dir, so this test could not prove self-containment`);
    cpSync(DIST, join(work, 'dist'), { recursive: true });
    cpSync(PROBE, join(work, 'probe.mjs'));

    const run = spawnSync(NODE24, ['probe.mjs', `./dist/${VENDOR}`, join(work, 'project')], {
      cwd: work,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', NODE_PATH: '' },
    });
    if (run.status !== 0) throw new Error(`the probe failed (exit ${run.status}):\n${run.stderr}${run.stdout}`);
    summary = JSON.parse(run.stdout) as ProbeSummary;
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('loads the TypeScript compiler from the bundle', () => {
    expect(summary.typescript).toMatch(/^typescript@\d+\.\d+\.\d+$/);
    expect(existsSync(join(work, 'node_modules'))).toBe(false);
  });

  it('parses every .ts file (none silently skipped)', () => {
    expect(summary.modules).toEqual(FIXTURE_MODULES);
  });

  it('finds the .ts -> .ts dependencies, including the cycle', () => {
    const edges = summary.edges.map((e) => `${e.from} -> ${e.to}${e.circular ? ' (circular)' : ''}`);
    expect(edges).toEqual(['src/a.ts -> src/b.ts (circular)', 'src/a.ts -> src/types.ts', 'src/b.ts -> src/a.ts (circular)', 'src/b.ts -> src/lib/c.ts']);
  });

  it('resolves the tsconfig paths alias', () => {
    const alias = summary.edges.find((e) => e.module === '@lib/c');
    expect(alias?.to).toBe('src/lib/c.ts');
    expect(alias?.types).toContain('aliased-tsconfig-paths');
  });

  it('sees `import type` as a type-only edge', () => {
    const typeOnly = summary.edges.find((e) => e.to === 'src/types.ts');
    expect(typeOnly?.types).toContain('type-only');
  });

  it('keeps dependency-cruiser and TypeScript out of index.js and cli.js', () => {
    const entries = readdirSync(DIST).filter((f) => f === 'index.js' || f === 'cli.js');
    for (const entry of entries) {
      const text = readFileSync(join(DIST, entry), 'utf8');
      // a TypeScript compiler diagnostic: present only if the compiler was bundled in
      expect(text, entry).not.toContain('Type instantiation is excessively deep and possibly infinite');
      expect(text.length, entry).toBeLessThan(4 * 1024 * 1024);
    }
  });

  it('has a working cli.js in the copy', () => {
    expect(existsSync(join(work, 'dist/cli.js'))).toBe(true);
    const run = spawnSync(NODE24, ['dist/cli.js', '--version'], { cwd: work, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it("the copied dist/cli.js finds the TypeScript fixture's cycle with a no-cycles guardrail", () => {
    // The probe wrote the fixture into project/ (a.ts ⇄ b.ts, an @lib alias, an `import type`).
    writeFileSync(join(work, 'guardrails.yaml'), 'version: 1\nguardrails:\n  - id: no-cycles\n    check: no-cycles\n    language: javascript\n');
    const run = spawnSync(NODE24, ['dist/cli.js', 'check', '--root', 'project', '--config', 'guardrails.yaml', '--format', 'json'], {
      cwd: work,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', NODE_PATH: '' },
    });
    expect(run.status, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as { findings: { ruleId: string; file: string; properties: { members: string[] } }[] };
    expect(report.findings.map((f) => [f.ruleId, f.file, f.properties.members])).toEqual([['no-cycles', 'src/a.ts', ['src/a.ts', 'src/b.ts']]]);
  });
});

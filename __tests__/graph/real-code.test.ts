import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/engine.js';
import { countTs, npmSrc, REAL_CODE_DIR, REAL_TS_PACKAGES } from '../../bench/npm-src.mjs';
// @ts-expect-error plain ESM helpers shared with the benchmark
import { sccs } from '../../bench/lib.mjs';
import { tmpDir } from '../helpers.js';

const REPO = path.resolve(new URL('../..', import.meta.url).pathname);

/** The depcruise CLI's own graph of a tree, as tangles computed by an independent Tarjan. */
function depcruiseTangles(dir: string, post: boolean): string[] {
  const work = tmpDir('la-dc-');
  const cfg = path.join(work, 'dc.cjs');
  writeFileSync(cfg, `module.exports = { options: { tsPreCompilationDeps: ${post ? 'false' : 'true'}, doNotFollow: { path: 'node_modules' }, exclude: { path: 'node_modules' } } };`);
  const r = spawnSync(process.execPath, [path.join(REPO, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs'), '.', '--config', cfg, '--output-type', 'json', '--no-progress'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const out = JSON.parse(r.stdout) as {
    modules: { source: string; coreModule?: boolean; couldNotResolve?: boolean; dependencies: { resolved: string; coreModule: boolean; couldNotResolve: boolean }[] }[];
  };
  const nodes = out.modules.filter((m) => !m.coreModule && !m.couldNotResolve && !m.source.includes('node_modules')).map((m) => m.source);
  expect(nodes.length).toBeGreaterThanOrEqual(countTs(dir));
  const edges = out.modules.flatMap((m) => m.dependencies.filter((d) => !d.coreModule && !d.couldNotResolve).map((d) => [m.source, d.resolved]));
  return sccs(nodes, edges);
}

async function ourTangles(dir: string, ignoreTypeOnly: boolean): Promise<string[]> {
  const cfg = path.join(tmpDir('la-cfg-'), 'g.yaml');
  writeFileSync(cfg, `version: 1\nguardrails:\n  - id: nc\n    check: no-cycles\n    language: javascript\n    ignore-type-only: ${ignoreTypeOnly}\n`);
  const report = await run({ root: dir, config: { path: cfg, display: 'g.yaml', explicit: true }, failOn: 'none' });
  // the whole tree was read (an empty read would make "no tangles on either side" pass vacuously)
  expect(report.workspace.files).toBeGreaterThanOrEqual(countTs(dir));
  return report.findings.map((f) => (f.properties!.members as string[]).join(' ')).sort();
}

// The trees come from the real-code cache, filled by `npm run fetch-real-code` (.ci/run runs it
// before the tests): the suite never fetches. Each tree is compared in one depcruise mode, so the three
// trees cover both: rxjs and @reduxjs/toolkit at runtime (post-compilation), effect (the largest, the
// one with the most type-level tangles) with type-only imports (pre-compilation).
const MODES: Record<string, 'runtime' | 'types'> = { 'rxjs@7.8.2': 'runtime', 'effect@3.10.0': 'types', '@reduxjs/toolkit@2.3.0': 'runtime' };

describe('real TypeScript code: our tangles equal the depcruise CLI’s', () => {
  it('every pinned package has a mode', () => {
    expect(Object.keys(MODES).sort()).toEqual([...REAL_TS_PACKAGES].sort());
  });
  for (const spec of REAL_TS_PACKAGES) {
    const dir = npmSrc(spec, { fetch: false });
    const mode = MODES[spec]!;
    it.skipIf(dir === null)(
      `${spec}: ${mode === 'runtime' ? 'runtime (post-compilation)' : 'with type-only imports (pre-compilation)'}${dir === null ? ` — not in ${REAL_CODE_DIR}: run npm run fetch-real-code` : ''}`,
      async () => {
        const post = mode === 'runtime';
        const ours = await ourTangles(dir!, post);
        if (!post) expect(ours.length).toBeGreaterThan(0); // this tree does have type-level tangles
        expect(ours).toEqual(depcruiseTangles(dir!, post));
      },
      240_000,
    );
  }
});

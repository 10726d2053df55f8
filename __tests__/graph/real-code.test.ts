import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/engine.js';
// @ts-expect-error plain ESM helpers shared with the benchmark
import { npmSrc, REAL_TS_PACKAGES } from '../../bench/npm-src.mjs';
// @ts-expect-error plain ESM helpers shared with the benchmark
import { sccs } from '../../bench/lib.mjs';

const REPO = path.resolve(new URL('../..', import.meta.url).pathname);

/** The depcruise CLI's own graph of a tree, as tangles computed by an independent Tarjan. */
function depcruiseTangles(dir: string, post: boolean): string[] {
  const work = mkdtempSync(path.join(os.tmpdir(), 'la-dc-'));
  const cfg = path.join(work, 'dc.cjs');
  writeFileSync(cfg, `module.exports = { options: { tsPreCompilationDeps: ${post ? 'false' : 'true'}, doNotFollow: { path: 'node_modules' }, exclude: { path: 'node_modules' } } };`);
  const r = spawnSync(process.execPath, [path.join(REPO, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs'), '.', '--config', cfg, '--output-type', 'json', '--no-progress'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30 });
  const out = JSON.parse(r.stdout) as { modules: { source: string; coreModule?: boolean; couldNotResolve?: boolean; dependencies: { resolved: string; coreModule: boolean; couldNotResolve: boolean }[] }[] };
  const nodes = out.modules.filter((m) => !m.coreModule && !m.couldNotResolve && !m.source.includes('node_modules')).map((m) => m.source);
  const edges = out.modules.flatMap((m) => m.dependencies.filter((d) => !d.coreModule && !d.couldNotResolve).map((d) => [m.source, d.resolved]));
  return sccs(nodes, edges);
}

async function ourTangles(dir: string, ignoreTypeOnly: boolean): Promise<string[]> {
  const cfg = path.join(mkdtempSync(path.join(os.tmpdir(), 'la-cfg-')), 'g.yaml');
  writeFileSync(cfg, `version: 1\nguardrails:\n  - id: nc\n    check: no-cycles\n    language: javascript\n    ignore-type-only: ${ignoreTypeOnly}\n`);
  const report = await run({ root: dir, config: { path: cfg, display: 'g.yaml', explicit: true }, failOn: 'none' });
  return report.findings.map((f) => (f.properties!.members as string[]).join(' ')).sort();
}

describe('real TypeScript code: our tangles equal the depcruise CLI’s', () => {
  for (const spec of REAL_TS_PACKAGES as string[]) {
    it(`${spec}: runtime (post-compilation) and with type-only imports (pre-compilation)`, async () => {
      const dir = npmSrc(spec) as string;
      expect(await ourTangles(dir, true)).toEqual(depcruiseTangles(dir, true));
      const withTypes = await ourTangles(dir, false);
      expect(withTypes.length).toBeGreaterThan(0); // these trees do have type-level tangles
      expect(withTypes).toEqual(depcruiseTangles(dir, false));
    }, 240_000);
  }
});

// Row: our no-cycles (dist/cli.js) against the depcruise CLI in post-compilation mode (the runtime
// semantics our default `ignore-type-only: true` gives), on a generated TypeScript repository and on
// real code, in the same script. Tangles compared as sets of modules.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateTsRepo } from './gen-ts.mjs';
import { fmtMs, row, sccs, timeCommand } from './lib.mjs';
import { npmSrc, REAL_TS_PACKAGES, countTs } from './npm-src.mjs';

export async function jsGraph(repo) {
  const rows = [];
  const trees = [['generated TS repo', generateTsRepo(path.join(os.tmpdir(), 'la-gen-ts-3000'), 3000)], ...REAL_TS_PACKAGES.map((p) => [`${p} src/`, npmSrc(p)])];
  for (const [label, dir] of trees) rows.push(compare(repo, label, dir));
  return rows;
}

function compare(repo, label, dir) {
  const work = mkdtempSync(path.join(os.tmpdir(), 'la-bench-js-'));
  const cfg = path.join(work, 'guardrails.yaml');
  writeFileSync(cfg, 'version: 1\nguardrails:\n  - id: no-cycles\n    check: no-cycles\n    language: javascript\n');
  const json = path.join(work, 'ours.json');
  const ours = timeCommand(process.execPath, [path.join(repo, 'dist/cli.js'), 'check', '--root', dir, '--config', cfg, '--json', json, '--fail-on', 'none'], {}, 3);
  if (ours.status !== 0) throw new Error(`our check failed on ${label}: ${ours.stderr}`);
  const ourTangles = JSON.parse(readFileSync(json, 'utf8'))
    .findings.map((f) => f.properties.members.join(' '))
    .sort();

  const dcConfig = path.join(work, '.dependency-cruiser.cjs');
  const tsconfig = path.join(dir, 'tsconfig.json');
  writeFileSync(
    dcConfig,
    `module.exports = { forbidden: [{ name: 'no-circular', severity: 'error', from: {}, to: { circular: true } }], options: { tsPreCompilationDeps: false, doNotFollow: { path: 'node_modules' }, exclude: { path: 'node_modules' }${readable(tsconfig) ? `, tsConfig: { fileName: ${JSON.stringify(tsconfig)} }` : ''} } };`,
  );
  const depcruise = path.join(repo, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs');
  const theirs = timeCommand(process.execPath, [depcruise, '.', '--config', dcConfig, '--output-type', 'json', '--no-progress'], { cwd: dir }, 3);
  if (!theirs.stdout.trim().startsWith('{')) throw new Error(`depcruise failed on ${label}: ${theirs.stderr.slice(0, 500)}`);
  const out = JSON.parse(theirs.stdout);
  const nodes = out.modules.filter((m) => !m.coreModule && !m.couldNotResolve && !m.source.includes('node_modules')).map((m) => m.source);
  const edges = out.modules.flatMap((m) => m.dependencies.filter((d) => !d.coreModule && !d.couldNotResolve).map((d) => [m.source, d.resolved]));
  const theirTangles = sccs(nodes, edges);
  const same = JSON.stringify(ourTangles) === JSON.stringify(theirTangles);
  const modules = countTs(dir) || nodes.length;
  return row([
    `no-cycles vs depcruise (post-compilation): ${label}, ${modules} modules`,
    fmtMs(ours.ms),
    `depcruise ${fmtMs(theirs.ms)}`,
    `${(theirs.ms / ours.ms).toFixed(2)}× faster`,
    `tangles ${same ? 'identical' : 'DIFFER'} (${ourTangles.length} vs ${theirTangles.length})${(theirs.ms / ours.ms) >= 2 ? '; target ≥ 2×: met' : '; target ≥ 2×: MISSED'}`,
  ]);
}

function readable(f) {
  try {
    readFileSync(f);
    return true;
  } catch {
    return false;
  }
}

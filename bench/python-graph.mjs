// Row: our Python import graph (src/graph/python.ts, no Python at run time) against a scan on
// Python's own `ast` module (__tests__/fixtures/py_import_graph.py), on the same trees in the same
// script: Debian's python3-django, a generated tree of 5,000 modules and a virtualenv-like tree of Debian's
// Python packages (one run: the ast scan takes minutes there). Each side runs in a fresh
// process (cold, as the CLI does) and reports its own time from listing the files to the tangles,
// interpreter start-up excluded on both sides; medians of several runs. Wall time is what a user
// waits; processor time (all threads of the process) is also shown because it is what a busy
// machine cannot inflate. Tangles (strongly connected components of import-time edges) are
// compared as sets of modules.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { ensureDjango, ensureVenvLike, VENV_PACKAGES } from '../__tests__/fixtures/python/django.mjs';
import { generatePythonTree } from '../__tests__/fixtures/python/generate.mjs';
import { REFERENCE_SCRIPT } from '../__tests__/fixtures/python/reference.mjs';
import { fmtMs, median, row } from './lib.mjs';

const RUNS = 5;

// What the benchmark runs of ours: open the workspace, build the graph, find the tangles.
const DRIVER = `
import { Workspace } from './src/workspace/workspace.js';
import { buildPythonGraph } from './src/graph/python.js';
import { adjacency, tangles } from './src/graph/algorithms.js';
import { runtimeEdges } from './src/graph/types.js';
const t0 = performance.now();
const c0 = process.cpuUsage();
const ws = await Workspace.open(process.argv[2]);
const t1 = performance.now();
const g = await buildPythonGraph(ws, {}, () => {});
const found = tangles(adjacency(g.nodes, runtimeEdges(g)));
const t2 = performance.now();
const cpu = process.cpuUsage(c0);
console.log(JSON.stringify({ ms: t2 - t0, msList: t1 - t0, cpuMs: (cpu.user + cpu.system) / 1000, modules: g.nodes.length, edges: g.edges.length, tangles: found }));
`;

export async function pythonGraph(repo) {
  const work = path.join(os.tmpdir(), 'la-bench-python-graph');
  mkdirSync(work, { recursive: true });
  const driver = path.join(work, 'driver.mjs');
  await build({
    stdin: { contents: DRIVER, resolveDir: repo, sourcefile: 'python-graph-driver.ts', loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    outfile: driver,
    logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  const trees = [];
  const django = ensureDjango();
  if (django.skip === undefined) trees.push([`Django 3.2 (Debian python3-django)`, django.root]);
  const gen = generatePythonTree(path.join(os.tmpdir(), 'la-gen-py-5000'), 5000, 7);
  trees.push(['generated tree, 3 roots', gen.root]);
  // A committed virtualenv's lib/python3.11: the standard library with dozens of packages in its
  // site-packages/, whose roots the imports decide (the root inference once took 14 s here).
  const venv = ensureVenvLike();
  if (venv.skip === undefined)
    trees.push([`a virtualenv's lib/python3.11 (Debian's CPython 3.11 standard library and test suite, ${VENV_PACKAGES.length - 2} python3-* packages in site-packages/)`, venv.root, 1]);
  const rows = trees.map(([label, root, n]) => compare(label, root, driver, n));
  if (django.skip !== undefined) rows.push(row(['Python graph: Django', '—', '—', '—', `skipped: ${django.skip}`]));
  if (venv.skip !== undefined) rows.push(row(['Python graph: virtualenv-like tree', '—', '—', '—', `skipped: ${venv.skip}`]));
  return rows;
}

function compare(label, root, driver, n = RUNS) {
  const ours = runs(process.execPath, [driver, root], n);
  const theirs = runs('python3', [REFERENCE_SCRIPT, root], n);
  const o = ours.last;
  const t = theirs.last;
  const same = JSON.stringify(o.tangles) === JSON.stringify(t.tangles);
  const ratio = theirs.ms / ours.ms;
  const graphRatio = (theirs.ms - theirs.msList) / (ours.ms - ours.msList);
  const cpuRatio = theirs.cpuMs / ours.cpuMs;
  return row([
    `Python graph: ${label}, ${o.modules} modules, ${o.edges} edges`,
    fmtMs(ours.ms),
    `Python ast scan ${fmtMs(theirs.ms)}`,
    `${ratio.toFixed(2)}× faster`,
    `tangles identical: ${same ? 'yes' : 'NO'} (${o.tangles.length} vs ${t.tangles.length}); ` +
      `without listing the files ${fmtMs(ours.ms - ours.msList)} vs ${fmtMs(theirs.ms - theirs.msList)} (${graphRatio.toFixed(2)}×); ` +
      `processor time ${fmtMs(ours.cpuMs)} vs ${fmtMs(theirs.cpuMs)} (${cpuRatio.toFixed(2)}×); ` +
      `target ≥ 3×: ${ratio >= 3 ? 'met' : 'MISSED'}`,
  ]);
}

/** Median internal times of `n` fresh processes (after one warm-up run for the disk cache). */
function runs(cmd, args, n) {
  const ms = [];
  const list = [];
  const cpu = [];
  let last;
  for (let i = 0; i <= n; i++) {
    const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${path.basename(args[0])} failed: ${r.stderr.slice(0, 500)}`);
    last = JSON.parse(r.stdout);
    if (i === 0) continue;
    ms.push(last.ms);
    list.push(last.msList ?? last.msWalk);
    cpu.push(last.cpuMs);
  }
  return { ms: median(ms), msList: median(list), cpuMs: median(cpu), last };
}

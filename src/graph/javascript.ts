import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Workspace } from '../workspace/workspace.js';
import { loadDepcruise } from './depcruise.js';
import { cruiseProject, type CruiseJob, type CruiseResult } from './js-cruise.js';
import { compareEdges, type ImportEdge, type ModuleGraph } from './types.js';
import { append } from '../util/array.js';

declare const __LA_BUNDLED__: boolean | undefined;

const JS_FILE = /\.(js|jsx|mjs|cjs|ts|tsx|mts|cts)$/;
const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];
/** Below this many files one cruise in this thread beats starting workers (each loads 8 MB of code). */
const PARALLEL_FROM = 800;

/**
 * The JavaScript/TypeScript module graph of the workspace, on dependency-cruiser: one cruise per
 * project (the nearest tsconfig.json/jsconfig.json, so monorepo packages keep their own `paths`),
 * in its fast pre-compilation mode, plus our own pass with the same TypeScript for each import's
 * line and whether TypeScript erases it — the runtime answer of the slower post-compilation mode.
 * Large repositories are split across worker threads, one per core.
 */
export async function buildJavaScriptGraph(ws: Workspace, log: (m: string) => void): Promise<ModuleGraph> {
  const all = ws.files.filter((f) => JS_FILE.test(f));
  // dependency-cruiser reads the files it is given itself: hold it to the workspace's text limit
  // (one 50 MB bundle costs it gigabytes). A skipped file is counted by the workspace for the report.
  const over: string[] = [];
  const files = all.filter((f) => !ws.overTextLimit(f) || (over.push(f), false));
  if (over.length > 0) {
    log(`javascript graph: ${over.length} file${over.length === 1 ? '' : 's'} over the text size limit not parsed: ${over.slice(0, 5).join(', ')}${over.length > 5 ? ', …' : ''}`);
  }
  if (files.length === 0) return { nodes: [], edges: [] };
  const started = Date.now();
  const groups = [...groupByConfig(ws.root, files).entries()].sort(([a], [b]) => ((a ?? '') < (b ?? '') ? -1 : 1));
  const cores = Math.max(1, Math.min(2, os.availableParallelism?.() ?? os.cpus().length));
  const parallel = typeof __LA_BUNDLED__ !== 'undefined' && files.length >= PARALLEL_FROM && cores > 1;
  const jobs: CruiseJob[] = [];
  for (const [config, list] of groups) {
    if (parallel && list.length >= PARALLEL_FROM / 2) {
      for (let k = 0; k < cores; k++) jobs.push({ root: ws.root, config, files: list.filter((_, i) => i % cores === k) });
    } else {
      jobs.push({ root: ws.root, config, files: list });
    }
  }
  if (files.length > 500) log(`javascript graph: ${files.length} modules in ${groups.length} project${groups.length === 1 ? '' : 's'}${parallel ? `, ${cores} workers` : ''}…`);
  const results = parallel ? await runInWorkers(jobs, cores) : await runHere(jobs);

  const fileSet = new Set(files);
  const edges: ImportEdge[] = [];
  const unresolved: NonNullable<ModuleGraph['unresolved']> = [];
  for (const r of results) {
    for (const e of r.edges) if (fileSet.has(e.to)) edges.push(e);
    append(unresolved, r.unresolved);
  }
  edges.sort(compareEdges);
  log(`javascript graph: ${files.length} modules, ${edges.length} imports in ${Date.now() - started} ms`);
  return { nodes: [...files].sort(), edges, unresolved };
}

async function runHere(jobs: CruiseJob[]): Promise<CruiseResult[]> {
  const dc = await loadDepcruise();
  const out: CruiseResult[] = [];
  for (const job of jobs) out.push(await cruiseProject(dc, job));
  return out;
}

/** Jobs spread over `n` workers of dist/js-graph-worker.js, results in job order. */
async function runInWorkers(jobs: CruiseJob[], n: number): Promise<CruiseResult[]> {
  const url = new URL('./js-graph-worker.js', import.meta.url);
  const workers = Array.from({ length: Math.min(n, jobs.length) }, () => new Worker(url));
  const results: CruiseResult[] = new Array(jobs.length);
  let next = 0;
  try {
    await Promise.all(
      workers.map(async (w) => {
        while (next < jobs.length) {
          const i = next++;
          results[i] = await new Promise<CruiseResult>((resolve, reject) => {
            w.once('message', (m: { ok: boolean; result?: CruiseResult; error?: string }) => (m.ok ? resolve(m.result!) : reject(new Error(m.error))));
            w.once('error', reject);
            w.postMessage(jobs[i]);
          });
        }
      }),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

/** Each file belongs to the nearest tsconfig.json / jsconfig.json above it inside the root (monorepo packages). */
export function groupByConfig(root: string, files: string[]): Map<string | null, string[]> {
  const nearest = new Map<string, string | null>();
  const find = (dir: string): string | null => {
    const hit = nearest.get(dir);
    if (hit !== undefined) return hit;
    let found: string | null = null;
    for (const name of CONFIG_NAMES) {
      const rel = dir ? `${dir}/${name}` : name;
      if (existsSync(path.join(root, rel))) {
        found = rel;
        break;
      }
    }
    if (found === null && dir) found = find(dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '');
    nearest.set(dir, found);
    return found;
  };
  const groups = new Map<string | null, string[]>();
  for (const f of files) {
    const c = find(f.includes('/') ? f.slice(0, f.lastIndexOf('/')) : '');
    const list = groups.get(c);
    if (list) list.push(f);
    else groups.set(c, [f]);
  }
  return groups;
}

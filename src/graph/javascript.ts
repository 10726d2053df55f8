import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Workspace } from '../workspace/workspace.js';
import { cmp, plural } from '../util/text.js';
import { extensionTest, type Matcher } from '../util/paths.js';
import { loadDepcruise } from './depcruise.js';
import { cruiseProject, type CruiseJob, type CruiseResult, type SkippedFile } from './js-cruise.js';
import { packageAliases, workspacePackages } from './js-packages.js';
import { isJavaScriptFile } from '../lang/javascript/extensions.js';
import { groupNotices, readProjectConfig, type Alias } from './tsconfig.js';
import { append } from '../util/array.js';
import { compareEdges, type ImportEdge, type ModuleGraph } from './types.js';

declare const __LA_BUNDLED__: boolean | undefined;

const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];
/** Below this many files one cruise in this thread beats starting workers (each loads 8 MB of code). */
const PARALLEL_FROM = 800;

/** The files of one project (the nearest tsconfig.json / jsconfig.json) and how its imports resolve. */
export interface Project {
  config: string | null;
  files: string[];
  job: Omit<CruiseJob, 'files'>;
  notices: string[];
}

/**
 * The JavaScript/TypeScript module graph of the workspace, on dependency-cruiser, built per
 * project (the nearest tsconfig.json/jsconfig.json, so monorepo packages keep their own `paths`)
 * and only for the projects a question needs: a guardrail on apps/web never reads apps/mobile, and
 * what is wrong in one project (a config link that is not installed, a file that does not parse)
 * is a notice of that project, never a failure of the others. Each project is read once per run
 * and shared. Large batches are split across worker threads, one per core.
 */
export class JavaScriptGraphs {
  private projectList: Project[] | undefined;
  private readonly results = new Map<string, Promise<CruiseResult>>();
  private readonly merged = new Map<string, Promise<ModuleGraph>>();

  constructor(
    private readonly ws: Workspace,
    private readonly log: (m: string) => void,
  ) {}

  private fileList: string[] | undefined;

  /**
   * Every JavaScript/TypeScript/Vue/Svelte file of the workspace within the text size limit:
   * dependency-cruiser reads the files it is given itself, and one 50 MB bundle costs it gigabytes.
   * A file over the limit is counted by the workspace for the report and named in the log.
   */
  files(): string[] {
    if (this.fileList) return this.fileList;
    const over: string[] = [];
    this.fileList = this.ws.files.filter((f) => isGraphFile(f) && (!this.ws.overTextLimit(f) || (over.push(f), false)));
    if (over.length > 0) this.log(`javascript graph: ${plural(over.length, 'file')} over the text size limit not parsed: ${over.slice(0, 5).join(', ')}${over.length > 5 ? ', …' : ''}`);
    return this.fileList;
  }

  /** The graph with the imports of every file `scope` accepts (all files when absent); every file is a node. */
  graph(scope?: Matcher): Promise<ModuleGraph> {
    if (this.files().length === 0) return Promise.resolve({ nodes: [], edges: [] });
    const projects = this.projects().filter((p) => !scope || p.files.some(scope));
    const key = JSON.stringify(projects.map((p) => p.config)); // [] (nothing to read) and [null] (a project without config) differ
    let g = this.merged.get(key);
    if (!g) {
      g = this.build(projects);
      this.merged.set(key, g);
    }
    return g;
  }

  private projects(): Project[] {
    this.projectList ??= jsProjects(this.ws, this.files());
    return this.projectList;
  }

  private async build(projects: Project[]): Promise<ModuleGraph> {
    const started = Date.now();
    const todo = projects.filter((p) => !this.results.has(String(p.config)));
    if (todo.length) {
      const batch = this.cruise(todo);
      todo.forEach((p, i) =>
        this.results.set(
          String(p.config),
          batch.then((r) => r[i]!),
        ),
      );
    }
    const results = await Promise.all(projects.map((p) => this.results.get(String(p.config))!));
    const files = this.files();
    const fileSet = new Set(files);
    const edges: ImportEdge[] = [];
    const unresolved: NonNullable<ModuleGraph['unresolved']> = [];
    const skipped: SkippedFile[] = [];
    const notices: string[] = [];
    projects.forEach((p, i) => {
      const r = results[i]!;
      for (const e of r.edges) if (fileSet.has(e.to)) edges.push(e);
      append(unresolved, r.unresolved);
      append(skipped, r.skipped);
      append(notices, p.notices);
    });
    edges.sort(compareEdges);
    skipped.sort((a, b) => cmp(a.file, b.file));
    unresolved.sort((a, b) => cmp(a.from, b.from) || a.line - b.line || cmp(a.specifier, b.specifier));
    const read = projects.reduce((n, p) => n + p.files.length, 0);
    if (todo.length) this.log(`javascript graph: ${read} modules${read < files.length ? ` (of ${files.length})` : ''}, ${edges.length} imports in ${Date.now() - started} ms`);
    const uncovered = uncoveredComponents(this.ws.files);
    if (uncovered) notices.push(uncovered);
    return { nodes: files.sort(cmp), edges, unresolved, skipped, notices: groupNotices(notices) };
  }

  /** Cruise projects, in this thread or (bundled, large) in workers; a project whose cruise fails has all its files left out, with the reason. */
  private async cruise(projects: Project[]): Promise<CruiseResult[]> {
    const total = projects.reduce((n, p) => n + p.files.length, 0);
    const cores = Math.max(1, Math.min(2, os.availableParallelism?.() ?? os.cpus().length));
    const parallel = typeof __LA_BUNDLED__ !== 'undefined' && total >= PARALLEL_FROM && cores > 1;
    const jobs: CruiseJob[] = [];
    const owner: number[] = [];
    projects.forEach((p, i) => {
      const shares = parallel && p.files.length >= PARALLEL_FROM / 2 ? cores : 1;
      for (let k = 0; k < shares; k++) {
        jobs.push({ ...p.job, files: p.files.filter((_, j) => j % shares === k) });
        owner.push(i);
      }
    });
    if (total > 500) this.log(`javascript graph: ${total} modules in ${plural(projects.length, 'project')}${parallel ? `, ${cores} workers` : ''}…`);
    const settled = parallel ? await runInWorkers(jobs, cores) : await runHere(jobs);
    const out: CruiseResult[] = projects.map(() => ({ edges: [], unresolved: [], skipped: [] }));
    settled.forEach((r, j) => {
      const into = out[owner[j]!]!;
      if (r instanceof Error) {
        const where = projects[owner[j]!]!.config ?? 'the repository';
        append(
          into.skipped,
          jobs[j]!.files.map((file) => ({ file, reason: `the project of ${where} could not be read (${r.message.split('\n')[0]})` })),
        );
        return;
      }
      append(into.edges, r.edges);
      append(into.unresolved, r.unresolved);
      append(into.skipped, r.skipped);
    });
    return out;
  }
}

/**
 * The projects of a tree's JavaScript files: each file under its nearest tsconfig.json /
 * jsconfig.json, with how imports resolve there (the config's `paths` and `baseUrl` through its
 * `extends` chain, then the workspace's packages, then the `@/` `~/` conventions). The graph and
 * the per-file import reader (src/lang/javascript/) resolve through this one function.
 */
export function jsProjects(tree: { root: string; files: readonly string[]; readTextSync(file: string): string | null }, files: string[]): Project[] {
  const read = (f: string) => tree.readTextSync(f);
  const packages = workspacePackages(tree.files, read);
  const pkgAliases = packageAliases(packages);
  const groups = [...groupByConfig(tree.files, files).entries()].sort(([a], [b]) => cmp(a ?? '', b ?? ''));
  return groups.map(([config, list]) => {
    const r = config ? readProjectConfig(config, { read, packageDir: (n) => packages.get(n)?.dir }) : { aliases: [], baseUrl: null, keepValueImports: false, notices: [] };
    return {
      config,
      files: list,
      notices: r.notices,
      job: { root: tree.root, resolve: { aliases: [...r.aliases, ...pkgAliases, ...conventionAliases(config)], baseUrl: r.baseUrl }, keepValueImports: r.keepValueImports },
    };
  });
}

/** One-shot: the graph of every JavaScript/TypeScript file of the workspace (tests, tools). */
export function buildJavaScriptGraph(ws: Workspace, log: (m: string) => void): Promise<ModuleGraph> {
  return new JavaScriptGraphs(ws, log).graph();
}

/**
 * `@/…` and `~/…` as Vite, Vue CLI, Nuxt and Next.js set them up when the config that declares
 * them is not in the repository (Nuxt's generated .nuxt/tsconfig.json, a base not installed): the
 * project's src/, app/, then its folder. Last, so a config's own `paths` always win; no npm
 * package name starts with `@/` or `~/`, so they never shadow a package.
 */
function conventionAliases(config: string | null): Alias[] {
  const dir = config && config.includes('/') ? config.slice(0, config.lastIndexOf('/')) : '';
  const at = (sub: string) => (dir ? `${dir}/${sub}` : sub);
  const targets = [at('src/*'), at('app/*'), at('*')];
  return [
    { name: '@/*', targets, exact: false },
    { name: '~/*', targets, exact: false },
  ];
}

/** Component formats that import JavaScript modules but that no reader of the graph covers. */
const UNCOVERED = ['.astro', '.mdx', '.marko', '.riot', '.coffee'];
const isUncovered = extensionTest(UNCOVERED);

/** A notice counting the source files whose imports the graph cannot see, by extension, or null. */
export function uncoveredComponents(files: readonly string[]): string | null {
  const count = new Map<string, number>();
  for (const f of files) {
    if (!isUncovered(f)) continue; // (this runs over every file of the tree)
    const ext = UNCOVERED.find((e) => f.endsWith(e))!;
    count.set(ext, (count.get(ext) ?? 0) + 1);
  }
  if (count.size === 0) return null;
  const total = [...count.values()].reduce((a, b) => a + b, 0);
  const parts = [...count.entries()].sort(([a], [b]) => cmp(a, b)).map(([e, n]) => `${n} ${e}`);
  return `${plural(total, 'source file')} (${parts.join(', ')}) ${total === 1 ? 'is' : 'are'} in no language the import graph reads: ${total === 1 ? 'its' : 'their'} imports are not edges.`;
}

export function isGraphFile(f: string): boolean {
  return isJavaScriptFile(f);
}

async function runHere(jobs: CruiseJob[]): Promise<(CruiseResult | Error)[]> {
  const dc = await loadDepcruise();
  const out: (CruiseResult | Error)[] = [];
  for (const job of jobs) out.push(await cruiseProject(dc, job).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))));
  return out;
}

/** Jobs spread over `n` workers of dist/js-graph-worker.js, results (or the error of each job) in job order. */
async function runInWorkers(jobs: CruiseJob[], n: number): Promise<(CruiseResult | Error)[]> {
  const url = new URL('./js-graph-worker.js', import.meta.url);
  const workers = Array.from({ length: Math.min(n, jobs.length) }, () => new Worker(url));
  const results: (CruiseResult | Error)[] = new Array(jobs.length);
  let next = 0;
  try {
    await Promise.all(
      workers.map(async (w) => {
        while (next < jobs.length) {
          const i = next++;
          results[i] = await new Promise<CruiseResult | Error>((resolve) => {
            w.once('message', (m: { ok: boolean; result?: CruiseResult; error?: string }) => resolve(m.ok ? m.result! : new Error(m.error)));
            w.once('error', (e) => resolve(e));
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

/** Each file belongs to the nearest tsconfig.json / jsconfig.json above it that the workspace lists (monorepo packages). */
export function groupByConfig(listed: readonly string[], files: string[]): Map<string | null, string[]> {
  const configs = new Set(listed.filter((f) => CONFIG_NAMES.some((n) => f === n || f.endsWith(`/${n}`))));
  const nearest = new Map<string, string | null>();
  const find = (dir: string): string | null => {
    const hit = nearest.get(dir);
    if (hit !== undefined) return hit;
    let found: string | null = null;
    for (const name of CONFIG_NAMES) {
      const rel = dir ? `${dir}/${name}` : name;
      if (configs.has(rel)) {
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

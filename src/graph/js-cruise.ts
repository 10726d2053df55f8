import { readFileSync } from 'node:fs';
import { RESOLVE_EXTENSIONS } from '../lang/javascript/extensions.js';
import path from 'node:path';
import type { Depcruise } from './depcruise.js';
import { scanModule, type ImportStatement } from './js-scan.js';
import { resolveSpecifier, scriptView, SFC_FILE, type ResolveSpec } from './js-sfc.js';
import type { EdgeKind, ImportEdge } from './types.js';

/** A file of a project left out of the graph, and why (a syntax error, a file the cruiser cannot read). */
export interface SkippedFile {
  file: string;
  reason: string;
}

/** What one cruise of a project's files gives: edges with lines and kinds, imports of the tree that did not resolve, files left out. */
export interface CruiseResult {
  edges: ImportEdge[];
  unresolved: { from: string; specifier: string; line: number }[];
  skipped: SkippedFile[];
}

export interface CruiseJob {
  root: string;
  /** Repo-relative files, all parsed as roots (nothing else is followed). */
  files: string[];
  /** The project's aliases (tsconfig `paths`, then the workspace's packages) and baseUrl, repo-relative. */
  resolve: ResolveSpec;
  /** The tsconfig keeps imports used only as types (`verbatimModuleSyntax`, …). */
  keepValueImports: boolean;
}

// Listed in the order files most often are, so a relative import resolves with the fewest stats.
const EXTENSIONS = [...RESOLVE_EXTENSIONS];
/** How many files named by a failing cruise are taken out one by one before the rest is halved instead. */
const NAMED_RETRIES = 64;

/**
 * Reads a project's files with TypeScript's parser (each import's line, and which ones TypeScript
 * erases), leaves out files with syntax errors (a template named .ts), resolves the imports of
 * the rest with dependency-cruiser in its pre-compilation mode (nothing followed beyond the files
 * given) and those of Vue / Svelte components with the same aliases. A file the cruiser still
 * cannot read is left out and the rest cruised again. Runs in the main thread or in a worker
 * (src/graph/js-worker.ts); edges may point at files outside the job.
 */
export async function cruiseProject(dc: Depcruise, job: CruiseJob): Promise<CruiseResult> {
  const skipped: SkippedFile[] = [];
  const scans = new Map<string, ImportStatement[]>();
  const scripts: string[] = [];
  const plain: string[] = [];
  for (const file of job.files) {
    let text: string;
    try {
      text = readFileSync(path.join(job.root, file), 'utf8');
    } catch {
      skipped.push({ file, reason: 'unreadable' });
      continue;
    }
    const sfc = SFC_FILE.test(file);
    const view = sfc ? scriptView(file, text) : null;
    // In a component's script, an import used only in the template is still a value import.
    let scanned: ReturnType<typeof scanModule>;
    try {
      scanned = scanModule(dc.ts, view?.fileName ?? file, view?.text ?? text, { keepValueImports: sfc || job.keepValueImports });
    } catch (e) {
      // e.g. nesting deep enough to exhaust the parser's stack
      skipped.push({ file, reason: `the parser failed (${(e as Error).message})` });
      continue;
    }
    const { imports, parseError } = scanned;
    if (parseError && !/@flow\b/.test(text.slice(0, 2000))) {
      skipped.push({ file, reason: `syntax error at ${parseError.line}:${parseError.column}: ${parseError.message}` });
      continue;
    }
    scans.set(file, view ? [...imports, ...view.srcImports.map((s) => ({ ...s, kind: 'static' as const }))] : imports);
    (sfc ? scripts : plain).push(file);
  }
  const edges: ImportEdge[] = [];
  const unresolved: CruiseResult['unresolved'] = [];
  for (const [from, deps] of await cruiseSafely(dc, job, plain, skipped)) {
    if (deps.length === 0) continue;
    const bySpec = new Map<string, ImportStatement[]>();
    for (const s of scans.get(from) ?? []) {
      const list = bySpec.get(s.specifier);
      if (list) list.push(s);
      else bySpec.set(s.specifier, [s]);
    }
    for (const d of deps) {
      const found = bySpec.get(d.module);
      if (d.couldNotResolve) {
        if (looksInternal(d.module, job.resolve)) unresolved.push({ from, specifier: d.module, line: found?.[0]?.line ?? 1 });
        continue;
      }
      if (d.coreModule || d.resolved === from || d.resolved.includes('node_modules/')) continue;
      if (found && found.length > 0) {
        for (const s of found) edges.push({ from, to: d.resolved, line: s.line, column: s.column, kind: s.kind, specifier: d.module });
      } else {
        edges.push({ from, to: d.resolved, line: 1, column: 1, kind: kindOf(d.dependencyTypes), specifier: d.module });
      }
    }
  }
  for (const from of scripts) {
    for (const s of scans.get(from) ?? []) {
      const to = resolveSpecifier(job.root, from, s.specifier, job.resolve);
      if (to === null) {
        if (looksInternal(s.specifier, job.resolve)) unresolved.push({ from, specifier: s.specifier, line: s.line });
      } else if (to !== from) edges.push({ from, to, line: s.line, column: s.column, kind: s.kind, specifier: s.specifier });
    }
  }
  return { edges, unresolved, skipped };
}

/** A relative import, or one an alias of the project claims: it names a module of the tree. */
function looksInternal(specifier: string, spec: ResolveSpec): boolean {
  if (/^(\.|@\/|~\/)/.test(specifier)) return true;
  return spec.aliases.some((a) => (a.exact ? specifier === a.name : a.name !== '*' && specifier.startsWith(a.name.slice(0, a.name.indexOf('*')))));
}

/** dependency-cruiser on `files`; a file it fails on is left out (named by its error, else found by halving) and the rest cruised again. */
async function cruiseSafely(dc: Depcruise, job: CruiseJob, files: string[], skipped: SkippedFile[]): Promise<Map<string, Dep[]>> {
  const depsOf = new Map<string, Dep[]>();
  const queue: string[][] = files.length ? [files] : [];
  let named = NAMED_RETRIES;
  while (queue.length > 0) {
    const part = queue.pop()!;
    try {
      for (const [f, deps] of await cruiseOnce(dc, job, part)) depsOf.set(f, deps);
    } catch (e) {
      const message = (e as Error).message ?? String(e);
      const reason = `dependency-cruiser could not read it (${
        message
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => l && !/^(Extracting dependencies ran afoul of|\.\.\. in )/.test(l))[0] ?? 'error'
      })`;
      if (part.length === 1) {
        skipped.push({ file: part[0]!, reason });
        continue;
      }
      const culprit = named > 0 ? part.find((f) => message.includes(`... in ${f}\n`) || message.endsWith(`... in ${f}`)) : undefined;
      if (culprit) {
        named--;
        skipped.push({ file: culprit, reason });
        queue.push(part.filter((f) => f !== culprit));
      } else {
        const mid = part.length >> 1;
        queue.push(part.slice(0, mid), part.slice(mid));
      }
    }
  }
  return depsOf;
}

async function cruiseOnce(dc: Depcruise, job: CruiseJob, files: string[]): Promise<Map<string, Dep[]>> {
  const result = await dc.cruise(
    files,
    {
      baseDir: job.root,
      tsPreCompilationDeps: true,
      skipAnalysisNotInRules: true,
      // Every file of the job is a root; following would parse other jobs' files again.
      doNotFollow: { path: '.' },
      enhancedResolveOptions: resolveOptions(job) as never,
      cache: false,
    },
    {},
    {},
  );
  const modules = (result.output as { modules: { source: string; dependencies: Dep[] }[] }).modules;
  const depsOf = new Map<string, Dep[]>();
  const wanted = new Set(files);
  for (const m of modules) {
    if (!wanted.has(m.source)) continue;
    // A root can also be listed as someone's unfollowed dependency: keep the entry with its dependencies.
    if ((depsOf.get(m.source)?.length ?? -1) < m.dependencies.length) depsOf.set(m.source, m.dependencies);
  }
  return depsOf;
}

/**
 * enhanced-resolve options for the project: its aliases as absolute paths (no config file is
 * handed to the resolver, so nothing reads a tsconfig outside the repository), `baseUrl` and
 * `"*"` patterns as module folders.
 */
function resolveOptions(job: CruiseJob): Record<string, unknown> {
  const abs = (t: string) => path.join(job.root, t);
  const modules: string[] = [];
  if (job.resolve.baseUrl !== null) modules.push(abs(job.resolve.baseUrl));
  const alias: { name: string; alias: string[]; onlyModule: boolean }[] = [];
  for (const a of job.resolve.aliases) {
    if (a.name === '*') {
      for (const t of a.targets) if (t.endsWith('*')) modules.push(abs(t.slice(0, -1) || '.'));
    } else if (!a.name.startsWith('*')) {
      alias.push({ name: a.name, alias: a.targets.map(abs), onlyModule: a.exact });
    }
  }
  return {
    extensions: EXTENSIONS,
    ...(alias.length ? { alias } : {}),
    ...(modules.length ? { modules: [...new Set(modules), 'node_modules', 'node_modules/@types'] } : {}),
  };
}

interface Dep {
  module: string;
  resolved: string;
  coreModule: boolean;
  couldNotResolve: boolean;
  dependencyTypes: string[];
}

function kindOf(types: string[]): EdgeKind {
  if (types.includes('type-only') || types.includes('pre-compilation-only') || types.some((t) => t.startsWith('triple-slash') || t.startsWith('jsdoc'))) return 'type-only';
  if (types.includes('dynamic-import')) return 'dynamic';
  if (types.includes('require') || types.includes('import-equals')) return 'require';
  if (types.includes('export')) return 're-export';
  return 'static';
}

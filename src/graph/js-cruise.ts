import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Depcruise } from './depcruise.js';
import { scanImports, type ImportStatement } from './js-scan.js';
import type { EdgeKind, ImportEdge } from './types.js';

/** What one cruise of a project's files gives: edges with lines and kinds, and imports of the tree that did not resolve. */
export interface CruiseResult {
  edges: ImportEdge[];
  unresolved: { from: string; specifier: string; line: number }[];
}

export interface CruiseJob {
  root: string;
  /** Repo-relative files, all parsed as roots (nothing else is followed). */
  files: string[];
  /** Repo-relative tsconfig.json / jsconfig.json, or null. */
  config: string | null;
}

// Listed in the order files most often are, so a relative import resolves with the fewest stats.
const EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.js', '.jsx', '.mts', '.cts', '.mjs', '.cjs', '.json'];

/**
 * Cruise `files` with dependency-cruiser in its pre-compilation mode (every import resolved,
 * nothing followed beyond the files given), then read each file's import statements with the same
 * TypeScript for their lines and for which of them TypeScript erases. Runs in the main thread or
 * in a worker (src/graph/js-worker.ts); edges may point at files outside the job.
 */
export async function cruiseProject(dc: Depcruise, job: CruiseJob): Promise<CruiseResult> {
  const tsConfigFile = job.config ? path.join(job.root, job.config) : undefined;
  const parsed = tsConfigFile ? dc.extractTSConfig(tsConfigFile) : undefined;
  const keepValueImports = Boolean(parsed?.options.verbatimModuleSyntax || parsed?.options.preserveValueImports || parsed?.options.importsNotUsedAsValues === 2);
  const result = await dc.cruise(
    job.files,
    {
      baseDir: job.root,
      tsPreCompilationDeps: true,
      ...(tsConfigFile ? { tsConfig: { fileName: tsConfigFile } } : {}),
      skipAnalysisNotInRules: true,
      // Every file of the job is a root; following would parse other jobs' files again.
      doNotFollow: { path: '.' },
      enhancedResolveOptions: { extensions: EXTENSIONS },
      cache: false,
    },
    {},
    parsed ? { tsConfig: parsed } : {},
  );
  const modules = (result.output as { modules: { source: string; dependencies: Dep[] }[] }).modules;
  const depsOf = new Map<string, Dep[]>();
  const wanted = new Set(job.files);
  for (const m of modules) {
    if (!wanted.has(m.source)) continue;
    // A root can also be listed as someone's unfollowed dependency: keep the entry with its dependencies.
    if ((depsOf.get(m.source)?.length ?? -1) < m.dependencies.length) depsOf.set(m.source, m.dependencies);
  }
  const edges: ImportEdge[] = [];
  const unresolved: CruiseResult['unresolved'] = [];
  for (const [from, deps] of depsOf) {
    if (deps.length === 0) continue;
    let text: string;
    try {
      text = readFileSync(path.join(job.root, from), 'utf8');
    } catch {
      continue;
    }
    const bySpec = new Map<string, ImportStatement[]>();
    for (const s of scanImports(dc.ts, from, text, { keepValueImports })) {
      const list = bySpec.get(s.specifier);
      if (list) list.push(s);
      else bySpec.set(s.specifier, [s]);
    }
    for (const d of deps) {
      const found = bySpec.get(d.module);
      if (d.couldNotResolve) {
        if (/^(\.|@\/|~\/)/.test(d.module)) unresolved.push({ from, specifier: d.module, line: found?.[0]?.line ?? 1 });
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
  return { edges, unresolved };
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

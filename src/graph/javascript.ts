import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Workspace } from '../workspace/workspace.js';
import { loadDepcruise, type Depcruise } from './depcruise.js';
import { scanImports, type ImportStatement } from './js-scan.js';
import { compareEdges, type EdgeKind, type ImportEdge, type ModuleGraph } from './types.js';

const JS_FILE = /\.(js|jsx|mjs|cjs|ts|tsx|mts|cts)$/;
const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];

/**
 * The JavaScript/TypeScript module graph of the workspace. dependency-cruiser resolves every import
 * (tsconfig `paths`/`baseUrl` per package, NodeNext `.js` → `.ts`, `.d.ts`, aliases) in its fast
 * pre-compilation mode; our own pass over the same files with the same TypeScript gives each
 * import's line and column and whether TypeScript erases it, so the graph carries the runtime
 * answer of the slower post-compilation mode without a second cruise.
 */
export async function buildJavaScriptGraph(ws: Workspace, log: (m: string) => void): Promise<ModuleGraph> {
  const files = ws.files.filter((f) => JS_FILE.test(f));
  if (files.length === 0) return { nodes: [], edges: [] };
  const started = Date.now();
  const dc = await loadDepcruise();
  const fileSet = new Set(files);
  const groups = groupByConfig(ws.root, files);
  const edges: ImportEdge[] = [];
  const unresolved: ModuleGraph['unresolved'] = [];
  if (files.length > 500) log(`javascript graph: ${files.length} modules in ${groups.size} project${groups.size === 1 ? '' : 's'}…`);

  for (const [config, groupFiles] of [...groups.entries()].sort(([a], [b]) => ((a ?? '') < (b ?? '') ? -1 : 1))) {
    const parsedConfig = config ? dc.extractTSConfig(path.join(ws.root, config)) : undefined;
    const keepValueImports = Boolean(parsedConfig?.options.verbatimModuleSyntax || parsedConfig?.options.preserveValueImports || parsedConfig?.options.importsNotUsedAsValues === 2);
    const deps = await cruiseGroup(dc, ws.root, groupFiles, config);
    for (const [from, list] of deps) {
      const text = await ws.readText(from);
      const statements = text === null ? [] : scanImports(dc.ts, from, text, { keepValueImports });
      const bySpec = new Map<string, ImportStatement[]>();
      for (const s of statements) {
        const list = bySpec.get(s.specifier);
        if (list) list.push(s);
        else bySpec.set(s.specifier, [s]);
      }
      for (const d of list) {
        if (d.couldNotResolve) {
          if (d.module.startsWith('.') || d.module.startsWith('@/') || d.module.startsWith('~/')) unresolved.push({ from, specifier: d.module, line: bySpec.get(d.module)?.[0]?.line ?? 1 });
          continue;
        }
        if (!fileSet.has(d.resolved) || d.resolved === from) continue;
        const found = bySpec.get(d.module);
        if (found && found.length > 0) {
          for (const s of found) edges.push({ from, to: d.resolved, line: s.line, column: s.column, kind: s.kind, specifier: d.module });
        } else {
          edges.push({ from, to: d.resolved, line: 1, column: 1, kind: kindOf(d.dependencyTypes), specifier: d.module });
        }
      }
    }
  }
  edges.sort(compareEdges);
  log(`javascript graph: ${files.length} modules, ${edges.length} imports in ${Date.now() - started} ms`);
  return { nodes: [...files].sort(), edges: dedupe(edges), unresolved };
}

interface Dep {
  module: string;
  resolved: string;
  couldNotResolve: boolean;
  dependencyTypes: string[];
}

async function cruiseGroup(dc: Depcruise, root: string, files: string[], config: string | null): Promise<Map<string, Dep[]>> {
  const tsConfigFile = config ? path.join(root, config) : undefined;
  const result = await dc.cruise(
    files,
    {
      baseDir: root,
      tsPreCompilationDeps: true,
      ...(tsConfigFile ? { tsConfig: { fileName: tsConfigFile } } : {}),
      skipAnalysisNotInRules: true,
      doNotFollow: { path: 'node_modules' },
      exclude: { path: '(^|/)node_modules/' },
      cache: false,
    },
    {},
    tsConfigFile ? { tsConfig: dc.extractTSConfig(tsConfigFile) } : {},
  );
  const output = result.output as { modules: { source: string; dependencies: Dep[] }[] };
  const out = new Map<string, Dep[]>();
  const wanted = new Set(files);
  for (const m of output.modules) if (wanted.has(m.source)) out.set(m.source, m.dependencies);
  return out;
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
    const dir = f.includes('/') ? f.slice(0, f.lastIndexOf('/')) : '';
    const c = find(dir);
    const list = groups.get(c);
    if (list) list.push(f);
    else groups.set(c, [f]);
  }
  return groups;
}

function kindOf(types: string[]): EdgeKind {
  if (types.includes('type-only') || types.includes('pre-compilation-only') || types.some((t) => t.startsWith('triple-slash') || t.startsWith('jsdoc'))) return 'type-only';
  if (types.includes('dynamic-import')) return 'dynamic';
  if (types.includes('require') || types.includes('import-equals')) return 'require';
  if (types.includes('export')) return 're-export';
  return 'static';
}

function dedupe(edges: ImportEdge[]): ImportEdge[] {
  const seen = new Set<string>();
  return edges.filter((e) => {
    const k = `${e.from}\0${e.to}\0${e.line}\0${e.column}\0${e.kind}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

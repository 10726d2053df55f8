import type { CheckContext } from '../checks/types.js';
import { getGraph, isJs, isPython } from '../graph/index.js';
import { runtimeEdges } from '../graph/types.js';
import { getRoutes } from '../routes/index.js';
import { cmp } from '../util/text.js';
import type { Workspace } from '../workspace/workspace.js';
import { sourceModules } from './modules.js';
import { wrapsOf, type WrapKind } from './wraps.js';
import { fileFacts } from '../lang/facts.js';
import { languageOf } from '../lang/index.js';

/** What `map generate` and `map diff` need of a run: the workspace and the shared facts. */
export type CodeContext = Pick<CheckContext, 'root' | 'workspace' | 'facts' | 'log'>;

/** The code as the map describes it: source modules, and per file its imports, routes and wraps. */
export interface CodeModel {
  /** Every file of the workspace (for "does this map key still exist"). */
  files: readonly string[];
  /** Source modules (tests, migrations and generated files left out), sorted. */
  modules: string[];
  /** File → files it imports when loaded (runtime edges), sorted. */
  imports: Map<string, string[]>;
  /** File → routes declared in it (`GET /api/x`), sorted. */
  routes: Map<string, string[]>;
  /** File → external dependencies it wraps. */
  wraps: Map<string, WrapKind[]>;
}

export async function codeModel(ctx: CodeContext, ignore: readonly string[] = []): Promise<CodeModel> {
  const ws = ctx.workspace;
  const hasCode = ws.files.some((f) => isPython(f) || isJs(f));
  const [graph, routeList, { modules }] = await Promise.all([hasCode ? getGraph(ctx, { language: 'auto' }) : Promise.resolve({ nodes: [], edges: [] }), getRoutes(ctx), sourceModules(ws, ignore)]);
  const imports = new Map<string, Set<string>>();
  for (const e of runtimeEdges(graph)) {
    if (e.from === e.to) continue;
    let set = imports.get(e.from);
    if (!set) imports.set(e.from, (set = new Set()));
    set.add(e.to);
  }
  const routes = new Map<string, Set<string>>();
  for (const r of routeList) {
    let set = routes.get(r.file);
    if (!set) routes.set(r.file, (set = new Set()));
    set.add(`${r.method} ${r.path}`);
  }
  return {
    files: ws.files,
    modules,
    imports: sorted(imports),
    routes: sorted(routes),
    wraps: await wrapsIn(ws, graph.nodes),
  };
}

async function wrapsIn(ws: Workspace, files: readonly string[]): Promise<Map<string, WrapKind[]>> {
  const out = new Map<string, WrapKind[]>();
  const store = fileFacts(ws);
  for (const f of files) {
    const lang = languageOf(f);
    const reading = lang ? store.reading(f) : null;
    if (!lang || !reading) continue;
    const text = lang.name === 'javascript' ? (ws.readTextSync(f) ?? '') : '';
    const w = wrapsOf(lang.name, reading, text);
    if (w.length) out.set(f, w);
  }
  return out;
}

function sorted(m: Map<string, Set<string>>): Map<string, string[]> {
  return new Map([...m.entries()].map(([k, v]) => [k, [...v].sort(cmp)]));
}

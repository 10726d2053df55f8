import { cmp } from '../util/text.js';

/**
 * The language-neutral module graph every import check runs on. Nodes are repo-relative file
 * paths; edges are imports with where they are written and what kind they are. Builders
 * (javascript.ts on dependency-cruiser, python.ts on our own scanner) record every edge they find
 * with its kind; checks choose which kinds count through `runtimeEdges`.
 */

export type EdgeKind =
  /** an import that runs when the module is loaded */
  | 'static'
  /** JS `import()` */
  | 'dynamic'
  /** JS `export … from` */
  | 're-export'
  /** JS `require()` */
  | 'require'
  /** erased at run time: TS `import type` / imports used only as types; Python under `if TYPE_CHECKING:` */
  | 'type-only'
  /** Python: inside a function or method body, runs only when called */
  | 'deferred'
  /** Python: under `if __name__ == "__main__":`, never runs on import */
  | 'main';

export interface ImportEdge {
  from: string;
  to: string;
  /** 1-based line and column of the import statement in `from`. */
  line: number;
  column: number;
  kind: EdgeKind;
  /** As written: `./b`, `@/lib/api`, `backend.services.audit`, `.audit`. */
  specifier: string;
}

export interface ModuleGraph {
  /** Sorted repo-relative paths of the modules the builder read. */
  nodes: string[];
  /** Every edge found, sorted by from, line, column, to. */
  edges: ImportEdge[];
  /** Python: file → dotted module name (`backend/services/audit.py` → `backend.services.audit`). */
  moduleNames?: Map<string, string>;
  /** Imports that named a module of the tree but could not be resolved (for diagnostics). */
  unresolved?: { from: string; specifier: string; line: number }[];
  /** Files left out of the edges, and why (a syntax error: a template named .ts); still nodes. */
  skipped?: { file: string; reason: string }[];
  /** What a report should say about how the graph was read (a tsconfig link that is not installed). */
  notices?: string[];
}

export interface EdgeFilter {
  /** Drop edges TypeScript (or Python's TYPE_CHECKING) erases. Default true. */
  ignoreTypeOnly?: boolean;
  /** Keep Python function-level imports. Default false. */
  includeDeferred?: boolean;
}

/** The edges that count for a check: `main` never, `type-only` and `deferred` by the filter. */
export function runtimeEdges(g: ModuleGraph, f: EdgeFilter = {}): readonly ImportEdge[] {
  const ignoreTypeOnly = f.ignoreTypeOnly ?? true;
  const includeDeferred = f.includeDeferred ?? false;
  // (once per graph and filter: the guardrails of a run share one graph of up to 10⁵ edges)
  let byFilter = filtered.get(g);
  if (!byFilter) filtered.set(g, (byFilter = new Map()));
  const key = `${ignoreTypeOnly}:${includeDeferred}`;
  let edges = byFilter.get(key);
  if (!edges) {
    edges = g.edges.filter((e) => e.kind !== 'main' && !(ignoreTypeOnly && e.kind === 'type-only') && (includeDeferred || e.kind !== 'deferred'));
    byFilter.set(key, edges);
  }
  return edges;
}

const filtered = new WeakMap<ModuleGraph, Map<string, readonly ImportEdge[]>>();

/** Merge graphs of different languages (no edges cross between them). */
export function mergeGraphs(graphs: ModuleGraph[]): ModuleGraph {
  const nodes = [...new Set(graphs.flatMap((g) => g.nodes))].sort(cmp);
  const edges = graphs.flatMap((g) => g.edges).sort(compareEdges);
  const moduleNames = new Map<string, string>();
  for (const g of graphs) for (const [k, v] of g.moduleNames ?? []) moduleNames.set(k, v);
  return {
    nodes,
    edges,
    moduleNames,
    unresolved: graphs.flatMap((g) => g.unresolved ?? []),
    skipped: graphs.flatMap((g) => g.skipped ?? []),
    notices: graphs.flatMap((g) => g.notices ?? []),
  };
}

export function compareEdges(a: ImportEdge, b: ImportEdge): number {
  return cmp(a.from, b.from) || a.line - b.line || a.column - b.column || cmp(a.to, b.to);
}

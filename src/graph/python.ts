import type { Workspace } from '../workspace/workspace.js';
import type { Matcher } from '../util/paths.js';
import { inferLayout, pythonNodes, resolveImport, scanOf, treeLayout, type PyLayout } from './python-resolve.js';
import { compareEdges, type ImportEdge, type ModuleGraph } from './types.js';
import { cmp } from '../util/text.js';
import { cacheOf, lookup, store } from '../facts/cache.js';
import { layoutHash, ResolvedReader } from './python-cache.js';

/**
 * The Python import graph of the workspace, without Python: every `.py` file (and `.pyi` stub
 * without a `.py` twin) is a node; every import statement that names a module of the tree is an
 * edge with its kind (python-scan.ts) and where it is written. Imports of the standard library and
 * of third-party packages are not edges; imports that name the tree's own packages but no module of
 * it are listed in `unresolved`.
 *
 * Facts on demand: asked with a scope (a guardrail's `paths`), only the files the scope selects and
 * what they import, transitively, are read; every module stays a node (listing them reads nothing),
 * so a check sees exactly the edges a whole-tree build would give it for those files. Each file is
 * read and resolved at most once per run, whatever the number of guardrails.
 */
export type PythonScope = (moduleNames: ReadonlyMap<string, string>) => Matcher;

interface FileImports {
  edges: ImportEdge[];
  unresolved: NonNullable<ModuleGraph['unresolved']>;
}

export class PythonGraphs {
  private readonly nodes: string[];
  private readonly layout: PyLayout;
  /** file → its sorted edges and unresolved imports; null when unreadable. */
  private readonly read = new Map<string, FileImports | null>();
  private whole: Promise<ModuleGraph> | undefined;
  /** Resolved imports kept between runs, for this layout (when the workspace has a fact cache). */
  private readonly resolved: ResolvedReader | undefined;

  constructor(
    private readonly ws: Workspace,
    opts: { roots?: string[] },
    private readonly log: (m: string) => void,
  ) {
    this.nodes = pythonNodes(ws.files);
    this.layout = opts.roots ? inferLayout(this.nodes, ws.files, opts.roots) : treeLayout(ws, this.nodes);
    if (cacheOf(ws)) this.resolved = new ResolvedReader(layoutHash(this.nodes, this.layout), this.nodes, this.layout.moduleNames);
  }

  /** The graph with the imports of the files `scope` selects and of what they import, transitively (all files when absent). */
  graph(scope?: PythonScope): Promise<ModuleGraph> {
    if (!scope) return (this.whole ??= this.build(this.nodes, true));
    const selects = scope(this.layout.moduleNames);
    return this.build(this.nodes.filter(selects), false);
  }

  private async build(start: readonly string[], whole: boolean): Promise<ModuleGraph> {
    const edges: ImportEdge[] = [];
    const unresolved: NonNullable<ModuleGraph['unresolved']> = [];
    let unreadable = 0;
    let reached = start.length;
    const take = (imports: FileImports): void => {
      for (const e of imports.edges) edges.push(e);
      for (const u of imports.unresolved) unresolved.push(u);
    };
    // Synchronous reads: for thousands of small files several times faster than the promise API.
    // Other work (a JavaScript graph being built beside this one) gets a turn every few hundred files.
    if (whole) {
      // Every node, in order: nothing to follow, and (nodes and each file's edges being sorted)
      // their edges concatenated in node order are sorted.
      for (let i = 0; i < start.length; i++) {
        if (i % 256 === 255) await turn();
        const imports = this.importsOf(start[i]!);
        if (imports === null) unreadable++;
        else take(imports);
      }
    } else {
      const seen = new Set<string>(start);
      const queue = [...start];
      for (let i = 0; i < queue.length; i++) {
        if (i % 256 === 255) await turn();
        const imports = this.importsOf(queue[i]!);
        if (imports === null) {
          unreadable++;
          continue;
        }
        for (const e of imports.edges) {
          if (!seen.has(e.to)) {
            seen.add(e.to);
            queue.push(e.to);
          }
        }
      }
      for (const n of this.nodes) {
        // in node order, as above: sorted
        if (!seen.has(n)) continue;
        const imports = this.read.get(n);
        if (imports) take(imports);
      }
      reached = seen.size;
    }
    unresolved.sort((a, b) => cmp(a.from, b.from) || a.line - b.line || cmp(a.specifier, b.specifier));
    if (this.nodes.length > 0) {
      const roots = this.layout.roots.map((r) => (r === '' ? '.' : r));
      const shown = roots.length > 6 ? `${roots.slice(0, 6).join(', ')} and ${roots.length - 6} more` : roots.join(', ');
      this.log(
        `python import graph: ${this.nodes.length} modules${whole ? '' : ` (imports of ${reached} read for the guardrail's paths)`}, ` +
          `${edges.length} imports within the tree, ${unresolved.length} unresolved` +
          `${unreadable ? `, ${unreadable} unreadable` : ''}; roots: ${shown}`,
      );
    }
    return { nodes: this.nodes, edges, moduleNames: this.layout.moduleNames, unresolved };
  }

  /** One file's resolved imports, read once (restored from the fact cache when it has them for this content, path and layout). */
  private importsOf(from: string): FileImports | null {
    let r = this.read.get(from);
    if (r !== undefined) return r;
    const reader = this.resolved;
    if (reader) {
      reader.expect(from);
      const hit = lookup(this.ws, reader, from);
      if (hit) {
        r = { edges: hit.edges, unresolved: hit.unresolved };
        sortEdges(r.edges);
        this.read.set(from, r);
        return r;
      }
    }
    const imports = scanOf(this.ws, from);
    if (imports === null) {
      this.read.set(from, null);
      return null;
    }
    r = { edges: [], unresolved: [] };
    for (const imp of imports) {
      const res = resolveImport(this.layout, from, imp);
      for (const e of res.edges) r.edges.push({ from, to: e.to, line: imp.line, column: imp.column, kind: imp.kind, specifier: e.specifier });
      for (const specifier of res.unresolved) r.unresolved.push({ from, specifier, line: imp.line });
    }
    sortEdges(r.edges);
    if (reader) {
      reader.expect(from);
      store(this.ws, reader, from, { edges: r.edges, unresolved: r.unresolved });
    }
    this.read.set(from, r);
    return r;
  }
}

/** A turn for other work (a JavaScript graph being built beside this one). */
function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** One file's edges in graph order. Statements come in source order: only targets of one statement can be out of order. */
function sortEdges(edges: ImportEdge[]): void {
  for (let i = 1; i < edges.length; i++) {
    if (compareEdges(edges[i - 1]!, edges[i]!) > 0) {
      edges.sort(compareEdges);
      return;
    }
  }
}

/** The whole-tree Python graph (every file read). */
export function buildPythonGraph(ws: Workspace, opts: { roots?: string[] }, log: (m: string) => void): Promise<ModuleGraph> {
  return new PythonGraphs(ws, opts, log).graph();
}

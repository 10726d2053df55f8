import type { Workspace } from '../workspace/workspace.js';
import type { Matcher } from '../util/paths.js';
import { inferLayout, resolveImport, type PyLayout } from './python-resolve.js';
import { pythonNodes, scanOf, treeLayout } from './python-tree.js';
import { compareEdges, type ImportEdge, type ModuleGraph } from './types.js';
import { cmp } from '../util/text.js';
import { binarySearch } from '../util/array.js';
import type { FactCache } from '../facts/cache.js';
import { cacheOf, dropKey, lookupKey, storeKey } from '../facts/source.js';
import { layoutHash, NextImports, READER_ID, ResolvedReader, RestoredImports } from './python-cache.js';

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
  /** By node place: its sorted edges and unresolved imports; null when unreadable; undefined when not read yet. */
  private readonly read: (FileImports | null | undefined)[];
  private whole: Promise<ModuleGraph> | undefined;
  /** Resolved imports kept between runs, for this layout (when the workspace has a fact cache). */
  private readonly restored: RestoredImports | undefined;
  /** The patch kept beside them (python-cache.ts): the imports of modules changed since. */
  private readonly patch: RestoredImports | undefined;
  /** How many files this run resolved (what is kept is then written anew). */
  private resolved = 0;
  /** The nodes (by place) whose imports this run restored: 1 from the whole value, 2 from the patch. */
  private readonly fromStore: Uint8Array;
  private readonly blobs: (string | null | undefined)[];
  private readonly cache: FactCache | undefined;

  constructor(
    private readonly ws: Workspace,
    opts: { roots?: string[] },
    private readonly log: (m: string) => void,
  ) {
    this.nodes = pythonNodes(ws.files);
    this.read = new Array(this.nodes.length);
    this.fromStore = new Uint8Array(this.nodes.length);
    this.blobs = new Array(this.nodes.length);
    this.layout = opts.roots ? inferLayout(this.nodes, ws.files, opts.roots) : treeLayout(ws, this.nodes);
    const cache = (this.cache = cacheOf(ws));
    if (cache) {
      const reader = new ResolvedReader(this.nodes, this.layout.moduleNames);
      const key = layoutHash(this.nodes, this.layout);
      const patchKey = `${key}+`;
      const r = lookupKey(ws, reader, key);
      this.restored = r instanceof RestoredImports && !r.patch ? r : undefined;
      const p = this.restored ? lookupKey(ws, reader, patchKey) : undefined;
      this.patch = p instanceof RestoredImports && p.patch ? p : undefined;
      cache.beforeSave(() => {
        if (!this.restored) return storeKey(ws, reader, key, this.next(false).value());
        if (this.resolved === 0) return; // what was restored is kept as it is
        // A few modules resolved anew (a pull request): a patch beside the whole value, unless it
        // would hold more than a quarter of the modules; then the whole value is written anew.
        const patch = this.next(true);
        if (patch.size * 4 <= this.nodes.length) return storeKey(ws, reader, patchKey, patch.value());
        storeKey(ws, reader, key, this.next(false).value());
        if (this.patch) dropKey(ws, reader, patchKey);
      });
    }
  }

  /**
   * What the next run restores: each module's imports read or restored by this run, else kept from
   * what was restored when its content is unchanged; for a patch, only those the whole value lacks.
   */
  private next(patch: boolean): NextImports {
    const out = new NextImports(this.nodes, this.layout.moduleNames, (f) => this.placeOf(f), patch);
    for (let i = 0; i < this.nodes.length; i++) {
      const from = this.fromStore[i];
      // restored this run: kept as stored (only checked values are written back)
      if (from === 1) {
        if (!patch) out.copy(this.restored!, i);
        continue;
      }
      if (from === 2) {
        out.copy(this.patch!, i);
        continue;
      }
      const blob = this.blobAt(i);
      const r = this.read[i];
      if (r !== undefined) out.add(i, blob, r ?? undefined);
      // not read: kept when it still fits
      else if (this.patch?.imports(i, blob)) out.copy(this.patch, i);
      else if (this.restored?.imports(i, blob)) {
        if (!patch) out.copy(this.restored, i);
      } else if (!patch) out.add(i, null, undefined);
    }
    return out;
  }

  /** The graph with the imports of the files `scope` selects and of what they import, transitively (all files when absent). */
  graph(scope?: PythonScope): Promise<ModuleGraph> {
    if (!scope) return (this.whole ??= this.build(null));
    const selects = scope(this.layout.moduleNames);
    const start: number[] = [];
    for (let i = 0; i < this.nodes.length; i++) if (selects(this.nodes[i]!)) start.push(i);
    return this.build(start);
  }

  /** Each node's place among the nodes (built once many are asked for; before, a search of the sorted nodes). */
  private places: Map<string, number> | undefined;
  private searches = 0;

  private placeOf(file: string): number {
    if (!this.places && ++this.searches > 256) {
      this.places = new Map();
      for (let i = 0; i < this.nodes.length; i++) this.places.set(this.nodes[i]!, i);
    }
    return this.places ? (this.places.get(file) ?? -1) : binarySearch(this.nodes, file);
  }

  /** `start`: the places of the nodes to read, and what they import; null: every node. */
  private async build(start: readonly number[] | null): Promise<ModuleGraph> {
    const whole = start === null;
    const nodes = this.nodes;
    const edges: ImportEdge[] = [];
    const unresolved: NonNullable<ModuleGraph['unresolved']> = [];
    let unreadable = 0;
    let reached = nodes.length;
    const take = (imports: FileImports): void => {
      for (const e of imports.edges) edges.push(e);
      for (const u of imports.unresolved) unresolved.push(u);
    };
    // Synchronous reads: for thousands of small files several times faster than the promise API.
    // Other work (a JavaScript graph being built beside this one) gets a turn every few hundred files.
    if (whole) {
      // Every node, in order: nothing to follow, and (nodes and each file's edges being sorted)
      // their edges concatenated in node order are sorted.
      for (let i = 0; i < nodes.length; i++) {
        if (i % 256 === 255) await turn();
        const imports = this.importsOf(i);
        if (imports === null) unreadable++;
        else take(imports);
      }
    } else {
      const seen = new Uint8Array(nodes.length);
      const queue = [...start];
      for (const i of queue) seen[i] = 1;
      for (let q = 0; q < queue.length; q++) {
        if (q % 256 === 255) await turn();
        const imports = this.importsOf(queue[q]!);
        if (imports === null) {
          unreadable++;
          continue;
        }
        if (queue.length === nodes.length) continue; // every node is in: nothing to follow
        for (const e of imports.edges) {
          const j = this.placeOf(e.to);
          if (j >= 0 && seen[j] === 0) {
            seen[j] = 1;
            queue.push(j);
          }
        }
      }
      // every node reached: the whole graph, built once for every guardrail that reaches it
      if (queue.length === nodes.length) return this.graph();
      for (let i = 0; i < nodes.length; i++) {
        // in node order, as above: sorted
        if (seen[i] === 0) continue;
        const imports = this.read[i];
        if (imports) take(imports);
      }
      reached = queue.length;
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

  /** Node `i`'s blob id (looked up once: a warm run asks when it restores the node and again when it keeps it). */
  private blobAt(i: number): string | null {
    const b = this.blobs[i];
    return b !== undefined ? b : (this.blobs[i] = this.ws.blobOf(this.nodes[i]!));
  }

  /** The resolved imports of node `i`, read once (restored from the fact cache when it has them for this content and layout). */
  private importsOf(i: number): FileImports | null {
    const from = this.nodes[i]!;
    const r = this.read[i];
    if (r !== undefined) return r;
    const blob = this.blobAt(i);
    const patched = this.patch?.imports(i, blob);
    const hit = patched ?? this.restored?.imports(i, blob);
    if (hit) {
      sortEdges(hit.edges);
      this.fromStore[i] = patched ? 2 : 1;
      this.read[i] = hit;
      this.cache?.tally(READER_ID, true);
      return hit;
    }
    return (this.read[i] = this.resolve(from));
  }

  /** A file's imports read and resolved. */
  private resolve(from: string): FileImports | null {
    const imports = scanOf(this.ws, from);
    if (imports === null) return null;
    const r: FileImports = { edges: [], unresolved: [] };
    for (const imp of imports) {
      const res = resolveImport(this.layout, from, imp);
      for (const e of res.edges) r.edges.push({ from, to: e.to, line: imp.line, column: imp.column, kind: imp.kind, specifier: e.specifier });
      for (const specifier of res.unresolved) r.unresolved.push({ from, specifier, line: imp.line });
    }
    sortEdges(r.edges);
    this.resolved++;
    this.cache?.tally(READER_ID, false);
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

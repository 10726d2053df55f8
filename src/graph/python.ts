import type { Workspace } from '../workspace/workspace.js';
import { inferLayout, pythonNodes, resolveImport, scanOf, treeLayout } from './python-resolve.js';
import { compareEdges, type ImportEdge, type ModuleGraph } from './types.js';
import { cmp } from '../util/text.js';

/**
 * The Python import graph of the workspace, without Python: every `.py` file (and `.pyi` stub
 * without a `.py` twin) is a node; every import statement that names a module of the tree is an
 * edge with its kind (python-scan.ts) and where it is written. Imports of the standard library and
 * of third-party packages are not edges; imports that name the tree's own packages but no module of
 * it are listed in `unresolved`.
 */
export async function buildPythonGraph(ws: Workspace, opts: { roots?: string[] }, log: (m: string) => void): Promise<ModuleGraph> {
  const nodes = pythonNodes(ws.files);
  const layout = opts.roots ? inferLayout(nodes, ws.files, opts.roots) : treeLayout(ws, nodes);
  const edges: ImportEdge[] = [];
  const unresolved: NonNullable<ModuleGraph['unresolved']> = [];
  let unreadable = 0;
  // Synchronous reads: for thousands of small files several times faster than the promise API.
  // Other work (a JavaScript graph being built beside this one) gets a turn every few hundred files.
  for (let i = 0; i < nodes.length; i++) {
    if (i % 256 === 255) await new Promise((resolve) => setImmediate(resolve));
    const from = nodes[i]!;
    const imports = scanOf(ws, from);
    if (imports === null) {
      unreadable++;
      continue;
    }
    const first = edges.length;
    for (const imp of imports) {
      const r = resolveImport(layout, from, imp);
      for (const e of r.edges) edges.push({ from, to: e.to, line: imp.line, column: imp.column, kind: imp.kind, specifier: e.specifier });
      for (const specifier of r.unresolved) unresolved.push({ from, specifier, line: imp.line });
    }
    // Files come in order and statements in source order: sorting each file's edges (only targets
    // of one statement can be out of order) sorts them all.
    if (edges.length - first > 1) sortRange(edges, first);
  }
  unresolved.sort((a, b) => cmp(a.from, b.from) || a.line - b.line || cmp(a.specifier, b.specifier));
  if (nodes.length > 0) {
    const roots = layout.roots.map((r) => (r === '' ? '.' : r));
    const shown = roots.length > 6 ? `${roots.slice(0, 6).join(', ')} and ${roots.length - 6} more` : roots.join(', ');
    log(
      `python import graph: ${nodes.length} modules, ${edges.length} imports within the tree, ${unresolved.length} unresolved` +
        `${unreadable ? `, ${unreadable} unreadable` : ''}; roots: ${shown}`,
    );
  }
  return { nodes, edges, moduleNames: layout.moduleNames, unresolved };
}

function sortRange(edges: ImportEdge[], start: number): void {
  const part = edges.slice(start).sort(compareEdges);
  for (let i = 0; i < part.length; i++) edges[start + i] = part[i]!;
}

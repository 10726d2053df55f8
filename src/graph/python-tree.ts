import { scanPython, type PyImport } from './python-scan.js';
import { absoluteNames, type Statements } from './python-roots.js';
import { inferLayout, type PyLayout } from './python-resolve.js';
import { cmp } from '../util/text.js';
import { sortedByCodeUnits } from '../util/array.js';
import { cachedSync } from '../facts/source.js';
import { PY_IMPORTS } from '../facts/readers.js';

/**
 * What a tree's Python is, computed once per file list and shared by whoever asks (the graph, routes,
 * migrations, the warm-up while git lists the files): its modules, each module's import statements
 * (through the fact cache) and the inferred layout (python-resolve.ts).
 */

const nodeLists = new WeakMap<readonly string[], string[]>();

/**
 * The modules of a file list: `.py` files, and `.pyi` stubs that have no `.py` twin; sorted. One
 * list per file list (the warm-up's layout and the graph ask for the same), shared: not to be changed.
 */
export function pythonNodes(files: readonly string[]): string[] {
  let nodes = nodeLists.get(files);
  if (!nodes) nodeLists.set(files, (nodes = modulesOf(files)));
  return nodes;
}

function modulesOf(files: readonly string[]): string[] {
  const py = files.filter((f) => f.endsWith('.py'));
  const stubs = files.filter((f) => f.endsWith('.pyi'));
  if (stubs.length === 0) return sortedByCodeUnits(py);
  const set = new Set(py);
  for (const f of stubs) if (!set.has(f.slice(0, -1))) py.push(f);
  return py.sort(cmp);
}

/** What treeLayout needs of a workspace. */
export interface PyTree {
  readonly files: readonly string[];
  readTextSync(file: string): string | null;
  blobOf?(file: string): string | null;
}

const layouts = new WeakMap<readonly string[], PyLayout>();
const scans = new WeakMap<readonly string[], Map<string, PyImport[] | null>>();

/**
 * The import statements of a file of the tree, scanned once per file list (root inference and the
 * graph share them), through the fact cache (a cold reader: a warm graph restores resolved imports
 * instead, python-cache.ts).
 */
export function scanOf(tree: PyTree, file: string): PyImport[] | null {
  let m = scans.get(tree.files);
  if (!m) scans.set(tree.files, (m = new Map()));
  let s = m.get(file);
  if (s === undefined) {
    const scan = () => {
      const text = tree.readTextSync(file);
      return text === null ? null : scanPython(text);
    };
    s = cachedSync(tree, PY_IMPORTS, file, scan);
    m.set(file, s);
  }
  return s;
}

/** The inferred layout of a workspace, computed once per file list (the graph, routes and migrations share it). */
export function treeLayout(tree: PyTree, nodes?: readonly string[]): PyLayout {
  let l = layouts.get(tree.files);
  if (!l) {
    const ns = nodes ?? pythonNodes(tree.files);
    const statements: Statements = function* () {
      for (const f of ns)
        for (const imp of scanOf(tree, f) ?? []) {
          const names = absoluteNames(imp);
          if (names.length) yield { file: f, names };
        }
    };
    layouts.set(tree.files, (l = inferLayout(ns, tree.files, undefined, { read: (f) => tree.readTextSync(f), statements })));
  }
  return l;
}

/** Thrown by the statements a warm-up gives root inference: it needs the tree's imports, read only by the run itself. */
const NEEDS_IMPORTS = Symbol('needs imports');

/**
 * Compute the inferred layout of `tree` ahead (while git still lists the files: src/engine.ts), for
 * a later `treeLayout` of the same file list to take. Given up, and left to that call, when root
 * inference would read the tree's import statements (files with no root found by packaging or
 * packages): the run reads those through the fact cache.
 */
export function warmTreeLayout(tree: PyTree): void {
  if (layouts.has(tree.files)) return;
  const ns = pythonNodes(tree.files);
  if (ns.length === 0) return;
  const statements: Statements = () => {
    throw NEEDS_IMPORTS;
  };
  try {
    layouts.set(tree.files, inferLayout(ns, tree.files, undefined, { read: (f) => tree.readTextSync(f), statements }));
  } catch (e) {
    if (e !== NEEDS_IMPORTS) throw e;
  }
}

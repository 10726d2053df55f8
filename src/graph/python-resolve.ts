import type { PyImport } from './python-scan.js';
import { deepestRoot, depth, dirname, inferRoots, type Statements } from './python-roots.js';
import { cmp } from '../util/text.js';
import { inFolder } from '../util/paths.js';

/**
 * Where Python modules live and what an import statement names (docs/checks/no-cycles.md, "How imports are read").
 *
 * Source roots (the directories that would be on `sys.path`) come from python-roots.ts (packaging
 * declarations, top-level packages, and where the tree's absolute imports resolve), or are given
 * explicitly; a file under none of them gets its own directory (where `python file.py` would put
 * it), the shallowest first, so a scripts folder's subfolders are namespace packages of it.
 * A file belongs to the deepest root above it; its module name is its path under that root
 * (`a/b/__init__.py` → `a.b`, directories without `__init__.py` being namespace packages).
 *
 * Resolution follows Python's import system: an absolute name is looked up in the importing file's
 * own root first, then the other roots; a regular package or module wins over namespace portions
 * (as importlib's path finder does). A top-level name that is only a namespace directory here
 * would lose to an installed package of that name, so it counts only where the full name reaches a
 * file of the tree: `from alembic import context` is not an edge to a `backend/alembic/` folder
 * without `__init__.py`. Names of no root (standard library, third party) are not edges.
 * `from m import n` points at `m.n` when that is a module, else at `m`; relative imports resolve
 * inside the file's own root. A name under a regular package of the tree that matches no file is
 * `missing`, and so is a name whose first two parts are folders or modules of the tree but that
 * reaches no file (an internal-looking import: both are reported as unresolved).
 */

export interface PyLayout {
  /** Sorted roots ('' = the repository root). */
  roots: string[];
  /** file → its root (a module's root is its folder's) */
  rootOf: { get(file: string): string | undefined; has(file: string): boolean };
  /** file → dotted module name under its root */
  moduleNames: Map<string, string>;
  index: Map<string, RootIndex>;
  /** top-level name → the roots (sorted) where it is a regular module or package, and where a namespace package */
  tops: Map<string, { regular: string[]; namespace: string[] }>;
  /** root → absolute names already looked up from a file of that root (the same few names recur) */
  absolute: Map<string, Map<string, Found>>;
  /** Every folder holding Python and every module path without its extension (`src/app/data`, `src/app/main`); built on first use. */
  paths: () => Set<string>;
  /** `a/b` → whether it is a folder or module under the repository root or a root (memo of looksInternal). */
  internal: Map<string, boolean>;
  /** root → absolute import statement (form, module, names) → what it resolves to there (the same statements recur in many files) */
  statements: Map<string, Map<string, Resolved>>;
}

interface RootIndex {
  /** dotted name → file (a package's `__init__.py` wins over a same-named module file) */
  modules: Map<string, string>;
  /** dotted names of directories below the root that hold Python but no `__init__` */
  namespaces: Set<string>;
}

/** What a dotted name is: a file of the tree, or why there is none. */
export type Found = string | 'namespace' | 'missing' | 'external';

export interface Resolved {
  edges: { to: string; specifier: string }[];
  /** Specifiers that named the tree's own packages but no module of it. */
  unresolved: string[];
}

/** What root inference may read: packaging files, and the tree's import statements (scanned only when needed). */
export interface RootHints {
  read?: (file: string) => string | null;
  statements?: Statements;
}

const SLASHES = /\//g; // (a regular expression: several times faster than replaceAll('/') on a first, unoptimised pass)

export function inferLayout(nodes: readonly string[], allFiles: readonly string[], override?: readonly string[], hints: RootHints = {}): PyLayout {
  // (string operations, not split and join, and each folder once: these loops run once per Python
  // file of the tree, and the sorted nodes of one folder come in a row)
  const packages = new Set<string>();
  for (const f of nodes) {
    if (f.endsWith('__init__.py') || f.endsWith('__init__.pyi')) {
      const d = dirname(f);
      const base = f.slice(d ? d.length + 1 : 0);
      if (base === '__init__.py' || base === '__init__.pyi') packages.add(d);
    }
  }
  const roots = override ? new Set(override.map(normaliseRoot)) : inferRoots(nodes, allFiles, hints.read, hints.statements);
  // A file's root depends on its folder only. Folders under no root: their own, shallowest first.
  const rootOfDir = new Map<string, string>();
  const unrooted: string[] = [];
  let last: string | undefined;
  for (const f of nodes) {
    const slash = f.lastIndexOf('/');
    if (last !== undefined && inFolder(f, slash, last)) continue;
    const d = slash < 0 ? '' : f.slice(0, slash);
    last = d;
    if (rootOfDir.has(d)) continue;
    const r = deepestRoot(roots, f);
    if (r === null) unrooted.push(d);
    else rootOfDir.set(d, r);
  }
  unrooted.sort((a, b) => depth(a) - depth(b) || cmp(a, b));
  for (const d of unrooted) {
    let r = deepestRoot(roots, `${d}/x`);
    if (r === null) roots.add((r = d));
    rootOfDir.set(d, r);
  }

  const moduleNames = new Map<string, string>();
  const index = new Map<string, RootIndex>();
  for (const r of roots) index.set(r, { modules: new Map(), namespaces: new Set() });
  last = undefined;
  let r = '';
  let idx: RootIndex | undefined;
  let from = 0;
  let folder = ''; // the folder's dotted name under its root ('' for the root itself)
  for (const f of nodes) {
    const slashAt = f.lastIndexOf('/');
    const newFolder = last === undefined || !inFolder(f, slashAt, last);
    if (newFolder) {
      last = slashAt < 0 ? '' : f.slice(0, slashAt);
      r = rootOfDir.get(last)!;
      idx = index.get(r)!;
      from = r === '' ? 0 : r.length + 1;
      folder = slashAt < from ? '' : f.slice(from, slashAt).replace(SLASHES, '.');
    }
    // the module name: the path from the root without the extension (a package: its folder), dotted
    // (the folder's part once per folder: a replace per file cost more than the rest of this loop)
    const dot = f.lastIndexOf('.');
    const isInit = dot - slashAt === 9 && f.startsWith('__init__', slashAt + 1);
    const slash = slashAt < from ? -1 : slashAt - from; // in the path from the root
    // (a root's own __init__.py is the module `__init__`)
    const name = slash < 0 ? f.slice(from, dot) : isInit ? folder : `${folder}.${f.slice(slashAt + 1, dot)}`;
    moduleNames.set(f, name);
    if (isInit || !idx!.modules.has(name)) idx!.modules.set(name, f);
    // every directory between the root and the file that is no regular package is a namespace package
    // (files of one folder share their root, and come in a row: a folder is weighed once, with all above it)
    if (!newFolder || slash < 0) continue;
    const stem = f.slice(from, dot);
    const parts = stem.split('/');
    if (isInit && parts.length > 1) parts.pop();
    let dir = r;
    let dotted = '';
    for (let i = 0; i < parts.length - 1; i++) {
      dir = dir === '' ? parts[i]! : `${dir}/${parts[i]}`;
      dotted = i === 0 ? parts[0]! : `${dotted}.${parts[i]}`;
      if (!packages.has(dir)) idx!.namespaces.add(dotted);
    }
  }
  const rootOf = {
    get: (file: string) => (moduleNames.has(file) ? rootOfDir.get(dirname(file)) : undefined),
    has: (file: string) => moduleNames.has(file),
  };
  const sorted = [...roots].sort(cmp);
  const tops = new Map<string, { regular: string[]; namespace: string[] }>();
  const top = (name: string) => {
    let t = tops.get(name);
    if (!t) tops.set(name, (t = { regular: [], namespace: [] }));
    return t;
  };
  for (const r of sorted) {
    const idx = index.get(r)!;
    for (const name of idx.modules.keys()) if (!name.includes('.')) top(name).regular.push(r);
    for (const name of idx.namespaces) if (!name.includes('.')) top(name).namespace.push(r);
  }
  const absolute = new Map(sorted.map((r) => [r, new Map<string, Found>()]));
  // Only an import that no root resolves asks for these: built then.
  let paths: Set<string> | undefined;
  const pathSet = () => {
    if (paths) return paths;
    paths = new Set<string>();
    for (const f of nodes) {
      paths.add(f.slice(0, f.lastIndexOf('.')));
      for (let d = dirname(f); d !== '' && !paths.has(d); d = dirname(d)) paths.add(d);
    }
    return paths;
  };
  return { roots: sorted, rootOf, moduleNames, index, tops, absolute, paths: pathSet, internal: new Map(), statements: new Map(sorted.map((r) => [r, new Map<string, Resolved>()])) };
}

/** Resolve one import statement of `from` (a node of the layout). The result is shared: do not change it. */
export function resolveImport(layout: PyLayout, from: string, imp: PyImport): Resolved {
  const root = layout.rootOf.get(from);
  if (root === undefined) return { edges: [], unresolved: [] };
  if (imp.level > 0) return resolveIn(layout, from, root, imp);
  // An absolute import resolves the same in every file of a root, but for a file's import of itself (no edge).
  const memo = layout.statements.get(root)!;
  let k = `${imp.form} ${imp.module.length} ${imp.module}`;
  for (const n of imp.names) k += ` ${n.length} ${n}`; // lengths: no two statements share a key, whatever their text
  let r = memo.get(k);
  if (r === undefined) memo.set(k, (r = resolveIn(layout, '', root, imp)));
  return r.edges.some((e) => e.to === from) ? { edges: r.edges.filter((e) => e.to !== from), unresolved: r.unresolved } : r;
}

/** Resolve one import statement written in `from` (or, for an absolute import, '' = any file of `root`). */
function resolveIn(layout: PyLayout, from: string, root: string, imp: PyImport): Resolved {
  const out: Resolved = { edges: [], unresolved: [] };
  if (imp.level === 0 && (imp.module === '__future__' || imp.module.startsWith('__future__.'))) return out;
  const written = imp.level === 0 ? imp.module : '.'.repeat(imp.level) + imp.module;
  // relative imports resolve in the file's own root only
  const own = imp.level > 0 ? layout.index.get(root)! : null;
  const target = imp.level > 0 ? relativeTarget(layout, from, imp.level, imp.module) : imp.module;
  if (target === null) {
    out.unresolved.push(written); // relative import beyond the top-level package (or from a script)
    return out;
  }
  let needTarget = imp.form === 'import';
  for (const n of imp.names) {
    const sub = n === '*' ? 'missing' : own ? findIn(own, `${target}.${n}`) : findAbsolute(layout, root, `${target}.${n}`);
    if (isFile(sub)) addEdge(out, from, sub, written.endsWith('.') ? written + n : `${written}.${n}`);
    else needTarget = true;
  }
  if (needTarget) {
    const found = own ? findIn(own, target) : findAbsolute(layout, root, target);
    if (isFile(found)) addEdge(out, from, found, written);
    else if (found === 'missing' || (found === 'external' && looksInternal(layout, target))) out.unresolved.push(written);
  }
  return out;
}

/** The absolute name of `level` dots and `module` written in `from`; null beyond the top-level package. */
function relativeTarget(layout: PyLayout, from: string, level: number, module: string): string | null {
  const name = layout.moduleNames.get(from)!;
  const parts = name === '' ? [] : name.split('.');
  if (!isPackageInit(from)) parts.pop();
  if (level > parts.length) return null;
  parts.length -= level - 1;
  if (module) parts.push(module);
  return parts.join('.');
}

/**
 * The file of the module that `level` leading dots and the dotted `module` name in `from` (a node
 * of the layout), as an import statement there would find it; null when it is no module of the
 * tree. Resolution is the one of the import graph; `nearby` (for readers that follow names into
 * modules, such as route and migration discovery) also finds an absolute name that no root holds
 * from the file's own directory or a directory above it, as code started from there would
 * (`uvicorn app.main:app` run beside an `app/` folder without `__init__.py`).
 */
export function moduleFileOf(layout: PyLayout, from: string, level: number, module: string, nearby = false): string | null {
  const root = layout.rootOf.get(from);
  if (root === undefined) return null;
  if (level > 0) {
    const target = relativeTarget(layout, from, level, module);
    if (target === null) return null;
    const found = findIn(layout.index.get(root)!, target);
    return isFile(found) ? found : null;
  }
  if (module === '') return null;
  const found = findAbsolute(layout, root, module);
  if (isFile(found)) return found;
  if (!nearby || found !== 'external') return null;
  const rel = module.split('.').join('/');
  for (let d = dirname(from); ; d = dirname(d)) {
    const base = d === '' ? rel : `${d}/${rel}`;
    for (const f of [`${base}/__init__.py`, `${base}/__init__.pyi`, `${base}.py`, `${base}.pyi`]) if (layout.rootOf.has(f)) return f;
    if (d === '') return null;
  }
}

/** One edge per target and statement; a module importing itself is none. */
function addEdge(out: Resolved, from: string, to: string, specifier: string): void {
  if (to === from) return;
  for (const e of out.edges) if (e.to === to) return;
  out.edges.push({ to, specifier });
}

function isPackageInit(file: string): boolean {
  const base = file.slice(file.lastIndexOf('/') + 1);
  return base === '__init__.py' || base === '__init__.pyi';
}

function findIn(idx: RootIndex, name: string): Found {
  const f = idx.modules.get(name);
  if (f !== undefined) return f;
  return idx.namespaces.has(name) ? 'namespace' : 'missing';
}

/** An absolute name: the first root (own root first) with a regular top-level module wins; else namespace portions, first file found. */
function findAbsolute(layout: PyLayout, own: string, name: string): Found {
  const memo = layout.absolute.get(own)!;
  let found = memo.get(name);
  if (found === undefined) memo.set(name, (found = lookupAbsolute(layout, own, name)));
  return found;
}

function lookupAbsolute(layout: PyLayout, own: string, name: string): Found {
  const dot = name.indexOf('.');
  const roots = layout.tops.get(dot < 0 ? name : name.slice(0, dot));
  if (!roots) return 'external';
  if (roots.regular.length > 0) return findIn(layout.index.get(roots.regular.includes(own) ? own : roots.regular[0]!)!, name);
  for (const r of roots.namespace.includes(own) ? [own, ...roots.namespace] : roots.namespace) {
    const f = layout.index.get(r)!.modules.get(name);
    if (f !== undefined) return f;
  }
  return 'external';
}

/**
 * An absolute name that no root resolves but whose first two parts are a folder or module of the
 * tree under the repository root or a source root (`app.data.x` with `src/app/data/` present):
 * most likely a module of the repository that the roots do not reach, not a third-party package.
 */
function looksInternal(layout: PyLayout, name: string): boolean {
  const parts = name.split('.');
  if (parts.length < 2) return false;
  const head = `${parts[0]}/${parts[1]}`;
  let v = layout.internal.get(head);
  if (v === undefined) {
    const paths = layout.paths();
    layout.internal.set(head, (v = paths.has(head) || layout.roots.some((r) => paths.has(r === '' ? head : `${r}/${head}`))));
  }
  return v;
}

function isFile(f: Found): f is string {
  return f !== 'namespace' && f !== 'missing' && f !== 'external';
}

function normaliseRoot(r: string): string {
  let s = r
    .replace(/\\/g, '/')
    .replace(/^\.\/+/, '')
    .replace(/\/+$/, '');
  if (s === '.') s = '';
  return s;
}

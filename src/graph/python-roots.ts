import { cmp } from '../util/text.js';
import { declaredRoots } from './python-packaging.js';
import type { PyImport } from './python-scan.js';

/**
 * Source roots (the directories that would be on `sys.path`) of a tree, inferred in this order:
 *
 * 1. Declared: the package folders of `pyproject.toml` / `setup.cfg` / `setup.py`
 *    (python-packaging.ts); folders named `src`, and folders holding a project file
 *    (`pyproject.toml`, `setup.py`, `requirements.txt`, `manage.py`, …), that have Python below them
 *    and are not part of a package.
 * 2. The parent of every top-level regular package (a folder with `__init__.py` whose parent has
 *    none) — unless that parent lies inside a package: a folder without `__init__.py` below a
 *    regular package is a namespace portion of it (`src/app/__init__.py` makes
 *    `src/app/data/source/` the package `app.data.source`, never a root). When only folders
 *    without `__init__.py` separate the parent from a declared root above it, the code decides: the
 *    parent is a root only if at least as many absolute imports name its modules from the parent as
 *    from the declared root.
 * 3. For files still under no root, the folder above them from which the most absolute imports of
 *    the tree reach them (`backend/` when the code says `from app.core import config` for
 *    `backend/app/core/config.py`), repeatedly while an import is explained.
 * Files still under no root get their own directory (python-resolve.ts).
 */

/** The absolute import statements of the tree, each as the dotted names any of which it may load. */
export type Statements = () => Iterable<readonly string[]>;

const PROJECT_FILES = new Set(['pyproject.toml', 'setup.py', 'setup.cfg', 'requirements.txt', 'Pipfile', 'manage.py']);
const MAX_ROUNDS = 64;

export function inferRoots(nodes: readonly string[], allFiles: readonly string[], read: ((file: string) => string | null) | undefined, statements: Statements | undefined): Set<string> {
  const nodeSet = new Set(nodes);
  const packages = new Set<string>();
  const dirsWithPython = new Set<string>(['']);
  for (const f of nodes) {
    const d = dirname(f);
    const base = f.slice(d ? d.length + 1 : 0);
    if (base === '__init__.py' || base === '__init__.pyi') packages.add(d);
    for (let p = d; p !== '' && !dirsWithPython.has(p); p = dirname(p)) dirsWithPython.add(p);
  }
  const outsidePackages = (d: string) => !packages.has(d) && (d === '' || !packages.has(dirname(d)));
  const roots = new Set<string>();
  for (const d of read ? declaredRoots(allFiles, read) : []) if (dirsWithPython.has(d)) roots.add(d);
  for (const f of allFiles) {
    const d = dirname(f);
    if (PROJECT_FILES.has(f.slice(d ? d.length + 1 : 0)) && dirsWithPython.has(d) && outsidePackages(d)) roots.add(d);
  }
  for (const d of dirsWithPython) if ((d === 'src' || d.endsWith('/src')) && outsidePackages(d)) roots.add(d);

  const evidence = new Evidence(nodeSet, statements);
  const contested: { parent: string; above: string }[] = [];
  for (const d of [...packages].sort(cmp)) {
    if (d === '') {
      roots.add('');
      continue;
    }
    if (packages.has(dirname(d))) continue; // not top-level
    const parent = dirname(d);
    let above: string | null = null;
    let inside = false;
    for (let a = parent; ; a = dirname(a)) {
      if (roots.has(a) && a !== parent) {
        above = a;
        break;
      }
      if (a !== parent && packages.has(a)) {
        inside = true;
        break;
      }
      if (a === '') break;
    }
    if (inside) continue;
    if (above === null || roots.has(parent)) roots.add(parent);
    else contested.push({ parent, above });
  }
  for (const { parent, above } of contested) {
    if (evidence.count(parent, parent) >= evidence.count(above, parent)) roots.add(parent);
  }

  // Files under no root: the folder above them that explains the most imports.
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const unrooted = nodes.filter((f) => deepestRoot(roots, f) === null);
    if (unrooted.length === 0) break;
    const candidates = new Set<string>();
    for (const f of unrooted) for (let d = dirname(f); ; d = dirname(d)) {
      if (!packages.has(d)) candidates.add(d);
      if (d === '') break;
    }
    const under = new Set(unrooted);
    let best: string | null = null;
    let bestScore = 0;
    for (const c of [...candidates].sort((a, b) => depth(a) - depth(b) || cmp(a, b))) {
      const score = evidence.count(c, c, under);
      if (score > bestScore) [best, bestScore] = [c, score];
    }
    if (best === null) break;
    roots.add(best);
  }
  return roots;
}

/** How many absolute import statements of the tree reach a module below a folder. */
class Evidence {
  private byTop: Map<string, (readonly string[])[]> | null = null;

  constructor(private readonly nodes: ReadonlySet<string>, private readonly statements: Statements | undefined) {}

  /** Statements that, resolved with `base` on the path, load a file below `dir` (and in `only`, when given). */
  count(base: string, dir: string, only?: ReadonlySet<string>): number {
    if (!this.statements) return 0;
    if (!this.byTop) {
      this.byTop = new Map();
      for (const s of this.statements()) {
        if (s.length === 0) continue;
        const top = s[0]!.split('.', 1)[0]!;
        let list = this.byTop.get(top);
        if (!list) this.byTop.set(top, (list = []));
        list.push(s);
      }
    }
    const prefix = dir === '' ? '' : `${dir}/`;
    const basePrefix = base === '' ? '' : `${base}/`;
    let n = 0;
    for (const [top, list] of this.byTop) {
      if (!this.holds(basePrefix + top)) continue;
      for (const s of list) {
        if (s.some((name) => this.fileOf(basePrefix + name.split('.').join('/'), prefix, only))) n++;
      }
    }
    return n;
  }

  private holds(path: string): boolean {
    return this.fileOf(path, '', undefined) || this.dirs().has(path);
  }

  private dirSet: Set<string> | null = null;
  private dirs(): Set<string> {
    if (!this.dirSet) {
      this.dirSet = new Set();
      for (const f of this.nodes) for (let d = dirname(f); d !== '' && !this.dirSet.has(d); d = dirname(d)) this.dirSet.add(d);
    }
    return this.dirSet;
  }

  private fileOf(path: string, prefix: string, only: ReadonlySet<string> | undefined): boolean {
    if (!path.startsWith(prefix)) return false;
    for (const f of [`${path}.py`, `${path}.pyi`, `${path}/__init__.py`, `${path}/__init__.pyi`]) {
      if (this.nodes.has(f) && (!only || only.has(f))) return true;
    }
    return false;
  }
}

/** The dotted names an import statement may load: `import a.b` → a.b; `from a import b, c` → a.b, a.c, a. Relative and `__future__` imports: none. */
export function absoluteNames(imp: PyImport): string[] {
  if (imp.level > 0 || imp.module === '' || imp.module === '__future__') return [];
  if (imp.form === 'import') return [imp.module];
  return [...imp.names.filter((n) => n !== '*').map((n) => `${imp.module}.${n}`), imp.module];
}

export function deepestRoot(roots: ReadonlySet<string>, file: string): string | null {
  for (let d = dirname(file); ; d = dirname(d)) {
    if (roots.has(d)) return d;
    if (d === '') return null;
  }
}

export function dirname(f: string): string {
  const i = f.lastIndexOf('/');
  return i < 0 ? '' : f.slice(0, i);
}

export function depth(f: string): number {
  let n = 0;
  for (let i = 0; i < f.length; i++) if (f.charCodeAt(i) === 47) n++;
  return n;
}

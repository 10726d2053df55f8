import { cmp } from '../util/text.js';
import { baseNameOf, inFolder } from '../util/paths.js';
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
 * 3. For files still under no root, the folder above them from which the most absolute imports
 *    written below it reach them (`backend/` when the code says `from app.core import config` for
 *    `backend/app/core/config.py`), several disjoint folders per round, while an import is explained.
 * Files still under no root get their own directory (python-resolve.ts).
 */

/** The absolute import statements of the tree, each as the dotted names any of which it may load. */
export type Statements = () => Iterable<{ file: string; names: readonly string[] }>;

const INIT = ['__init__.py', '__init__.pyi'];
const PROJECT_FILES = ['pyproject.toml', 'setup.py', 'setup.cfg', 'requirements.txt', 'Pipfile', 'manage.py'];
const MAX_ROUNDS = 64;

export function inferRoots(nodes: readonly string[], allFiles: readonly string[], read: ((file: string) => string | null) | undefined, statements: Statements | undefined): Set<string> {
  const packages = new Set<string>();
  const dirsWithPython = new Set<string>(['']);
  // (each folder's name made once: the files of a folder come in a row)
  let last: string | undefined;
  for (const f of nodes) {
    const slash = f.lastIndexOf('/');
    const same = last !== undefined && inFolder(f, slash, last);
    const d = same ? last! : slash < 0 ? '' : f.slice(0, slash);
    if (baseNameOf(f, INIT) !== undefined) packages.add(d);
    if (same) continue;
    last = d;
    for (let p = d; p !== '' && !dirsWithPython.has(p); p = dirname(p)) dirsWithPython.add(p);
  }
  const outsidePackages = (d: string) => !packages.has(d) && (d === '' || !packages.has(dirname(d)));
  const roots = new Set<string>();
  for (const d of read ? declaredRoots(allFiles, read) : []) if (dirsWithPython.has(d)) roots.add(d);
  for (const f of allFiles) {
    if (baseNameOf(f, PROJECT_FILES) === undefined) continue;
    const d = dirname(f);
    if (dirsWithPython.has(d) && outsidePackages(d)) roots.add(d);
  }
  for (const d of dirsWithPython) if ((d === 'src' || d.endsWith('/src')) && outsidePackages(d)) roots.add(d);

  const evidence = new Evidence(nodes, statements);
  const contested: { parent: string; above: string }[] = [];
  // shallowest first, so that a package's parent is weighed against the roots above it, whatever the names
  for (const d of [...packages].sort((a, b) => depth(a) - depth(b) || cmp(a, b))) {
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

  // Files under no root: the folders above them that explain the most imports (several disjoint ones per round).
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const unrooted = unrootedFiles(nodes, roots);
    if (unrooted.size === 0) break;
    const scores = evidence.scores((base, file) => unrooted.has(file) && !packages.has(base));
    const ranked = [...scores].sort((a, b) => b[1] - a[1] || depth(a[0]) - depth(b[0]) || cmp(a[0], b[0]));
    const picked: string[] = [];
    const nested: [string, string][] = [];
    for (const [c] of ranked) {
      const over = picked.find((p) => within(c, p) || within(p, c));
      if (over === undefined) picked.push(c);
      else if (c !== over && within(c, over)) nested.push([c, over]);
    }
    if (picked.length === 0) break;
    for (const c of picked) roots.add(c);
    // A folder inside a chosen one that its own code imports from (`import helper` in scripts/)
    // stays a root too, unless the code names its modules from the outer folder more often.
    for (const [c, outer] of nested) if (evidence.count(c, c) > evidence.count(outer, c)) roots.add(c);
  }
  return roots;
}

/** The files under no root (a file's root depends on its folder only: weighed once per folder). */
function unrootedFiles(nodes: readonly string[], roots: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  let last: string | undefined;
  let under = false;
  for (const f of nodes) {
    const slash = f.lastIndexOf('/');
    if (last === undefined || !inFolder(f, slash, last)) {
      last = slash < 0 ? '' : f.slice(0, slash);
      under = deepestRoot(roots, f) === null;
    }
    if (under) out.add(f);
  }
  return out;
}

/** `dir` is `outer` or below it. */
function within(dir: string, outer: string): boolean {
  return outer === '' || dir === outer || dir.startsWith(`${outer}/`);
}

/**
 * Where the tree's absolute imports are resolved from. A statement counts for the folders above
 * the file that holds it (where that file's code would put its root) from which one of its names
 * reaches a module file of the tree.
 */
export class Evidence {
  /**
   * Folder → for each statement of a file below it, the module files its names reach from there (in
   * the order of its names; statements that reach none are left out). Built once: every question
   * (`count` for each contested folder, `scores` for each round) then walks what it needs, not every
   * statement of the tree and every folder above it again (a tree of 19,000 modules asked 60 times
   * took minutes).
   */
  private byBase: Map<string, (readonly string[])[]> | null = null;

  constructor(
    private readonly nodes: readonly string[],
    private readonly statements: Statements | undefined,
  ) {}

  private reached(): Map<string, (readonly string[])[]> {
    if (this.byBase) return this.byBase;
    const byBase = new Map<string, (readonly string[])[]>();
    for (const s of this.statements ? this.statements() : []) {
      const names = s.names.map((n) => n.split('.').join('/'));
      for (let base = dirname(s.file); ; base = dirname(base)) {
        const prefix = base === '' ? '' : `${base}/`;
        let files: string[] | undefined;
        for (const rel of names) {
          const f = this.fileOf(prefix + rel);
          if (f !== null) (files ??= []).push(f);
        }
        if (files) {
          const list = byBase.get(base);
          if (list) list.push(files);
          else byBase.set(base, [files]);
        }
        if (base === '') break;
      }
    }
    return (this.byBase = byBase);
  }

  /** Base → folder strictly below it → how many of the statements resolved from the base reach a file below that folder. */
  private readonly below = new Map<string, Map<string, number>>();

  /** Statements that, resolved with `base` on the path, load a file below `dir`. */
  count(base: string, dir: string): number {
    const lists = this.reached().get(base);
    if (!lists) return 0;
    // Every file reached from a folder lies below it.
    if (within(base, dir)) return lists.length;
    if (!within(dir, base)) return 0;
    let counts = this.below.get(base);
    if (!counts) {
      counts = new Map();
      const dirs = new Set<string>();
      for (const files of lists) {
        dirs.clear();
        for (const f of files) for (let d = dirname(f); d !== base && d !== '' && !dirs.has(d); d = dirname(d)) dirs.add(d);
        for (const d of dirs) counts.set(d, (counts.get(d) ?? 0) + 1);
      }
      this.below.set(base, counts);
    }
    return counts.get(dir) ?? 0;
  }

  /** Folder → how many statements it resolves to a file that `keep` accepts (counted once per statement and folder). */
  scores(keep: (base: string, file: string) => boolean): Map<string, number> {
    const out = new Map<string, number>();
    for (const [base, lists] of this.reached()) {
      let n = 0;
      for (const files of lists) if (files.some((f) => keep(base, f))) n++;
      if (n > 0) out.set(base, n);
    }
    return out;
  }

  private stems: Set<string> | null = null;
  private nodeSet: Set<string> | null = null;

  private fileOf(path: string): string | null {
    if (!this.stems) {
      this.stems = new Set();
      this.nodeSet = new Set(this.nodes);
      for (const f of this.nodes) {
        const stem = f.slice(0, f.lastIndexOf('.'));
        this.stems.add(stem.endsWith('/__init__') ? stem.slice(0, -9) : stem);
      }
    }
    if (!this.stems.has(path)) return null;
    for (const f of [`${path}.py`, `${path}.pyi`, `${path}/__init__.py`, `${path}/__init__.pyi`]) if (this.nodeSet!.has(f)) return f;
    return null;
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

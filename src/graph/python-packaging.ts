import { parse as parseToml } from 'smol-toml';
import { baseNameOf } from '../util/paths.js';

/**
 * Source roots a Python project declares in its packaging files, as repo-relative directories:
 * - `pyproject.toml`: `[tool.setuptools] package-dir = {"" = "src"}` (and `{"pkg" = "src/pkg"}`),
 *   `[tool.setuptools.packages.find] where = ["src"]`, `[tool.poetry] packages = [{include = "app",
 *   from = "src"}]`, hatch `[tool.hatch.build(.targets.wheel)] packages = ["src/app"]` / `sources`,
 *   `[tool.pdm.build] package-dir`, `[tool.maturin] python-source`;
 * - `setup.cfg`: `[options] package_dir = =src`, `[options.packages.find] where = src`;
 * - `setup.py`: a literal `package_dir={"": "src"}`, `find_packages("src")` / `where="src"`.
 * Paths are relative to the packaging file's folder; one that leaves the repository is ignored.
 * The files are untrusted: anything that does not parse is simply not a declaration.
 */
const PACKAGING_FILES = ['pyproject.toml', 'setup.cfg', 'setup.py'] as const;

export function declaredRoots(files: readonly string[], read: (file: string) => string | null): string[] {
  const out = new Set<string>();
  for (const f of files) {
    const base = baseNameOf(f, PACKAGING_FILES);
    if (base === undefined) continue;
    const text = read(f);
    if (text === null) continue;
    const dir = f.includes('/') ? f.slice(0, f.lastIndexOf('/')) : '';
    const found = base === 'pyproject.toml' ? fromPyproject(text) : base === 'setup.cfg' ? fromSetupCfg(text) : fromSetupPy(text);
    for (const rel of found) {
      const r = join(dir, rel);
      if (r !== null) out.add(r);
    }
  }
  return [...out].sort();
}

type Table = Record<string, unknown>;

function table(v: unknown): Table | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Table) : null;
}

function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function fromPyproject(text: string): string[] {
  let doc: Table;
  try {
    doc = parseToml(text) as Table;
  } catch {
    return [];
  }
  const tool = table(doc.tool) ?? {};
  const out: string[] = [];
  const setuptools = table(tool.setuptools);
  if (setuptools) {
    out.push(...packageDir(table(setuptools['package-dir'])));
    const find = table(table(setuptools.packages)?.find);
    if (find) out.push(...strings(find.where));
  }
  const poetry = table(tool.poetry);
  for (const p of Array.isArray(poetry?.packages) ? poetry.packages : []) {
    const t = table(p);
    if (t && typeof t.include === 'string') out.push(typeof t.from === 'string' ? t.from : '.');
  }
  const hatchBuild = table(table(tool.hatch)?.build);
  for (const b of [hatchBuild, table(table(hatchBuild?.targets)?.wheel)]) {
    if (!b) continue;
    for (const p of strings(b.packages)) out.push(parentOf(p.replace(/\/+$/, '')));
    const sources = b.sources;
    if (Array.isArray(sources)) out.push(...strings(sources));
    else for (const [from, to] of Object.entries(table(sources) ?? {})) if (to === '' || to === '.') out.push(from);
  }
  const pdm = table(table(tool.pdm)?.build);
  if (pdm && typeof pdm['package-dir'] === 'string') out.push(pdm['package-dir']);
  const maturin = table(tool.maturin);
  if (maturin && typeof maturin['python-source'] === 'string') out.push(maturin['python-source']);
  return out;
}

/** `{"" = "src"}` → src; `{"pkg" = "lib/pkg"}` → lib (a package mapped to a folder of its own name). */
function packageDir(map: Table | null): string[] {
  const out: string[] = [];
  for (const [name, dir] of Object.entries(map ?? {})) {
    if (typeof dir !== 'string') continue;
    if (name === '') out.push(dir);
    else {
      const tail = name.split('.').join('/');
      const d = dir.replace(/\/+$/, '');
      if (d === tail) out.push('.');
      else if (d.endsWith(`/${tail}`)) out.push(d.slice(0, -tail.length - 1));
    }
  }
  return out;
}

export function fromSetupCfg(text: string): string[] {
  const out: string[] = [];
  let section = '';
  let key = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s[#;].*$/, '');
    const sec = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (sec) {
      section = sec[1]!.trim().toLowerCase();
      key = '';
      continue;
    }
    const kv = /^([A-Za-z_][\w.-]*)\s*[=:]\s*(.*)$/.exec(line);
    let value: string;
    if (kv) {
      key = kv[1]!.toLowerCase();
      value = kv[2]!.trim();
    } else if (/^\s+\S/.test(line) && key) value = line.trim();
    else continue;
    if (!value) continue;
    if (section === 'options' && key === 'package_dir') {
      const m = /^([\w.]*)\s*=\s*(\S+)$/.exec(value);
      if (m) out.push(...packageDir({ [m[1]!]: m[2]! }));
    } else if (section === 'options.packages.find' && key === 'where') out.push(value);
  }
  return out;
}

export function fromSetupPy(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/package_dir\s*=\s*\{\s*(['"])\1\s*:\s*(['"])([^'"\n]+)\2/g)) out.push(m[3]!);
  for (const m of text.matchAll(/find_(?:namespace_)?packages\s*\(\s*(?:where\s*=\s*)?(['"])([^'"\n]+)\1/g)) out.push(m[2]!);
  return out;
}

/** `dir` joined with a relative path, normalised; null when it leaves the repository or is absolute. */
function join(dir: string, rel: string): string | null {
  if (rel.startsWith('/') || rel.includes('\\') || /^[A-Za-z]:/.test(rel) || rel.includes('\0')) return null;
  const parts = dir ? dir.split('/') : [];
  for (const p of rel.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(p);
  }
  return parts.join('/');
}

function parentOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '.' : p.slice(0, i);
}

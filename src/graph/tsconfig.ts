import path from 'node:path';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { MAX_JSON_DEPTH, tooDeepAt } from '../util/json-depth.js';

/**
 * A tsconfig.json / jsconfig.json read for what the import graph needs of it — `paths`, `baseUrl`
 * and whether TypeScript keeps value imports — by our own reading of its `extends` chain, not
 * TypeScript's: a link of the chain that is not in the repository (a package that is not
 * installed, `expo/tsconfig.base`) is left out with a notice and the rest of the chain is used, and
 * nothing is read outside the repository (every read goes through the workspace, which refuses
 * paths that leave the root and symbolic links).
 */

/** A module specifier pattern mapped to repo-relative targets; `*` in both is the matched part. */
export interface Alias {
  name: string;
  targets: string[];
  /** Only the exact specifier (no `name/…` subpaths). */
  exact: boolean;
}

export interface ProjectResolution {
  aliases: Alias[];
  /** Repo-relative `baseUrl` ('' is the root), or null. */
  baseUrl: string | null;
  /** `verbatimModuleSyntax` / `preserveValueImports` / `importsNotUsedAsValues: error`: TypeScript keeps imports used only as types. */
  keepValueImports: boolean;
  notices: string[];
}

export interface ConfigFiles {
  /** The text of a repo-relative file, or null when it is missing or may not be read. */
  read(file: string): string | null;
  /** The folder of the workspace package of that name, repo-relative, or undefined. */
  packageDir(name: string): string | undefined;
}

interface Layer {
  baseUrl?: string;
  paths?: Record<string, unknown>;
  pathsBase?: string;
  /** The folder of the config the chain was read for (`${configDir}`). */
  pathsLeaf?: string;
  keep?: boolean;
}

const MAX_DEPTH = 20;

/** Reads the project config `file` (repo-relative), its `extends` chain and its `references`. */
export function readProjectConfig(file: string, files: ConfigFiles): ProjectResolution {
  const notices: string[] = [];
  const own = loadChain(file, files, notices, new Set([file]), path.posix.dirname(file), 0);
  const layers: Layer[] = [own];
  // A solution-style config (Vite, create-vue) keeps `paths` in the configs it references.
  const json = readJson(file, files, []);
  const refs = Array.isArray(json?.references) ? json.references : [];
  for (const r of refs) {
    const p = typeof r === 'object' && r && typeof (r as { path?: unknown }).path === 'string' ? (r as { path: string }).path : null;
    if (!p) continue;
    const target = inside(path.posix.join(path.posix.dirname(file), p));
    if (target === null) continue;
    const ref = target.endsWith('.json') ? target : `${target}/tsconfig.json`;
    if (ref === file || files.read(ref) === null) continue;
    layers.push(loadChain(ref, files, notices, new Set([ref]), path.posix.dirname(ref), 0));
  }
  const aliases: Alias[] = [];
  for (const l of layers) aliases.push(...aliasesOf(l));
  const baseUrl = layers.find((l) => l.baseUrl !== undefined)?.baseUrl ?? null;
  return { aliases, baseUrl, keepValueImports: layers.some((l) => l.keep === true), notices };
}

function loadChain(file: string, files: ConfigFiles, notices: string[], seen: Set<string>, leafDir: string, depth: number): Layer {
  const json = readJson(file, files, notices);
  if (!json) return {};
  const dir = path.posix.dirname(file);
  let merged: Layer = {};
  const ext = json.extends;
  const list = typeof ext === 'string' ? [ext] : Array.isArray(ext) ? ext.filter((e): e is string => typeof e === 'string') : [];
  for (const spec of list) {
    const target = resolveExtends(spec, dir, files);
    if (target === null) {
      const why = /^\.\.?(\/|$)/.test(spec)
        ? 'which is not a file inside the repository'
        : path.posix.isAbsolute(spec) || path.win32.isAbsolute(spec)
          ? 'which is outside the repository'
          : 'a package that is not installed here (no node_modules, not a workspace package)';
      notices.push(missingLink(file, spec, why));
      continue;
    }
    if (seen.has(target) || depth >= MAX_DEPTH) {
      notices.push(`${file} extends "${spec}" in a loop: that link is left out.`);
      continue;
    }
    merged = { ...merged, ...defined(loadChain(target, files, notices, new Set([...seen, target]), leafDir, depth + 1)) };
  }
  const co = json.compilerOptions;
  if (co && typeof co === 'object' && !Array.isArray(co)) {
    const o = co as Record<string, unknown>;
    const own: Layer = {};
    if (typeof o.baseUrl === 'string') {
      const b = atConfig(o.baseUrl, dir, leafDir);
      if (b !== null) own.baseUrl = b;
    }
    if (o.paths && typeof o.paths === 'object' && !Array.isArray(o.paths)) {
      own.paths = o.paths as Record<string, unknown>;
      own.pathsBase = dir;
      own.pathsLeaf = leafDir;
    }
    const keep = o.verbatimModuleSyntax === true || o.preserveValueImports === true || (typeof o.importsNotUsedAsValues === 'string' && o.importsNotUsedAsValues.toLowerCase() === 'error');
    if (o.verbatimModuleSyntax !== undefined || o.preserveValueImports !== undefined || o.importsNotUsedAsValues !== undefined) own.keep = keep;
    merged = { ...merged, ...own };
  }
  return merged;
}

function aliasesOf(l: Layer): Alias[] {
  if (!l.paths) return [];
  const base = l.baseUrl ?? l.pathsBase ?? '';
  const out: Alias[] = [];
  for (const [name, value] of Object.entries(l.paths)) {
    const list = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
    const targets: string[] = [];
    for (const t of list) {
      const r = atConfig(t, base, l.pathsLeaf ?? '');
      if (r !== null) targets.push(r);
    }
    if (targets.length === 0 || (name.match(/\*/g)?.length ?? 0) > 1) continue;
    out.push({ name, targets, exact: !name.includes('*') });
  }
  // TypeScript picks the pattern with the longest prefix before `*`.
  return out.sort((a, b) => prefixLength(b) - prefixLength(a));
}

function prefixLength(a: Alias): number {
  return a.exact ? Number.MAX_SAFE_INTEGER : a.name.indexOf('*');
}

/** Where an `extends` points, repo-relative, or null when that is not in the repository. */
function resolveExtends(spec: string, dir: string, files: ConfigFiles): string | null {
  const candidates = (p: string): string[] => (p.endsWith('.json') ? [p] : [p, `${p}.json`, `${p}/tsconfig.json`]);
  const first = (list: string[]): string | null => list.find((c) => files.read(c) !== null) ?? null;
  if (spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..') {
    const p = inside(path.posix.join(dir, spec));
    return p === null ? null : first(candidates(p));
  }
  if (path.posix.isAbsolute(spec) || path.win32.isAbsolute(spec) || spec.includes('\0')) return null;
  const parts = spec.split('/');
  const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  const sub = parts.slice(spec.startsWith('@') ? 2 : 1).join('/');
  if (!name || name.includes('..')) return null;
  const dirs: string[] = [];
  const ws = files.packageDir(name);
  if (ws !== undefined) dirs.push(ws);
  // node_modules from the config's folder up to the root (never above it).
  for (let d = dir; ; d = path.posix.dirname(d)) {
    const here = d === '.' ? '' : d;
    dirs.push(here ? `${here}/node_modules/${name}` : `node_modules/${name}`);
    if (!here) break;
  }
  for (const d of dirs) {
    const p = inside(sub ? `${d}/${sub}` : d);
    if (p === null) continue;
    if (sub) {
      const hit = first(candidates(p));
      if (hit) return hit;
      continue;
    }
    const pkg = readJson(`${p}/package.json`, files, []);
    const field = typeof pkg?.tsconfig === 'string' ? inside(path.posix.join(p, pkg.tsconfig)) : null;
    const hit = first([...(field ? [field] : []), `${p}/tsconfig.json`]);
    if (hit) return hit;
  }
  return null;
}

const MISSING = /^(.+) extends "(.*)", (.*): the import graph uses the rest of its configuration without it\.$/;
const SHOWN = 3;

function missingLink(file: string, spec: string, why: string): string {
  return `${file} extends "${spec}", ${why}: the import graph uses the rest of its configuration without it.`;
}

/** Notices of several configs missing the same link (ten Expo apps) said once, naming the first few. */
export function groupNotices(notices: readonly string[]): string[] {
  const groups = new Map<string, { spec: string; why: string; files: string[] }>();
  const out: (string | { key: string })[] = [];
  for (const n of new Set(notices)) {
    const m = MISSING.exec(n);
    if (!m) {
      out.push(n);
      continue;
    }
    const key = `${m[2]}\0${m[3]}`;
    const g = groups.get(key);
    if (g) g.files.push(m[1]!);
    else {
      groups.set(key, { spec: m[2]!, why: m[3]!, files: [m[1]!] });
      out.push({ key });
    }
  }
  return out.map((o) => {
    if (typeof o === 'string') return o;
    const g = groups.get(o.key)!;
    if (g.files.length === 1) return missingLink(g.files[0]!, g.spec, g.why);
    const more = g.files.length > SHOWN ? `, and ${g.files.length - SHOWN} more` : '';
    return `${g.files.length} configs extend "${g.spec}", ${g.why} (${g.files.slice(0, SHOWN).join(', ')}${more}): the import graph uses the rest of their configuration without it.`;
  });
}

/** A path written in a config, relative to `dir` (or to the leaf config's folder through `${configDir}`). */
function atConfig(p: string, dir: string, leafDir: string): string | null {
  return p.includes('${configDir}') ? inside(p.replace(/\$\{configDir\}/g, leafDir || '.')) : inside(path.posix.join(dir, p));
}

/** A normalized repo-relative path, or null when it leaves the repository. */
function inside(p: string): string | null {
  if (path.posix.isAbsolute(p)) return null;
  const n = path.posix.normalize(p);
  if (n === '..' || n.startsWith('../')) return null;
  return n === '.' ? '' : n.replace(/\/$/, '');
}

function readJson(file: string, files: ConfigFiles, notices: string[]): Record<string, unknown> | null {
  const text = files.read(file);
  if (text === null) return null;
  const value = parseJsonObject(text);
  if (!value) {
    notices.push(`${file} is not a JSON object: the import graph reads its folder without it.`);
    return null;
  }
  return value as Record<string, unknown>;
}

/** A JSON(C) object, or null: not an object, or nested deeper than any real config (a recursive parser would overflow). */
export function parseJsonObject(text: string): Record<string, unknown> | null {
  if (tooDeepAt(text, MAX_JSON_DEPTH) !== -1) return null;
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

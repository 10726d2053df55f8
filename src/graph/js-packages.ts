import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { cmp } from '../util/text.js';
import { compileMatcher } from '../util/paths.js';
import { append } from '../util/array.js';
import { parseJsonObject, type Alias } from './tsconfig.js';

/**
 * The packages of a pnpm / yarn / npm workspace, found from their package.json files in the
 * repository (no node_modules needed): `@acme/ui` imported from apps/web resolves to the folder
 * of the package named `@acme/ui`, through its `exports`, `source`, `main`, `module` or `types`,
 * else its src/index.*. When the repository declares its workspace (pnpm-workspace.yaml
 * `packages`, package.json `workspaces`, lerna.json `packages`) only those folders are packages;
 * otherwise every named package.json is, the shallowest first for a name used twice.
 */
export interface WorkspacePackage {
  name: string;
  /** Repo-relative folder ('' for the root package). */
  dir: string;
  manifest: Record<string, unknown>;
}

export function workspacePackages(files: readonly string[], read: (file: string) => string | null): Map<string, WorkspacePackage> {
  const manifests = files.filter((f) => f === 'package.json' || f.endsWith('/package.json'));
  const declared = declaredWorkspace(read);
  const found: (WorkspacePackage & { rank: number })[] = [];
  for (const f of manifests) {
    const dir = f === 'package.json' ? '' : f.slice(0, -'/package.json'.length);
    // A declared workspace names its packages: a fixture or an example named `react` elsewhere must not capture `import 'react'`.
    if (declared && dir !== '' && !declared(dir)) continue;
    const json = parseJsonObject(read(f) ?? '');
    if (!json || typeof json.name !== 'string' || !/^(@[\w.~-]+\/)?[\w.~-]+$/.test(json.name)) continue;
    found.push({ name: json.name, dir, manifest: json, rank: dir === '' ? 1 : 0 });
  }
  found.sort((a, b) => a.rank - b.rank || a.dir.split('/').length - b.dir.split('/').length || cmp(a.dir, b.dir));
  const out = new Map<string, WorkspacePackage>();
  for (const { rank: _r, ...p } of found) if (!out.has(p.name)) out.set(p.name, p);
  return out;
}

/** The folders the workspace declares (globs of pnpm-workspace.yaml, package.json `workspaces`, lerna.json `packages`), or null when none does. */
function declaredWorkspace(read: (file: string) => string | null): ((dir: string) => boolean) | null {
  const globs: string[] = [];
  try {
    const pnpm = parseYaml(read('pnpm-workspace.yaml') ?? '') as { packages?: unknown } | null;
    if (Array.isArray(pnpm?.packages))
      append(
        globs,
        pnpm.packages.filter((g): g is string => typeof g === 'string'),
      );
  } catch {
    // an unreadable pnpm-workspace.yaml declares nothing
  }
  const root = parseJsonObject(read('package.json') ?? '');
  const ws = root?.workspaces;
  const list = Array.isArray(ws) ? ws : Array.isArray((ws as { packages?: unknown })?.packages) ? (ws as { packages: unknown[] }).packages : [];
  append(
    globs,
    list.filter((g): g is string => typeof g === 'string'),
  );
  const lerna = parseJsonObject(read('lerna.json') ?? '')?.packages;
  if (Array.isArray(lerna))
    append(
      globs,
      lerna.filter((g): g is string => typeof g === 'string'),
    );
  const include = globs.filter((g) => !g.startsWith('!')).map((g) => g.replace(/^\.\//, '').replace(/\/$/, ''));
  if (include.length === 0) return null;
  let m: (f: string) => boolean;
  try {
    m = compileMatcher(
      include.map((g) => `${g}/package.json`),
      globs.filter((g) => g.startsWith('!')).map((g) => `${g.slice(1).replace(/^\.\//, '').replace(/\/$/, '')}/package.json`),
    );
  } catch {
    return null; // globs that do not compile declare nothing
  }
  return (dir) => dir !== '' && m(`${dir}/package.json`);
}

/**
 * Aliases that resolve the workspace's packages to their folders: the package name itself (its
 * entry points, best first) and `name/…` subpaths (`exports` subpaths, then the folder itself and
 * its src/).
 */
export function packageAliases(packages: ReadonlyMap<string, WorkspacePackage>): Alias[] {
  const out: Alias[] = [];
  for (const p of [...packages.values()].sort((a, b) => cmp(a.name, b.name))) {
    const at = (t: string): string | null => {
      const n = path.posix.normalize(path.posix.join(p.dir || '.', t));
      return n === '..' || n.startsWith('../') || path.posix.isAbsolute(n) ? null : n;
    };
    const m = p.manifest;
    const exp = m.exports;
    const entries: string[] = [];
    const subpaths: Alias[] = [];
    if (typeof exp === 'string' || Array.isArray(exp)) entries.push(...leaves(exp));
    else if (exp && typeof exp === 'object') {
      const keys = Object.keys(exp);
      if (keys.some((k) => k.startsWith('.'))) {
        for (const k of keys) {
          const targets = leaves((exp as Record<string, unknown>)[k]);
          if (k === '.') entries.push(...targets);
          else if (k.startsWith('./') && (k.match(/\*/g)?.length ?? 0) <= 1) {
            const list = targets.map(at).filter((t): t is string => t !== null);
            const sub = k.slice(2);
            // the folder itself as a fallback when the target is a build output that is not there
            const fallback = [at(sub), at(`src/${sub}`)].filter((t): t is string => t !== null);
            if (list.length) subpaths.push({ name: `${p.name}/${sub}`, targets: [...new Set([...list, ...fallback])], exact: !k.includes('*') });
          }
        }
      } else entries.push(...leaves(exp));
    }
    for (const field of ['source', 'module', 'main', 'types', 'typings']) if (typeof m[field] === 'string') entries.push(m[field] as string);
    entries.push('src/index', 'index');
    const list = [...new Set(entries.map(at).filter((t): t is string => t !== null))];
    out.push({ name: p.name, targets: list, exact: true });
    out.push(...subpaths.sort((a, b) => Number(b.exact) - Number(a.exact) || b.name.indexOf('*') - a.name.indexOf('*')));
    out.push({ name: `${p.name}/*`, targets: [at('*')!, at('src/*')!].filter(Boolean), exact: false });
  }
  return out;
}

/** The file targets of an `exports` value, conditions in the order written ('types' and 'source' first). */
function leaves(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(leaves);
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    const first = ['source', 'types', 'development', 'import', 'default'];
    entries.sort(([a], [b]) => rank(a, first) - rank(b, first));
    return entries.flatMap(([, x]) => leaves(x));
  }
  return [];
}

function rank(k: string, order: string[]): number {
  const i = order.indexOf(k);
  return i === -1 ? order.length : i;
}

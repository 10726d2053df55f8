import { compareRoutes } from './match.js';
import type { Route } from './types.js';

/** An application or router object (FastAPI / APIRouter, Flask / Blueprint, express() / Router()). */
export interface Owner {
  id: string;
  framework: string;
  file: string;
  line: number;
  /** Its own prefix (APIRouter `prefix`, Blueprint `url_prefix`), when it has one. */
  prefix: string | null;
}

/** `parent` serves `child`'s routes under `prefix` (include_router, register_blueprint, app.use). */
export interface MountEdge {
  parent: string;
  child: string;
  prefix: string | null;
  file: string;
  line: number;
}

/** A route declared on an owner, before its prefixes are known. */
export interface Decl {
  owner: string;
  methods: string[];
  path: string;
  file: string;
  line: number;
}

const MAX_PREFIXES = 256;

/** Join two path parts with one slash; an empty tail keeps the head (Flask and Express style). */
export function joinPath(head: string, tail: string): string {
  if (tail === '') return head === '' ? '/' : head;
  const h = head.replace(/\/+$/, '');
  return `${h}/${tail.replace(/^\/+/, '')}`;
}

/**
 * Compose every declaration with every chain of mounts leading to it. A router mounted twice
 * gives its routes twice, under each prefix; a router mounted nowhere keeps its own prefix (its
 * mount may be dynamic). Cycles are cut.
 */
export function composeRoutes(owners: ReadonlyMap<string, Owner>, mounts: readonly MountEdge[], decls: readonly Decl[]): Route[] {
  const parentsOf = new Map<string, MountEdge[]>();
  for (const m of mounts) {
    if (!owners.has(m.parent) || !owners.has(m.child)) continue;
    const list = parentsOf.get(m.child) ?? [];
    if (!list.some((x) => x.parent === m.parent && x.prefix === m.prefix)) list.push(m);
    parentsOf.set(m.child, list);
  }
  const memo = new Map<string, string[]>();
  const prefixes = (id: string, stack: Set<string>): string[] => {
    const hit = stack.size === 0 ? memo.get(id) : undefined;
    if (hit) return hit;
    const o = owners.get(id)!;
    const own = o.framework === 'express' ? '' : (o.prefix ?? '');
    const out = new Set<string>();
    stack.add(id);
    for (const m of parentsOf.get(id) ?? []) {
      if (stack.has(m.parent)) continue;
      for (const p of prefixes(m.parent, stack)) {
        if (out.size >= MAX_PREFIXES) break;
        out.add(mountPrefix(o, p, m.prefix));
      }
    }
    stack.delete(id);
    if (out.size === 0) out.add(own);
    const list = [...out];
    if (stack.size === 0) memo.set(id, list);
    return list;
  };
  const seen = new Set<string>();
  const routes: Route[] = [];
  for (const d of decls) {
    const o = owners.get(d.owner);
    if (!o) continue;
    for (const p of prefixes(d.owner, new Set())) {
      const path = routePath(o.framework, p, d.path);
      for (const method of d.methods) {
        const k = `${method} ${path} ${d.file}:${d.line}`;
        if (seen.has(k)) continue;
        seen.add(k);
        routes.push({ method, path, file: d.file, line: d.line, framework: o.framework });
      }
    }
  }
  return routes.sort(compareRoutes);
}

function mountPrefix(o: Owner, parent: string, mount: string | null): string {
  switch (o.framework) {
    case 'fastapi':
      // APIRouter.include_router: parent prefix + include prefix + the router's own prefix.
      return parent + (mount ?? '') + (o.prefix ?? '');
    case 'flask':
      // register_blueprint(url_prefix=…) replaces the blueprint's own url_prefix.
      return joinPath(parent, mount ?? o.prefix ?? '').replace(/^\/$/, '');
    default:
      return mount === null || mount === '/' ? parent : joinPath(parent, mount);
  }
}

function routePath(framework: string, prefix: string, path: string): string {
  if (framework === 'fastapi') return prefix + path || '/';
  if (framework === 'flask') return prefix ? joinPath(prefix, path) : path || '/';
  if (prefix === '' || prefix === '/') return path || '/';
  return path === '/' || path === '' ? prefix : joinPath(prefix, path);
}

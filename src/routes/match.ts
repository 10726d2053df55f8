import { cmp, distance } from '../util/text.js';
import type { Route } from './types.js';

/** A path segment, whatever the framework's spelling. */
export type Segment = { kind: 'lit'; text: string } | { kind: 'param'; pattern: string } | { kind: 'rest'; optional: boolean };

/**
 * Segments of a route path. Parameters are equal whatever their spelling and name: `{id}`,
 * `{order_id:int}`, `<int:id>`, `:id`, `[id]` are one parameter; `[...slug]`, `[[...slug]]`,
 * `{p:path}`, `<path:p>`, `*` and `*splat` take the rest of the path. Empty segments (leading,
 * trailing or doubled slashes) are dropped.
 */
export function segmentsOf(path: string): Segment[] {
  const out: Segment[] = [];
  for (const s of path.split('/')) {
    if (s === '') continue;
    if (/^\[\[\.\.\.[^\]]+\]\]$/.test(s) || /^\{\/?\*\w*\}$/.test(s)) out.push({ kind: 'rest', optional: true });
    else if (/^\[\.\.\.[^\]]+\]$/.test(s) || /^\{\w+:path\}$/.test(s) || /^<path:\w+>$/.test(s) || /^\*\w*$/.test(s) || s === '(.*)') out.push({ kind: 'rest', optional: false });
    else if (/^\[[^\]]+\]$/.test(s)) out.push({ kind: 'param', pattern: '{}' });
    else {
      const p = s
        .replace(/\{[A-Za-z_]\w*(?::[^}]*)?\}/g, '{}')
        .replace(/<(?:[A-Za-z_]\w*(?:\([^)]*\))?:)?[A-Za-z_]\w*>/g, '{}')
        .replace(/:[A-Za-z_]\w*(?:\([^)]*\))?[?*+]?/g, '{}');
      out.push(p === s ? { kind: 'lit', text: s } : { kind: 'param', pattern: p });
    }
  }
  return out;
}

/** A canonical spelling of a path for display and sorting: parameters as `{}`, the rest as `*`. */
export function canonicalPath(path: string): string {
  const segs = segmentsOf(path).map((s) => (s.kind === 'lit' ? s.text : s.kind === 'param' ? s.pattern : s.optional ? '[*]' : '*'));
  return `/${segs.join('/')}`;
}

export interface RouteSpec {
  method: string;
  path: string;
}

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT', 'WEBSOCKET', 'ALL', 'ANY', '*'];

/** `GET /x/{id}` → { method: 'GET', path: '/x/{id}' }, or null when it is not that shape. */
export function parseRouteSpec(spec: string): RouteSpec | null {
  const m = /^\s*([A-Za-z*]+)\s+(\/\S*)\s*$/.exec(spec);
  if (!m || !HTTP_METHODS.includes(m[1]!.toUpperCase())) return null;
  return { method: m[1]!.toUpperCase(), path: m[2]! };
}

/** Frameworks that answer HEAD with the GET handler. */
const HEAD_FROM_GET = new Set(['flask', 'express', 'nextjs']);

/**
 * Does a route serve the spec `METHOD /path`? Methods: `ALL` routes serve every method, a spec
 * `*` / `ANY` accepts every route, HEAD is served by GET where the framework does so. Paths:
 * literal segments compare exactly (case-insensitively for Express, as it routes), parameters
 * match parameters whatever their names, catch-alls take one or more parameter segments.
 * Trailing slashes compare as the framework routes them: FastAPI (redirect_slashes), Express
 * (non-strict) and Next.js (trailingSlash: false) ignore them; Flask's `/x` does not serve `/x/`.
 */
export function routeMatches(spec: string | RouteSpec, route: Route, opts: { concrete?: boolean } = {}): boolean {
  const s = typeof spec === 'string' ? parseRouteSpec(spec) : spec;
  if (!s) return false;
  if (!methodMatches(s.method, route)) return false;
  if (route.framework === 'flask' && s.path.length > 1 && s.path.endsWith('/') && !route.path.endsWith('/')) return false;
  return segmentsMatch(segmentsOf(s.path), segmentsOf(route.path), route.framework === 'express', opts.concrete ?? false);
}

function methodMatches(method: string, route: Route): boolean {
  const m = method.toUpperCase();
  const r = route.method.toUpperCase();
  if (m === '*' || m === 'ANY' || r === 'ALL' || m === r) return true;
  return m === 'HEAD' && r === 'GET' && HEAD_FROM_GET.has(route.framework);
}

/**
 * `concrete`: `a` is a path as requested (an SLO probe's `/api/orders/42`), so its literal
 * segments also fill the route's parameters and catch-alls.
 */
export function segmentsMatch(a: Segment[], b: Segment[], ignoreCase = false, concrete = false): boolean {
  const go = (i: number, j: number): boolean => {
    if (i === a.length && j === b.length) return true;
    const x = a[i];
    const y = b[j];
    for (const [rest, restIdx, other, otherIdx, restIsA] of [
      [y, j, a, i, false],
      [x, i, b, j, true],
    ] as const) {
      if (rest?.kind !== 'rest') continue;
      for (let k = rest.optional ? 0 : 1; otherIdx + k <= other.length; k++) {
        if (k > 0 && other[otherIdx + k - 1]!.kind === 'lit' && !(concrete && !restIsA)) break;
        if (restIsA ? go(restIdx + 1, otherIdx + k) : go(otherIdx + k, restIdx + 1)) return true;
      }
    }
    if (!x || !y || x.kind === 'rest' || y.kind === 'rest') return false;
    if (x.kind === 'lit' && y.kind === 'lit') {
      const same = ignoreCase ? x.text.toLowerCase() === y.text.toLowerCase() : x.text === y.text;
      return same && go(i + 1, j + 1);
    }
    if (x.kind === 'param' && y.kind === 'param') return x.pattern === y.pattern && go(i + 1, j + 1);
    if (concrete && x.kind === 'lit' && y.kind === 'param') return fillsParam(x.text, y.pattern) && go(i + 1, j + 1);
    return false;
  };
  return go(0, 0);
}

/** Does a requested segment fill a parameter segment (`42` fills `{}`, `v2` fills `v{}`)? */
function fillsParam(text: string, pattern: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('{}')
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]+')}$`,
  );
  return re.test(text);
}

/**
 * The routes closest to a spec: the most leading path segments in common first, then the
 * smallest edit distance of the paths (a different method counts as two edits).
 */
export function nearestRoutes(spec: RouteSpec, routes: readonly Route[], n = 3): Route[] {
  const target = canonicalPath(spec.path);
  const tSegs = target.split('/');
  const scored = routes.map((r) => {
    const path = canonicalPath(r.path);
    const segs = path.split('/');
    let common = 0;
    while (common + 1 < tSegs.length && common + 1 < segs.length && tSegs[common + 1] === segs[common + 1]) common++;
    return { r, common, d: distance(target, path) + (methodMatches(spec.method, r) ? 0 : 2) };
  });
  scored.sort((x, y) => y.common - x.common || x.d - y.d || cmp(x.r.path, y.r.path) || cmp(x.r.method, y.r.method) || cmp(x.r.file, y.r.file) || x.r.line - y.r.line);
  const seen = new Set<string>();
  const out: Route[] = [];
  for (const { r } of scored) {
    const k = `${r.method} ${r.path}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(r);
    if (out.length >= n) break;
  }
  return out;
}

/** Sort routes for every report: path, method, file, line. */
export function compareRoutes(a: Route, b: Route): number {
  return cmp(a.path, b.path) || cmp(a.method, b.method) || cmp(a.file, b.file) || a.line - b.line || cmp(a.framework, b.framework);
}

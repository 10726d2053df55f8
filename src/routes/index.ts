import type { Facts } from '../facts.js';
import { cmp } from '../util/text.js';
import type { Workspace } from '../workspace/workspace.js';
import { isPython } from '../lang/index.js';
import { SCRIPT_EXTENSIONS } from '../lang/javascript/extensions.js';
import { composeRoutes, type Decl, type MountEdge, type Owner } from './compose.js';
import { discoverExpress } from './express.js';
import { compareRoutes } from './match.js';
import { discoverNext } from './nextjs.js';
import { discoverPython } from './python-routes.js';
import type { Route, RouteScan } from './types.js';

export type { Route, RouteScan } from './types.js';
export { routeMatches, parseRouteSpec, nearestRoutes, canonicalPath, segmentsOf, type RouteSpec } from './match.js';

/**
 * Every HTTP route of the workspace (FastAPI, Flask, Express, Next.js), prefixes composed across
 * files. Checks filter by their own `paths`; the scan itself runs once per run.
 */
export async function scanRoutes(ws: Workspace, log: (m: string) => void = () => {}): Promise<RouteScan> {
  const t = Date.now();
  const py = ws.files.filter(isPython);
  const js = ws.files.filter((f) => SCRIPT_EXTENSIONS.some((e) => f.endsWith(e)) && !/\.d\.[cm]?ts$/.test(f));
  const [p, e, next] = await Promise.all([discoverPython(ws, py), discoverExpress(ws, js), discoverNext(ws, js)]);
  const owners = new Map<string, Owner>([...p.owners, ...e.owners]);
  const mounts: MountEdge[] = [...p.mounts, ...e.mounts];
  const decls: Decl[] = [...p.decls, ...e.decls];
  const routes = [...composeRoutes(owners, mounts, decls), ...next].sort(compareRoutes);
  const notes = [...new Set([...p.notes, ...e.notes])].sort(cmp);
  log(`routes: ${routes.length} in ${Date.now() - t} ms`);
  return { routes, notes };
}

/** What route discovery needs of a run (a CheckContext has it). */
export interface RouteContext {
  workspace: Workspace;
  facts: Facts;
  log: (message: string) => void;
}

/** The routes of the run, computed once and shared (routes-exist, the map's critical paths, SLO probes). */
export function getRouteScan(ctx: RouteContext): Promise<RouteScan> {
  return ctx.facts.get('routes', () => scanRoutes(ctx.workspace, ctx.log));
}

export async function getRoutes(ctx: RouteContext): Promise<Route[]> {
  return (await getRouteScan(ctx)).routes;
}

import { Workspace } from '../../src/workspace/workspace.js';
import { scanRoutes, type RouteScan } from '../../src/routes/index.js';
import { tmpRepo } from '../helpers.js';

/** Scan a temporary repository made of `files`. */
export async function scan(files: Record<string, string>): Promise<RouteScan> {
  const root = tmpRepo(files);
  return scanRoutes(await Workspace.open(root));
}

/** `METHOD path file:line` per route. */
export function lines(s: RouteScan): string[] {
  return s.routes.map((r) => `${r.method} ${r.path} ${r.file}:${r.line}`);
}

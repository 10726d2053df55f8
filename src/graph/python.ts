import type { Workspace } from '../workspace/workspace.js';
import type { ModuleGraph } from './types.js';

// Placeholder until the Python scanner lands (issue 4): an empty graph, said in the log.
export async function buildPythonGraph(_ws: Workspace, _opts: { roots?: string[] }, log: (m: string) => void): Promise<ModuleGraph> {
  log('python import graph: not available yet');
  return { nodes: [], edges: [] };
}

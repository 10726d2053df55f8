import type { Workspace } from '../workspace/workspace.js';
import type { ModuleGraph } from './types.js';

// Placeholder until the dependency-cruiser builder lands (issue 3).
export async function buildJavaScriptGraph(_ws: Workspace, log: (m: string) => void): Promise<ModuleGraph> {
  log('javascript import graph: not available yet');
  return { nodes: [], edges: [] };
}

import { adjacency, shortestCycleThrough, tangles } from '../graph/algorithms.js';
import type { ImportEdge } from '../graph/types.js';
import { cmp } from '../util/text.js';

/**
 * Cycles of a small directed graph (node → the nodes it depends on): one per strongly connected
 * component with more than one node or a self-loop, each as a shortest cycle starting at the
 * component's smallest node, closed (`[a, b, a]`). Built on the import graph's algorithms.
 */
export function cyclesOf(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const list: ImportEdge[] = [];
  const selfLoops: string[] = [];
  for (const [from, targets] of edges) {
    for (const to of new Set(targets)) {
      if (!edges.has(to)) continue;
      if (to === from) selfLoops.push(from);
      else list.push({ from, to, line: 0, column: 0, kind: 'static', specifier: to });
    }
  }
  const adj = adjacency(edges.keys(), list);
  const cycles = tangles(adj).map((members) => {
    const cycle = shortestCycleThrough(adj, new Set(members), members[0]!) ?? members;
    return [...cycle, cycle[0]!];
  });
  for (const n of selfLoops) cycles.push([n, n]);
  return cycles.sort((a, b) => cmp(a[0]!, b[0]!));
}

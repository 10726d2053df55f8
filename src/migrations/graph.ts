import { cmp } from '../util/text.js';

/**
 * Cycles of a small directed graph (node → the nodes it depends on): one per strongly connected
 * component with more than one node or a self-loop, each as a shortest cycle starting at the
 * component's smallest node (`a → b → a`). Deterministic: nodes and neighbours are sorted.
 */
export function cyclesOf(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const nodes = [...edges.keys()].sort(cmp);
  const next = (n: string): string[] => [...new Set(edges.get(n) ?? [])].filter((m) => edges.has(m)).sort(cmp);
  // Tarjan, iterative
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work: { node: string; i: number; succ: string[] }[] = [{ node: start, i: 0, succ: next(start) }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const top = work[work.length - 1]!;
      if (top.i < top.succ.length) {
        const m = top.succ[top.i++]!;
        if (!index.has(m)) {
          index.set(m, counter);
          low.set(m, counter++);
          stack.push(m);
          onStack.add(m);
          work.push({ node: m, i: 0, succ: next(m) });
        } else if (onStack.has(m)) {
          low.set(top.node, Math.min(low.get(top.node)!, index.get(m)!));
        }
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1]!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const comp: string[] = [];
        let m: string;
        do {
          m = stack.pop()!;
          onStack.delete(m);
          comp.push(m);
        } while (m !== top.node);
        components.push(comp.sort(cmp));
      }
    }
  }
  const cycles: string[][] = [];
  for (const comp of components) {
    const first = comp[0]!;
    if (comp.length === 1 && !next(first).includes(first)) continue;
    cycles.push(shortestCycle(first, new Set(comp), next));
  }
  return cycles.sort((a, b) => cmp(a[0]!, b[0]!));
}

/** Breadth-first from `start` back to itself inside the component: `[start, …, start]`. */
function shortestCycle(start: string, within: Set<string>, next: (n: string) => string[]): string[] {
  const prev = new Map<string, string>();
  const queue = [start];
  for (let q = 0; q < queue.length; q++) {
    const n = queue[q]!;
    for (const m of next(n)) {
      if (!within.has(m)) continue;
      if (m === start) {
        const path = [n];
        while (path[0] !== start) path.unshift(prev.get(path[0]!)!);
        return [...path, start];
      }
      if (!prev.has(m)) {
        prev.set(m, n);
        queue.push(m);
      }
    }
  }
  return [start, start];
}

import type { ImportEdge } from './types.js';
import { cmp } from '../util/text.js';

/**
 * Graph algorithms the import checks share: tangles (strongly connected components), a shortest
 * cycle through a tangle, the import best to cut, reachability. Deterministic: every choice among
 * equals goes to the lexicographically smallest path.
 */

export interface Adjacency {
  nodes: string[];
  /** node → sorted distinct successors */
  next: Map<string, string[]>;
  /** `${from}\0${to}` → the first import statement of that pair (lowest line) */
  edge: Map<string, ImportEdge>;
}

export function adjacency(nodes: Iterable<string>, edges: readonly ImportEdge[]): Adjacency {
  const set = new Set(nodes);
  const next = new Map<string, Set<string>>();
  const edge = new Map<string, ImportEdge>();
  for (const n of set) next.set(n, new Set());
  for (const e of edges) {
    if (!set.has(e.from) || !set.has(e.to) || e.from === e.to) continue;
    next.get(e.from)!.add(e.to);
    const k = key(e.from, e.to);
    const prev = edge.get(k);
    if (!prev || e.line < prev.line || (e.line === prev.line && e.column < prev.column)) edge.set(k, e);
  }
  const sorted = new Map<string, string[]>();
  for (const [n, s] of next) sorted.set(n, [...s].sort(cmp));
  return { nodes: [...set].sort(cmp), next: sorted, edge };
}

export function key(from: string, to: string): string {
  return `${from}\u0000${to}`;
}

/** Tarjan's algorithm, iterative; only components that contain a cycle (size ≥ 2), each sorted, in order of their first member. */
export function tangles(adj: Adjacency): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let counter = 0;
  for (const root of adj.nodes) {
    if (index.has(root)) continue;
    const work: [string, number][] = [[root, 0]];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const [v, i] = top;
      const succ = adj.next.get(v)!;
      if (i < succ.length) {
        top[1]++;
        const w = succ[i]!;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) {
          low.set(v, Math.min(low.get(v)!, index.get(w)!));
        }
      } else {
        work.pop();
        if (work.length > 0) {
          const parent = work[work.length - 1]![0];
          low.set(parent, Math.min(low.get(parent)!, low.get(v)!));
        }
        if (low.get(v) === index.get(v)) {
          const comp: string[] = [];
          let w: string;
          do {
            w = stack.pop()!;
            onStack.delete(w);
            comp.push(w);
          } while (w !== v);
          if (comp.length > 1) out.push(comp.sort(cmp));
        }
      }
    }
  }
  return out.sort((a, b) => cmp(a[0]!, b[0]!));
}

/** A shortest cycle through `start` inside `members` (BFS), as [start, …] without repeating start; null if none. */
export function shortestCycleThrough(adj: Adjacency, members: ReadonlySet<string>, start: string, maxLen = Infinity): string[] | null {
  const parent = new Map<string, string>();
  let frontier = [start];
  let depth = 0;
  const seen = new Set<string>([start]);
  while (frontier.length > 0 && depth < maxLen) {
    depth++;
    const nextFrontier: string[] = [];
    for (const v of frontier) {
      for (const w of adj.next.get(v) ?? []) {
        if (!members.has(w)) continue;
        if (w === start) {
          const path = [v];
          let p = v;
          while (p !== start) {
            p = parent.get(p)!;
            path.push(p);
          }
          return path.reverse();
        }
        if (!seen.has(w)) {
          seen.add(w);
          parent.set(w, v);
          nextFrontier.push(w);
        }
      }
    }
    frontier = nextFrontier;
  }
  return null;
}

export interface TangleAnalysis {
  members: string[];
  /** A shortest cycle in the tangle, rotated to start at its smallest member. */
  cycle: string[];
  /** The import whose removal breaks the most of the cycles examined. */
  cut: ImportEdge;
  /** Of the distinct cycles examined (a shortest one through each member, up to a cap), how many the cut breaks. */
  cutBreaks: number;
  examined: number;
}

/**
 * For a tangle: a shortest cycle, and the best import to cut — the edge that lies on the most of
 * the shortest cycles through each member (an edge on every such cycle breaks them all).
 */
export function analyseTangle(adj: Adjacency, members: string[], cap = 400): TangleAnalysis {
  const set = new Set(members);
  const starts = members.length <= cap ? members : pickSpread(members, cap);
  const tally = new Map<string, number>();
  let best: string[] | null = null;
  let examined = 0;
  const distinct = new Set<string>();
  for (const s of starts) {
    const c = shortestCycleThrough(adj, set, s);
    if (!c) continue;
    const rotated = rotate(c);
    const id = rotated.join('\u0000');
    if (distinct.has(id)) continue; // the same cycle found from another of its members
    distinct.add(id);
    examined++;
    if (!best || rotated.length < best.length || (rotated.length === best.length && cmpPath(rotated, best) < 0)) best = rotated;
    for (let i = 0; i < c.length; i++) {
      const k = key(c[i]!, c[(i + 1) % c.length]!);
      tally.set(k, (tally.get(k) ?? 0) + 1);
    }
  }
  const cycle = best ?? members;
  let cutKey = key(cycle[0]!, cycle[1 % cycle.length]!);
  let cutCount = -1;
  for (const [k, n] of [...tally.entries()].sort(([a], [b]) => cmp(a, b))) {
    if (n > cutCount) {
      cutKey = k;
      cutCount = n;
    }
  }
  return { members, cycle, cut: adj.edge.get(cutKey)!, cutBreaks: Math.max(cutCount, 0), examined };
}

/** Everything reachable from `from` (not including the start nodes unless reached again). */
export function reachable(adj: Adjacency, from: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const queue = [...from];
  while (queue.length > 0) {
    const v = queue.pop()!;
    for (const w of adj.next.get(v) ?? []) {
      if (!seen.has(w)) {
        seen.add(w);
        queue.push(w);
      }
    }
  }
  return seen;
}

function rotate(c: string[]): string[] {
  let m = 0;
  for (let i = 1; i < c.length; i++) if (cmp(c[i]!, c[m]!) < 0) m = i;
  return [...c.slice(m), ...c.slice(0, m)];
}

function pickSpread(xs: string[], n: number): string[] {
  const out: string[] = [];
  const step = xs.length / n;
  for (let i = 0; i < n; i++) out.push(xs[Math.floor(i * step)]!);
  return out;
}

function cmpPath(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = cmp(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

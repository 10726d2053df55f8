import type { ImportEdge } from './types.js';
import { cmp } from '../util/text.js';
import { binarySearch } from '../util/array.js';

/**
 * Graph algorithms the import checks share: tangles (strongly connected components), a shortest
 * cycle through a tangle, the import best to cut, reachability. Deterministic: every choice among
 * equals goes to the lexicographically smallest path.
 */

export interface Adjacency {
  nodes: string[];
  /** node → sorted distinct successors */
  next: { get(node: string): string[] | undefined };
  /** `${from}\0${to}` (key()) → the first import statement of that pair (lowest line, then column) */
  edge: { get(key: string): ImportEdge | undefined };
  /** The same graph by number: node i is nodes[i] (what `tangles` walks). */
  ids: ReadonlyMap<string, number>;
  /** Every node's successors' numbers in one list, each node's sorted: node i's are `succ[start[i]]` up to `succ[start[i + 1]]`. */
  start: Int32Array;
  succ: Int32Array;
}

/**
 * Successors and, per pair, its first import. Nodes are numbered once (one Map entry per node: a
 * large graph's cost is in its Maps, and in an object per node); successors are kept as numbers in
 * one list, and as names only for the nodes a finding asks about. A pair's first import is looked
 * up through its source's successors when asked for, which only findings do.
 */
export function adjacency(nodes: Iterable<string>, edges: readonly ImportEdge[]): Adjacency {
  const names = sortedStrings([...nodes]);
  let w = 0;
  for (let i = 0; i < names.length; i++) if (i === 0 || names[i] !== names[w - 1]) names[w++] = names[i]!;
  names.length = w;
  const n = names.length;
  const ids = new Map<string, number>();
  for (let i = 0; i < n; i++) ids.set(names[i]!, i);
  // Each edge's source and target by number (source -1: a self import, or a node not in the list),
  // then the edges grouped by source, in their order (a counting sort: no list per node).
  const from = new Int32Array(edges.length);
  const to = new Int32Array(edges.length);
  const bounds = new Int32Array(n + 1);
  for (let k = 0; k < edges.length; k++) {
    const e = edges[k]!;
    const i = e.from === e.to ? undefined : ids.get(e.from);
    const j = i === undefined ? undefined : ids.get(e.to);
    if (i === undefined || j === undefined) {
      from[k] = -1;
      continue;
    }
    from[k] = i;
    to[k] = j;
    bounds[i + 1]!++;
  }
  for (let i = 0; i < n; i++) bounds[i + 1]! += bounds[i]!;
  const bySource = new Int32Array(bounds[n]!);
  const fill = bounds.slice(0, n);
  for (let k = 0; k < edges.length; k++) if (from[k]! >= 0) bySource[fill[from[k]!]!++] = k;
  // Per source: its edges by target, then position; the first of each target kept.
  const start = new Int32Array(n + 1);
  const succ = new Int32Array(bySource.length);
  const first: ImportEdge[] = [];
  const run: number[] = [];
  const order = (a: number, b: number) => to[a]! - to[b]! || edges[a]!.line - edges[b]!.line || edges[a]!.column - edges[b]!.column;
  let m = 0;
  for (let i = 0; i < n; i++) {
    start[i] = m;
    const a = bounds[i]!;
    const b = bounds[i + 1]!;
    if (b - a === 1) {
      const k = bySource[a]!;
      succ[m++] = to[k]!;
      first.push(edges[k]!);
      continue;
    }
    if (b === a) continue;
    run.length = 0;
    for (let p = a; p < b; p++) run.push(bySource[p]!);
    sortSmall(run, order);
    for (const k of run) {
      if (m > start[i]! && succ[m - 1] === to[k]) continue;
      succ[m++] = to[k]!;
      first.push(edges[k]!);
    }
  }
  start[n] = m;
  const named = new Map<number, string[]>();
  const next = {
    get(node: string): string[] | undefined {
      const i = ids.get(node);
      if (i === undefined) return undefined;
      let out = named.get(i);
      if (out === undefined) {
        out = [];
        for (let p = start[i]!; p < start[i + 1]!; p++) out.push(names[succ[p]!]!);
        named.set(i, out);
      }
      return out;
    },
  };
  const edge = {
    get(k: string): ImportEdge | undefined {
      const at = k.indexOf('\u0000');
      if (at < 0) return undefined;
      const i = ids.get(k.slice(0, at));
      const j = ids.get(k.slice(at + 1));
      if (i === undefined || j === undefined) return undefined;
      const p = binarySearch(succ, j, start[i]!, start[i + 1]! - 1);
      return p < 0 ? undefined : first[p];
    },
  };
  return { nodes: names, next, edge, ids, start, succ: succ.subarray(0, m) };
}

/**
 * A module's imports (as numbers) in `order`: an insertion sort (stable, like Array#sort) for the
 * few imports most modules have, where calling the sort builtin costs more than sorting.
 */
function sortSmall(list: number[], order: (a: number, b: number) => number): void {
  if (list.length > 16) {
    list.sort(order);
    return;
  }
  for (let i = 1; i < list.length; i++) {
    const e = list[i]!;
    let j = i - 1;
    while (j >= 0 && order(list[j]!, e) > 0) {
      list[j + 1] = list[j]!;
      j--;
    }
    list[j + 1] = e;
  }
}

/** Strings in `cmp` order; a list that is already in order (graphs list their modules sorted) is only checked. */
function sortedStrings(a: string[]): string[] {
  for (let i = 1; i < a.length; i++) if (a[i - 1]! > a[i]!) return a.sort(cmp);
  return a;
}

export function key(from: string, to: string): string {
  return `${from}\u0000${to}`;
}

/** Tarjan's algorithm, iterative; only components that contain a cycle (size ≥ 2), each sorted, in order of their first member. */
export function tangles(adj: Adjacency): string[][] {
  // Nodes as numbers: index and low link in typed arrays, successors as number lists.
  const names = adj.nodes;
  const { start, succ } = adj;
  const n = names.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const workNode: number[] = [];
  const workPos: number[] = [];
  const out: string[][] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    workNode.push(root);
    workPos.push(0);
    while (workNode.length > 0) {
      const top = workNode.length - 1;
      const v = workNode[top]!;
      const i = workPos[top]!;
      if (start[v]! + i < start[v + 1]!) {
        workPos[top] = i + 1;
        const w = succ[start[v]! + i]!;
        if (w < 0) continue;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          workNode.push(w);
          workPos.push(0);
        } else if (onStack[w]) {
          if (index[w]! < low[v]!) low[v] = index[w]!;
        }
      } else {
        workNode.pop();
        workPos.pop();
        if (workNode.length > 0) {
          const parent = workNode[workNode.length - 1]!;
          if (low[v]! < low[parent]!) low[parent] = low[v]!;
        }
        if (low[v] === index[v]) {
          const comp: string[] = [];
          let w: number;
          do {
            w = stack.pop()!;
            onStack[w] = 0;
            comp.push(names[w]!);
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

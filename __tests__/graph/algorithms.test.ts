import { describe, expect, it } from 'vitest';
import { adjacency, analyseTangle, reachable, shortestCycleThrough, tangles } from '../../src/graph/algorithms.js';
import { runtimeEdges, type ImportEdge, type ModuleGraph } from '../../src/graph/types.js';
import { rng } from '../secrets/corpus.js';

const E = (from: string, to: string, line = 1): ImportEdge => ({ from, to, line, column: 1, kind: 'static', specifier: to });

describe('graph algorithms', () => {
  it('tangles: strongly connected components with a cycle, sorted', () => {
    const adj = adjacency(['a', 'b', 'c', 'd', 'e', 'f'], [E('a', 'b'), E('b', 'c'), E('c', 'a'), E('c', 'd'), E('d', 'e'), E('e', 'd'), E('f', 'a')]);
    expect(tangles(adj)).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
  });

  it('self-imports and edges leaving the node set are ignored', () => {
    const adj = adjacency(['a', 'b'], [E('a', 'a'), E('a', 'x'), E('x', 'a'), E('a', 'b')]);
    expect(tangles(adj)).toEqual([]);
  });

  it('a tangle of 3+ modules: the shortest cycle and the best cut', () => {
    // a→b→c→a and a→b→d→a share a→b: cutting a→b breaks both.
    const adj = adjacency(['a', 'b', 'c', 'd'], [E('a', 'b', 3), E('b', 'c'), E('c', 'a'), E('b', 'd'), E('d', 'a')]);
    const [members] = tangles(adj);
    const t = analyseTangle(adj, members!);
    expect(t.members).toEqual(['a', 'b', 'c', 'd']);
    expect(t.cycle).toEqual(['a', 'b', 'c']);
    expect([t.cut.from, t.cut.to, t.cut.line]).toEqual(['a', 'b', 3]);
    expect(t.cutBreaks).toBe(t.examined);
  });

  it('the first import statement of a pair is the one kept', () => {
    const adj = adjacency(['a', 'b'], [E('a', 'b', 9), E('a', 'b', 2), E('b', 'a', 5)]);
    expect(adj.edge.get('a\u0000b')!.line).toBe(2);
  });

  it('shortest cycle by BFS, reachability', () => {
    const adj = adjacency(['a', 'b', 'c', 'd'], [E('a', 'b'), E('b', 'c'), E('c', 'd'), E('d', 'a'), E('b', 'a')]);
    expect(shortestCycleThrough(adj, new Set(['a', 'b', 'c', 'd']), 'a')).toEqual(['a', 'b']);
    expect([...reachable(adj, ['c'])].sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('handles a long chain without recursion limits', () => {
    const n = 200_000;
    const edges: ImportEdge[] = [];
    for (let i = 0; i < n; i++) edges.push(E(`m${i}`, `m${(i + 1) % n}`));
    const adj = adjacency(
      Array.from({ length: n }, (_, i) => `m${i}`),
      edges,
    );
    expect(tangles(adj)[0]).toHaveLength(n);
  });

  it('random graphs: successors, first imports and tangles as a plain computation gives them', () => {
    const random = rng(3);
    const rnd = (n: number) => Math.floor(random() * n);
    for (let round = 0; round < 40; round++) {
      const n = 1 + rnd(30);
      const nodes = Array.from({ length: n }, () => `m${String(rnd(n * 2)).padStart(2, '0')}`); // duplicates too
      const pick = () => (rnd(10) === 0 ? `gone${rnd(3)}` : nodes[rnd(n)]!); // some edges leave the node set
      const edges = Array.from({ length: rnd(n * 3) }, () => ({ ...E(pick(), pick(), 1 + rnd(5)), column: 1 + rnd(3) }));
      const adj = adjacency(nodes, edges);
      const set = [...new Set(nodes)].sort();
      expect(adj.nodes).toEqual(set);
      const kept = edges.filter((e) => e.from !== e.to && set.includes(e.from) && set.includes(e.to));
      for (const v of set) {
        const mine = kept.filter((e) => e.from === v);
        expect(adj.next.get(v)).toEqual([...new Set(mine.map((e) => e.to))].sort());
        for (const t of set) {
          const firstOf = mine.filter((e) => e.to === t).sort((a, b) => a.line - b.line || a.column - b.column)[0];
          expect(adj.edge.get(`${v}\u0000${t}`)).toBe(firstOf);
        }
      }
      // tangles: the classes of mutual reachability with more than one module
      const reach = new Map(set.map((v) => [v, reachable(adj, [v])]));
      const classes = new Map<string, string[]>();
      for (const v of set) {
        const cls = set.filter((u) => reach.get(v)!.has(u) && reach.get(u)!.has(v));
        if (cls.length > 1) classes.set(cls.join(','), cls);
      }
      expect(tangles(adj)).toEqual([...classes.values()].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)));
    }
  });
});

describe('runtimeEdges', () => {
  it('the edges that count, by filter, computed once per graph and filter', () => {
    const k = (from: string, to: string, kind: ImportEdge['kind']): ImportEdge => ({ ...E(from, to), kind });
    const g: ModuleGraph = { nodes: ['a', 'b', 'c'], edges: [k('a', 'b', 'static'), k('a', 'c', 'type-only'), k('b', 'c', 'deferred'), k('c', 'a', 'main'), k('b', 'a', 'dynamic')] };
    const pairs = (edges: readonly ImportEdge[]) => edges.map((e) => `${e.from}>${e.to}`);
    expect(pairs(runtimeEdges(g))).toEqual(['a>b', 'b>a']);
    expect(pairs(runtimeEdges(g, { ignoreTypeOnly: false }))).toEqual(['a>b', 'a>c', 'b>a']);
    expect(pairs(runtimeEdges(g, { includeDeferred: true }))).toEqual(['a>b', 'b>c', 'b>a']);
    expect(pairs(runtimeEdges(g, { ignoreTypeOnly: false, includeDeferred: true }))).toEqual(['a>b', 'a>c', 'b>c', 'b>a']);
    expect(runtimeEdges(g)).toBe(runtimeEdges(g, { ignoreTypeOnly: true, includeDeferred: false })); // shared
    const other: ModuleGraph = { nodes: g.nodes, edges: g.edges.slice(0, 1) };
    expect(pairs(runtimeEdges(other))).toEqual(['a>b']); // another graph: its own
    expect(pairs(runtimeEdges(g))).toEqual(['a>b', 'b>a']);
  });
});

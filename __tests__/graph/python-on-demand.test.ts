import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { rmSync } from 'node:fs';
import { Facts } from '../../src/facts.js';
import { adjacency, tangles } from '../../src/graph/algorithms.js';
import { getGraph } from '../../src/graph/index.js';
import { buildPythonGraph, PythonGraphs } from '../../src/graph/python.js';
import { runtimeEdges } from '../../src/graph/types.js';
import { moduleMatcher } from '../../src/checks/imports-common.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { generatePackageTree } from '../fixtures/python/generate-packages.mjs';

// Item 6 of issue 16: a guardrail's Python graph reads the files its paths select and what they
// import, transitively, and nothing else; what it sees of them is what a whole-tree build sees.
const dir = mkdtempSync(path.join(os.tmpdir(), 'la-py-on-demand-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const { root } = generatePackageTree(dir, { packages: 6, perPackage: 40, common: 8 });

const inPkg2 = (f: string) => f.startsWith('pkg2/');
const closure = (f: string) => inPkg2(f) || f.startsWith('common/');

describe('the Python graph on demand', () => {
  it('reads only the selected package and what it imports; its edges are the whole-tree build restricted to them', async () => {
    const ws = await Workspace.open(root);
    const read = vi.spyOn(ws, 'readTextSync');
    const scoped = await new PythonGraphs(ws, {}, () => {}).graph(() => inPkg2);
    const readPy = read.mock.calls.map((c) => c[0]).filter((f) => f.endsWith('.py'));
    expect(readPy.length).toBeGreaterThan(40);
    expect(readPy.filter((f) => !closure(f))).toEqual([]); // pkg0, pkg1, pkg3… never parsed

    const whole = await buildPythonGraph(await Workspace.open(root), {}, () => {});
    expect(scoped.nodes).toEqual(whole.nodes); // every module is a node: a `to` elsewhere still matches
    expect(scoped.moduleNames).toEqual(whole.moduleNames);
    expect(scoped.edges).toEqual(whole.edges.filter((e) => closure(e.from)));
    expect(scoped.unresolved).toEqual(whole.unresolved!.filter((u) => closure(u.from)));
    expect(scoped.edges.filter((e) => inPkg2(e.from)).length).toBeGreaterThan(100);

    // what a check computes on the package is identical
    const tanglesOf = (g: typeof whole) => tangles(adjacency(g.nodes.filter(inPkg2), runtimeEdges(g)));
    expect(tanglesOf(scoped)).toEqual(tanglesOf(whole));
    expect(tanglesOf(whole)).toHaveLength(1);
  });

  it('a scope that selects or reaches every module gets the whole graph, built once', async () => {
    const graphs = new PythonGraphs(await Workspace.open(root), {}, () => {});
    const whole = await graphs.graph();
    expect(await graphs.graph(() => () => true)).toBe(whole); // selects every module
    // every module but common/'s, which the packages import: following their imports reaches every module
    const packages = (f: string) => !/^common\/c\d+\.py$/.test(f);
    expect(whole.nodes.some((n) => !packages(n))).toBe(true);
    expect(await graphs.graph(() => packages)).toBe(whole);
    // a fresh set of graphs: the same edges, whichever comes first
    const fresh = new PythonGraphs(await Workspace.open(root), {}, () => {});
    const reached = await fresh.graph(() => packages);
    expect(reached.edges).toEqual(whole.edges);
    expect(await fresh.graph()).toBe(reached);
    expect(await graphs.graph(() => inPkg2)).not.toBe(whole);
  });

  it('a guardrail naming a dotted module (`pkg3.m1`) selects by module name; files read once are shared', async () => {
    const ws = await Workspace.open(root);
    const read = vi.spyOn(ws, 'readTextSync');
    const ctx = { workspace: ws, facts: new Facts(), log: () => {} };
    const byName = (names: ReadonlyMap<string, string>) => moduleMatcher({ moduleNames: names as Map<string, string> }, ['pkg3.m1']);
    const g = await getGraph(ctx, { language: 'python', pythonScope: byName });
    expect(g.edges.some((e) => e.from === 'pkg3/m1.py')).toBe(true);
    expect(g.edges.some((e) => e.from.startsWith('pkg1/'))).toBe(false);
    const once = read.mock.calls.length;
    const again = await getGraph(ctx, { language: 'python', pythonScope: byName });
    expect(again.edges).toEqual(g.edges);
    expect(read.mock.calls.length).toBe(once); // nothing read twice
    const all = await getGraph(ctx, { language: 'python' });
    expect(all.edges.some((e) => e.from.startsWith('pkg1/'))).toBe(true);
  });
});

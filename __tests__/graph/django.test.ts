import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { adjacency, tangles } from '../../src/graph/algorithms.js';
import { buildPythonGraph } from '../../src/graph/python.js';
import { scanPython } from '../../src/graph/python-scan.js';
import type { ModuleGraph } from '../../src/graph/types.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { ensureDjango } from '../fixtures/python/django.mjs';
import { python3, referenceGraph, referenceScan, type ReferenceGraph } from '../fixtures/python/reference.mjs';

// Real code: Debian's python3-django, fetched into the real-code cache by `npm run fetch-real-code`
// (.ci/run runs it before the tests; the suite never fetches), checked against an independent
// computation on Python's own `ast` module.
const django = ensureDjango({ fetch: false });
const hasPython = python3() !== null;
if (!hasPython) {
  if (process.env.CI) throw new Error('python3 is required for the Django reference comparison in CI');
  console.warn('python3 not found: the Django comparison with Python’s ast module is skipped');
}

describe.skipIf(django.skip !== undefined || !hasPython)(`Django from Debian (${django.deb ?? django.skip ?? ''})${hasPython ? '' : ' — python3 not found'}`, () => {
  const root = django.root!;
  let g: ModuleGraph;
  let ref: ReferenceGraph;

  beforeAll(async () => {
    const ws = await Workspace.open(root);
    g = await buildPythonGraph(ws, {}, () => {});
    ref = referenceGraph(root, { edges: true });
  });

  it('reads every module of the package', () => {
    expect(ref.parseErrors).toEqual([]);
    expect(g.nodes.length).toBeGreaterThan(800);
    expect(g.nodes).toEqual(ref.nodes);
    expect(ref.roots).toEqual(['usr/lib/python3/dist-packages']);
    expect(g.moduleNames!.get('usr/lib/python3/dist-packages/django/db/models/__init__.py')).toBe('django.db.models');
    expect(Object.fromEntries(g.moduleNames!)).toEqual(ref.moduleNames);
  });

  it('every import statement of every file, with its line, column and context, as ast sees it', () => {
    const scan = referenceScan(root);
    let statements = 0;
    for (const [file, rows] of Object.entries(scan.files)) {
      const ours = scanPython(readFileSync(path.join(root, file), 'utf8')).map((i) => [i.form, i.level, i.module, i.names, i.line, i.column, i.kind]);
      expect(ours, file).toEqual(rows);
      statements += rows.length;
    }
    expect(statements).toBeGreaterThan(3000);
  });

  it('the same edges, with the same kinds and specifiers, and the same unresolved imports', () => {
    expect(g.edges.map((e) => [e.from, e.to, e.line, e.column, e.kind, e.specifier])).toEqual(ref.edges);
    expect(g.unresolved!.map((u) => [u.from, u.specifier, u.line])).toEqual(ref.unresolved);
    // Django imports lazily inside functions a lot (to break import cycles): both kinds abound.
    expect(g.edges.filter((e) => e.kind === 'static').length).toBeGreaterThan(2000);
    expect(g.edges.filter((e) => e.kind === 'deferred').length).toBeGreaterThan(150);
  });

  it('the same tangles over import-time (static) edges', () => {
    const ours = tangles(
      adjacency(
        g.nodes,
        g.edges.filter((e) => e.kind === 'static'),
      ),
    );
    expect(ours).toEqual(ref.tangles);
    expect(ours.length).toBeGreaterThan(0);
  });
});

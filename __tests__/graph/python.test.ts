import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adjacency, tangles } from '../../src/graph/algorithms.js';
import { buildPythonGraph } from '../../src/graph/python.js';
import { scanPython } from '../../src/graph/python-scan.js';
import { runtimeEdges, type ModuleGraph } from '../../src/graph/types.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { generatePythonTree } from '../fixtures/python/generate.mjs';
import { python3, referenceGraph, referenceScan } from '../fixtures/python/reference.mjs';
import { tmpDir, tmpRepo } from '../helpers.js';

const hasPython = python3() !== null;
if (!hasPython) {
  if (process.env.CI) throw new Error('python3 is required for the Python graph reference tests in CI');
  console.warn('python3 not found: the comparisons with Python’s ast module are skipped');
}

async function graphOf(dir: string, roots?: string[]): Promise<{ g: ModuleGraph; log: string[] }> {
  const log: string[] = [];
  const ws = await Workspace.open(dir);
  const g = await buildPythonGraph(ws, roots ? { roots } : {}, (m) => log.push(m));
  return { g, log };
}

const edgeRow = (e: ModuleGraph['edges'][number]) => [e.from, e.to, e.line, e.column, e.kind, e.specifier] as const;

describe('buildPythonGraph', () => {
  it('nodes, module names, and every edge with its place, kind and specifier, sorted', async () => {
    const dir = tmpRepo({
      'app/__init__.py': '',
      'app/models.py': 'from app.util import slug\n',
      'app/util.py': '"""Util.\n\nfrom app import models\n"""\nimport os\n',
      'app/views.py': [
        'from __future__ import annotations',
        'from typing import TYPE_CHECKING',
        'from . import models',
        'import app.util as u; from app import util',
        'if TYPE_CHECKING:',
        '    from app.models import Thing',
        'def handler():',
        '    from app import views_helpers',
        'if __name__ == "__main__":',
        '    import app.util',
        '',
      ].join('\n'),
      'app/views_helpers.py': 'import app.nothing\n',
      'app/stubs.pyi': 'import app.util\n',
      'README.md': 'import app\n',
    });
    const { g, log } = await graphOf(dir);
    expect(g.nodes).toEqual(['app/__init__.py', 'app/models.py', 'app/stubs.pyi', 'app/util.py', 'app/views.py', 'app/views_helpers.py']);
    expect(Object.fromEntries(g.moduleNames!)).toEqual({
      'app/__init__.py': 'app',
      'app/models.py': 'app.models',
      'app/stubs.pyi': 'app.stubs',
      'app/util.py': 'app.util',
      'app/views.py': 'app.views',
      'app/views_helpers.py': 'app.views_helpers',
    });
    expect(g.edges.map(edgeRow)).toEqual([
      ['app/models.py', 'app/util.py', 1, 1, 'static', 'app.util'],
      ['app/stubs.pyi', 'app/util.py', 1, 1, 'static', 'app.util'],
      ['app/views.py', 'app/models.py', 3, 1, 'static', '.models'],
      ['app/views.py', 'app/util.py', 4, 1, 'static', 'app.util'],
      ['app/views.py', 'app/util.py', 4, 23, 'static', 'app.util'],
      ['app/views.py', 'app/models.py', 6, 5, 'type-only', 'app.models'],
      ['app/views.py', 'app/views_helpers.py', 8, 5, 'deferred', 'app.views_helpers'],
      ['app/views.py', 'app/util.py', 10, 5, 'main', 'app.util'],
    ]);
    expect(g.unresolved).toEqual([{ from: 'app/views_helpers.py', specifier: 'app.nothing', line: 1 }]);
    expect(log).toEqual(['python import graph: 6 modules, 8 imports within the tree, 1 unresolved; roots: .']);
  });

  it('runtime edges: static by default, deferred with include-deferred, type-only when not ignored, main never', async () => {
    const dir = tmpRepo({
      'p/__init__.py': '',
      'p/a.py': 'import p.b\n',
      'p/b.py': 'def f():\n    import p.a\nif TYPE_CHECKING:\n    import p.a\nif __name__ == "__main__":\n    import p.a\n',
    });
    const { g } = await graphOf(dir);
    const cycles = (f: Parameters<typeof runtimeEdges>[1]) => tangles(adjacency(g.nodes, runtimeEdges(g, f)));
    expect(cycles({})).toEqual([]);
    expect(cycles({ includeDeferred: true })).toEqual([['p/a.py', 'p/b.py']]);
    expect(cycles({ ignoreTypeOnly: false })).toEqual([['p/a.py', 'p/b.py']]);
    expect(g.edges.filter((e) => e.kind === 'main')).toHaveLength(1);
  });

  it('reads BOM and CRLF files, and skips binary ones (counted in the log)', async () => {
    const dir = tmpRepo({
      'm/__init__.py': '',
      'm/a.py': '\ufeff"""Doc."""\r\nimport m.b\r\nif TYPE_CHECKING:\r\n    import m.c\r\n',
      'm/b.py': '',
      'm/c.py': Buffer.from([0x69, 0x6d, 0x70, 0x00, 0x01]),
    });
    const { g, log } = await graphOf(dir);
    expect(g.edges.map(edgeRow)).toEqual([
      ['m/a.py', 'm/b.py', 2, 1, 'static', 'm.b'],
      ['m/a.py', 'm/c.py', 4, 5, 'type-only', 'm.c'],
    ]);
    expect(log[0]).toContain('1 unreadable');
  });

  it('honours the roots override', async () => {
    const dir = tmpRepo({ 'svc/main.py': 'import helpers\nfrom helpers import x\n', 'svc/helpers.py': '' });
    const inferred = await graphOf(dir);
    expect(inferred.g.edges.map((e) => e.to)).toEqual(['svc/helpers.py', 'svc/helpers.py']);
    const overridden = await graphOf(dir, ['.']);
    expect(overridden.g.edges).toEqual([]);
    expect(overridden.g.moduleNames!.get('svc/main.py')).toBe('svc.main');
  });

  it('an empty graph for a tree without Python, and no log line', async () => {
    const { g, log } = await graphOf(tmpRepo({ 'a.ts': 'import x from "y";\n' }));
    expect(g).toEqual({ nodes: [], edges: [], moduleNames: new Map(), unresolved: [] });
    expect(log).toEqual([]);
  });
});

// A tree of tricky files, all valid for Python 3.8+, compared statement by statement with ast.
const TRICKY: Record<string, string> = {
  'pkg/__init__.py': 'from .core import run  # re-export\nfrom . import util\n',
  'pkg/core.py': [
    '"""Core.',
    '',
    '    from pkg.views import render   # text',
    '"""',
    'from __future__ import annotations',
    'import typing as t, collections',
    'from pkg import (',
    '    util,',
    '    views as v,  # comment',
    ')',
    'from pkg.util \\',
    '    import helper',
    'try:',
    '    import ujson as json',
    'except ImportError:',
    '    import json',
    'else:',
    '    if t.TYPE_CHECKING:',
    '        from pkg.views import Renderer',
    'if not TYPE_CHECKING:',
    '    from pkg import plugins',
    'else:',
    '    from pkg.views import Typed',
    'class Engine:',
    '    from pkg.util import CONST',
    '    async def start(self):',
    '        import pkg.views',
    '        return f"{self!r:>{10}} import {\'x\'}"',
    'def run(): import pkg.plugins; return 1',
    'x = lambda: __import__("pkg.views")',
    "if '__main__' == __name__:",
    '    from pkg import views',
    'elif __name__ == "pkg.core":',
    '    import pkg.plugins',
    '',
  ].join('\n'),
  'pkg/util.py': "import pkg.core\nS = r'''\nimport pkg.views\n'''\nB = b'from pkg import x'; import pkg.plugins\n",
  'pkg/views.py': 'from .core import Engine\nfrom . import plugins as p\nfrom .. import outside\n',
  'pkg/plugins/__init__.py': 'from .base import *\nfrom ..core import run\n',
  'pkg/plugins/base.py': 'from ... import beyond\nimport pkg.plugins.missing\nfrom pkg.nothing import y\n',
  'pkg/crlf.py': '\ufeffimport pkg.util\r\nif TYPE_CHECKING:\r\n\timport pkg.views\r\n',
  'scripts/tool.py': 'import helper_mod\nfrom pkg import core\n',
  'scripts/helper_mod.py': 'import tool\n',
};

describe.skipIf(!hasPython)('the same answers as Python’s ast module', () => {
  it('tricky files: every import statement, its line, column and context', () => {
    const dir = tmpRepo(TRICKY);
    const ref = referenceScan(dir);
    expect(ref.parseErrors).toEqual([]);
    for (const [file, rows] of Object.entries(ref.files)) {
      const ours = scanPython(readFileSync(path.join(dir, file), 'utf8')).map((i) => [i.form, i.level, i.module, i.names, i.line, i.column, i.kind]);
      expect(ours, file).toEqual(rows);
    }
    expect(Object.keys(ref.files).sort()).toEqual(Object.keys(TRICKY).sort());
  });

  it('tricky files: the same graph (edges, unresolved, module names, tangles)', async () => {
    const dir = tmpRepo(TRICKY);
    const ref = referenceGraph(dir, { edges: true });
    const { g } = await graphOf(dir);
    expect(g.nodes).toEqual(ref.nodes);
    expect(Object.fromEntries(g.moduleNames!)).toEqual(ref.moduleNames);
    expect(g.edges.map(edgeRow)).toEqual(ref.edges);
    expect(g.unresolved!.map((u) => [u.from, u.specifier, u.line])).toEqual(ref.unresolved);
    const ours = tangles(
      adjacency(
        g.nodes,
        g.edges.filter((e) => e.kind === 'static'),
      ),
    );
    expect(ours).toEqual(ref.tangles);
    expect(ours.length).toBeGreaterThan(0);
  });

  it('a generated tree of about 600 modules in three roots: the same edges and tangles', async () => {
    const { root } = generatePythonTree(tmpDir('la-gen-py-600-'), 600, 11);
    const ref = referenceGraph(root, { edges: true });
    expect(ref.parseErrors).toEqual([]);
    expect(ref.roots).toEqual(['', 'services/billing', 'src']);
    const { g } = await graphOf(root);
    expect(g.nodes).toEqual(ref.nodes);
    expect(g.edges.map(edgeRow)).toEqual(ref.edges);
    const ours = tangles(
      adjacency(
        g.nodes,
        g.edges.filter((e) => e.kind === 'static'),
      ),
    );
    expect(ours).toEqual(ref.tangles);
    expect(ours.length).toBeGreaterThan(0);
    expect(new Set(g.edges.map((e) => e.kind))).toEqual(new Set(['static', 'deferred', 'type-only', 'main']));
  });
});

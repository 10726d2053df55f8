import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { adjacency, tangles } from '../../src/graph/algorithms.js';
import { buildPythonGraph } from '../../src/graph/python.js';
import { declaredRoots, fromPyproject, fromSetupCfg, fromSetupPy } from '../../src/graph/python-packaging.js';
import { Evidence } from '../../src/graph/python-roots.js';
import { inferLayout } from '../../src/graph/python-resolve.js';
import { pythonNodes, treeLayout } from '../../src/graph/python-tree.js';
import { runtimeEdges } from '../../src/graph/types.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { python3, referenceGraph } from '../fixtures/python/reference.mjs';
import { tmpRepo } from '../helpers.js';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'fastapi-src-layout');

/** The layout of an in-memory tree (path → text), with packaging files and imports read from it. */
function layoutOfTree(tree: Record<string, string>) {
  return treeLayout({ files: Object.keys(tree).sort(), readTextSync: (f) => tree[f] ?? null });
}

describe('packaging declarations', () => {
  it('pyproject.toml: setuptools package-dir and packages.find, poetry packages, hatch, pdm, maturin', () => {
    expect(fromPyproject('[tool.setuptools]\npackage-dir = {"" = "src"}\n')).toEqual(['src']);
    expect(fromPyproject('[tool.setuptools.package-dir]\nmypkg = "lib/mypkg"\n')).toEqual(['lib']);
    expect(fromPyproject('[tool.setuptools.packages.find]\nwhere = ["python", "plugins"]\n')).toEqual(['python', 'plugins']);
    expect(fromPyproject('[tool.poetry]\npackages = [{ include = "app", from = "src" }, { include = "tools" }]\n')).toEqual(['src', '.']);
    expect(fromPyproject('[tool.hatch.build.targets.wheel]\npackages = ["src/foo"]\n')).toEqual(['src']);
    expect(fromPyproject('[tool.hatch.build]\nsources = ["lib"]\n')).toEqual(['lib']);
    expect(fromPyproject('[tool.pdm.build]\npackage-dir = "code"\n')).toEqual(['code']);
    expect(fromPyproject('[tool.maturin]\npython-source = "python"\n')).toEqual(['python']);
  });

  it('setup.cfg and setup.py', () => {
    expect(fromSetupCfg('[metadata]\nname = x\n[options]\npackage_dir =\n    = src\npackages = find:\n[options.packages.find]\nwhere = src\n')).toEqual(['src', 'src']);
    expect(fromSetupCfg('[options]\npackage_dir = =lib\n')).toEqual(['lib']);
    expect(fromSetupPy('setup(name="x", package_dir={"": "src"}, packages=find_packages("src"))')).toEqual(['src', 'src']);
    expect(fromSetupPy("setup(packages=find_namespace_packages(where='lib'))")).toEqual(['lib']);
  });

  it('hostile packaging files: paths out of the repository and files that do not parse declare nothing', () => {
    const tree: Record<string, string> = {
      'a/pyproject.toml': '[tool.setuptools]\npackage-dir = {"" = "../../etc"}\n',
      'b/pyproject.toml': '[tool.poetry\npackages = [',
      'c/setup.cfg': '[options]\npackage_dir = =/abs\n',
      'd/pyproject.toml': '[tool.setuptools.packages.find]\nwhere = ["../d2"]\n',
    };
    expect(declaredRoots(Object.keys(tree), (f) => tree[f] ?? null)).toEqual(['d2']);
    expect(fromPyproject('a = [' + '['.repeat(100000))).toEqual([]);
  });

  it('a declared root that is no src folder: package-dir = {"" = "lib"}', () => {
    const l = layoutOfTree({
      'pyproject.toml': '[tool.setuptools]\npackage-dir = {"" = "lib"}\n',
      'lib/shop/orders.py': 'from shop.payments import charge\n',
      'lib/shop/payments.py': 'from shop.orders import Order\n',
      'scripts/run.py': 'from shop.orders import Order\n',
    });
    expect(l.roots).toContain('lib');
    expect(l.moduleNames.get('lib/shop/orders.py')).toBe('shop.orders');
  });
});

describe('roots never inside a package', () => {
  const tree = {
    'backend/pyproject.toml': '[tool.poetry]\npackages = [{ include = "app", from = "src" }]\n',
    'backend/src/app/__init__.py': '',
    'backend/src/app/data/source/registry.py': 'from app.data.source.providers.github import G\n',
    'backend/src/app/data/source/providers/__init__.py': '',
    'backend/src/app/data/source/providers/github.py': 'from app.data.source.registry import register\n',
  };

  it('a folder without __init__.py inside a regular package is a namespace portion of it, not a root', () => {
    const l = layoutOfTree(tree);
    expect(l.roots).toEqual(['backend', 'backend/src']);
    expect(l.moduleNames.get('backend/src/app/data/source/providers/github.py')).toBe('app.data.source.providers.github');
    expect(l.moduleNames.get('backend/src/app/data/source/registry.py')).toBe('app.data.source.registry');
  });

  it('namespace chain below a declared root: the imports decide between the declared root and the package parent', () => {
    // app/ has no __init__.py: app.data.source.providers (what the code writes) or providers (a root at source/)?
    const ns: Record<string, string> = { ...tree };
    delete ns['backend/src/app/__init__.py'];
    expect(layoutOfTree(ns).moduleNames.get('backend/src/app/data/source/providers/github.py')).toBe('app.data.source.providers.github');
    // code that imports `providers.github` from inside source/: that folder is on the path
    const flat = {
      'tool/pyproject.toml': '',
      'tool/vendor/lib/plugins/__init__.py': '',
      'tool/vendor/lib/plugins/a.py': 'from plugins import b\n',
      'tool/vendor/lib/plugins/b.py': 'import plugins.a\n',
    };
    expect(layoutOfTree(flat).moduleNames.get('tool/vendor/lib/plugins/a.py')).toBe('plugins.a');
  });

  it('the order of names does not decide: lib/b/ (a namespace folder under the root lib/) is weighed like any other', () => {
    const l = layoutOfTree({
      'lib/pkg/__init__.py': '',
      'lib/pkg/a.py': 'from b.pkg2 import x\n',
      'lib/b/pkg2/__init__.py': 'from b.pkg2 import y\n',
      'lib/b/pkg2/y.py': 'import pkg.a\n',
    });
    expect(l.roots).toEqual(['lib']);
    expect(l.moduleNames.get('lib/b/pkg2/y.py')).toBe('b.pkg2.y');
  });

  it('files under no root: the folder the imports are written from (backend/ for `from app.core import config`)', () => {
    const l = layoutOfTree({
      'backend/app/main.py': 'from app.api import routes\n',
      'backend/app/api/routes.py': 'from app.core.config import settings\n',
      'backend/app/core/config.py': 'from app.api.routes import x\n',
    });
    expect(l.roots).toEqual(['backend']);
    expect(l.moduleNames.get('backend/app/core/config.py')).toBe('app.core.config');
  });

  it('tests importing `tests.utils` and scripts importing their siblings: the repository root and scripts/ are both roots', () => {
    const l = layoutOfTree({
      'tests/utils.py': '',
      'tests/test_a.py': 'from tests.utils import x\n',
      'tests/test_b.py': 'from tests.utils import y\nimport tests.test_a\n',
      'scripts/run.py': 'import helper\n',
      'scripts/helper.py': '',
    });
    expect(l.roots).toEqual(['', 'scripts']);
    expect(l.moduleNames.get('tests/utils.py')).toBe('tests.utils');
    expect(l.moduleNames.get('scripts/helper.py')).toBe('helper');
  });

  it('without import evidence the old fallback stands: each file’s own folder, the shallowest first', () => {
    const l = inferLayout(pythonNodes(['tools/a.py', 'tools/sub/b.py']), ['tools/a.py', 'tools/sub/b.py']);
    expect(l.roots).toEqual(['tools']);
  });
});

describe('the FastAPI src-layout fixture', () => {
  it('finds the two-module cycle in the namespace folder and leaves no internal import unresolved', async () => {
    const ws = await Workspace.open(FIXTURE);
    const log: string[] = [];
    const g = await buildPythonGraph(ws, {}, (m) => log.push(m));
    expect(g.unresolved).toEqual([]);
    const t = tangles(adjacency(g.nodes, runtimeEdges(g)));
    expect(t).toEqual([['backend/src/app/data/source/providers/github.py', 'backend/src/app/data/source/registry.py']]);
    expect(log.join('\n')).toContain('roots: backend, backend/src');
  });

  it.skipIf(python3() === null)('its tangles equal those of the ast reference with the roots the packaging declares', async () => {
    const ws = await Workspace.open(FIXTURE);
    const g = await buildPythonGraph(ws, {}, () => {});
    const ours = tangles(adjacency(g.nodes, runtimeEdges(g)));
    expect(referenceGraph(FIXTURE, { roots: ['backend', 'backend/src'] }).tangles).toEqual(ours);
    expect(referenceGraph(FIXTURE).tangles).toEqual(ours);
  });

  it('unresolved internal-looking imports are listed: a first part that is a folder of the repository', async () => {
    const dir = tmpRepo({
      'backend/pyproject.toml': '',
      'backend/app/__init__.py': '',
      'backend/app/main.py': 'import backend.app.models\nfrom app.data.gone import x\nimport requests.adapters\nfrom alembic import context\n',
      'backend/app/data/a.py': '',
      'backend/alembic/env.py': '',
    });
    const g = await buildPythonGraph(await Workspace.open(dir), {}, () => {});
    expect(g.unresolved?.map((u) => u.specifier)).toEqual(['backend.app.models', 'app.data.gone']);
  });
});

describe('the unresolved notice of import checks', () => {
  it('no-cycles names the count and the first unresolved internal imports of its modules', async () => {
    const { runOn } = await import('../run.js');
    const { report } = await runOn(
      {
        'backend/pyproject.toml': '',
        'backend/app/__init__.py': '',
        'backend/app/a.py': 'from app.data.gone import x\nimport backend.app.b\n',
        'backend/app/data/c.py': '',
        'backend/app/b.py': 'import requests\n',
      },
      'version: 1\nguardrails:\n  - id: no-cycles-backend\n    title: t\n    check: no-cycles\n    paths: ["backend/**"]\n',
    );
    expect(report.notices.filter((n) => n.startsWith('no-cycles-backend:'))).toEqual([
      "no-cycles-backend: 2 imports of its modules name a module of the repository that was not found (backend/app/a.py:1 'app.data.gone', backend/app/a.py:2 'backend.app.b'); a cycle or forbidden import through them cannot be seen. If the source roots are wrong, set python-roots.",
    ]);
  });
});

describe('import evidence (the counts that decide contested roots)', () => {
  /** A small deterministic generator of trees: folders a–d nested up to three deep, modules and packages in them. */
  function randomTree(seed: number) {
    let x = seed;
    const rnd = (n: number) => {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      return x % n;
    };
    const dir = () => Array.from({ length: rnd(4) }, () => 'abcd'[rnd(4)]).join('/');
    const nodes = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const d = dir();
      nodes.add(`${d ? `${d}/` : ''}${rnd(3) === 0 ? '__init__' : `m${rnd(4)}`}.py${rnd(9) === 0 ? 'i' : ''}`);
    }
    const sorted = [...nodes].sort();
    const statements = Array.from({ length: 60 }, () => ({
      file: sorted[rnd(sorted.length)]!,
      names: Array.from({ length: 1 + rnd(3) }, () => [...Array.from({ length: rnd(3) }, () => 'abcd'[rnd(4)]), `m${rnd(4)}`].join('.')),
    }));
    return { nodes: sorted, statements };
  }

  /** The counts as the documentation says them, computed the plain way. */
  function reference(nodes: string[], statements: { file: string; names: string[] }[]) {
    const set = new Set(nodes);
    const fileOf = (p: string) => [`${p}.py`, `${p}.pyi`, `${p}/__init__.py`, `${p}/__init__.pyi`].find((f) => set.has(f)) ?? null;
    const dirname = (f: string) => (f.includes('/') ? f.slice(0, f.lastIndexOf('/')) : '');
    const within = (d: string, o: string) => o === '' || d === o || d.startsWith(`${o}/`);
    const scores = (keep: (base: string, file: string) => boolean) => {
      const out = new Map<string, number>();
      for (const s of statements) {
        for (let base = dirname(s.file); ; base = dirname(base)) {
          const hit = s.names.some((n) => {
            const f = fileOf(`${base ? `${base}/` : ''}${n.split('.').join('/')}`);
            return f !== null && keep(base, f);
          });
          if (hit) out.set(base, (out.get(base) ?? 0) + 1);
          if (base === '') break;
        }
      }
      return out;
    };
    return { scores, count: (base: string, dir: string) => scores((b, f) => b === base && within(f, dir)).get(base) ?? 0 };
  }

  it('count and scores equal the plain computation on random trees, for every pair of folders', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const { nodes, statements } = randomTree(seed);
      const ours = new Evidence(nodes, () => statements);
      const plain = reference(nodes, statements);
      const folders = [
        '',
        ...new Set(
          nodes.flatMap((f) =>
            f
              .split('/')
              .slice(0, -1)
              .map((_, i, a) => a.slice(0, i + 1).join('/')),
          ),
        ),
      ];
      for (const base of folders) for (const dir of [...folders, 'zz', 'a/zz']) expect(ours.count(base, dir), `${seed}: ${base} ${dir}`).toBe(plain.count(base, dir));
      const keeps = [(b: string, f: string) => f.endsWith('.pyi') || b === 'a', (_b: string, f: string) => f.includes('m1'), () => true];
      for (const keep of keeps) expect(new Map([...ours.scores(keep)].sort())).toEqual(new Map([...plain.scores(keep)].sort()));
    }
  });
});

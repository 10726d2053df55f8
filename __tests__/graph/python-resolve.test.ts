import { describe, expect, it } from 'vitest';
import { inferLayout, resolveImport, type PyLayout } from '../../src/graph/python-resolve.js';
import { pythonNodes } from '../../src/graph/python-tree.js';
import { scanPython } from '../../src/graph/python-scan.js';
import { rng } from '../secrets/corpus.js';

/** A layout of a file list (every file is also listed, for project markers). */
function layoutOf(files: string[], roots?: string[]): PyLayout {
  return inferLayout(pythonNodes(files), files, roots);
}

/** Resolve the import statements of `code` as if written in `from`: `specifier → target` or `? specifier` when unresolved. */
function resolve(layout: PyLayout, from: string, code: string): string[] {
  const out: string[] = [];
  for (const imp of scanPython(code)) {
    const r = resolveImport(layout, from, imp);
    for (const e of r.edges) out.push(`${e.specifier} → ${e.to}`);
    for (const u of r.unresolved) out.push(`? ${u}`);
  }
  return out;
}

describe('pythonNodes', () => {
  it('keeps .py files and .pyi stubs without a .py twin, sorted', () => {
    expect(pythonNodes(['b.py', 'a.pyi', 'a.py', 'c.pyi', 'd.txt', 'e.pyc'])).toEqual(['a.py', 'b.py', 'c.pyi']);
  });
});

describe('source roots and module names', () => {
  it('the parent of a top-level package: backend/__init__.py → the repository root', () => {
    const l = layoutOf(['backend/__init__.py', 'backend/services/__init__.py', 'backend/services/audit.py', 'backend/main.py']);
    expect(l.roots).toEqual(['']);
    expect(Object.fromEntries(l.moduleNames)).toEqual({
      'backend/__init__.py': 'backend',
      'backend/main.py': 'backend.main',
      'backend/services/__init__.py': 'backend.services',
      'backend/services/audit.py': 'backend.services.audit',
    });
  });

  it('src/ layouts, with and without __init__.py', () => {
    expect(layoutOf(['src/pkg/__init__.py', 'src/pkg/a.py', 'tests/test_a.py', 'pyproject.toml']).roots).toEqual(['', 'src']);
    const ns = layoutOf(['src/nspkg/a.py', 'src/nspkg/sub/b.py']);
    expect(ns.roots).toEqual(['src']);
    expect(ns.moduleNames.get('src/nspkg/sub/b.py')).toBe('nspkg.sub.b');
  });

  it('several roots: backend/ and services/x/ side by side, each file under the deepest one', () => {
    const l = layoutOf(['backend/app/__init__.py', 'backend/app/models.py', 'services/x/app/__init__.py', 'services/x/app/models.py', 'services/y/pyproject.toml', 'services/y/worker/jobs.py']);
    expect(l.roots).toEqual(['backend', 'services/x', 'services/y']);
    expect(l.moduleNames.get('services/x/app/models.py')).toBe('app.models');
    expect(l.moduleNames.get('services/y/worker/jobs.py')).toBe('worker.jobs');
    // the same dotted name in two roots: each file's own root first
    expect(resolve(l, 'backend/app/__init__.py', 'from app import models')).toEqual(['app.models → backend/app/models.py']);
    expect(resolve(l, 'services/x/app/__init__.py', 'from app import models')).toEqual(['app.models → services/x/app/models.py']);
  });

  it('a project file inside a package does not make a root', () => {
    expect(layoutOf(['backend/__init__.py', 'backend/requirements.txt', 'backend/alembic/env.py']).roots).toEqual(['']);
  });

  it('files under no root: their own directory, the shallowest first (subfolders become namespace packages)', () => {
    const l = layoutOf(['tools/a.py', 'tools/sub/b.py', 'other/deep/c.py']);
    expect(l.roots).toEqual(['other/deep', 'tools']);
    expect(l.moduleNames.get('tools/sub/b.py')).toBe('sub.b');
    expect(resolve(l, 'tools/a.py', 'import sub.b\nfrom sub import b')).toEqual(['sub.b → tools/sub/b.py', 'sub.b → tools/sub/b.py']);
  });

  it('the python-roots override replaces inference', () => {
    const files = ['backend/__init__.py', 'backend/main.py', 'backend/util.py'];
    const l = layoutOf(files, ['./backend/']);
    expect(l.roots).toEqual(['backend']);
    expect(l.moduleNames.get('backend/main.py')).toBe('main');
    // backend/util.py exists, but no root reaches it as backend.util: an internal-looking import, unresolved
    expect(resolve(l, 'backend/main.py', 'import util\nimport backend.util')).toEqual(['util → backend/util.py', '? backend.util']);
    expect(layoutOf(files, ['.']).roots).toEqual(['']);
  });

  it('a stub without a .py twin is a module; with a twin the .py file is', () => {
    const l = layoutOf(['pkg/__init__.py', 'pkg/fast.pyi', 'pkg/slow.py', 'pkg/slow.pyi']);
    expect(resolve(l, 'pkg/__init__.py', 'from . import fast, slow')).toEqual(['.fast → pkg/fast.pyi', '.slow → pkg/slow.py']);
  });
});

describe('resolving imports', () => {
  const files = [
    'backend/__init__.py',
    'backend/models.py',
    'backend/services/__init__.py',
    'backend/services/audit.py',
    'backend/services/event_service.py',
    'backend/services/formatting.py',
    'backend/alembic/env.py',
    'backend/alembic/versions/0001_init.py',
  ];
  const l = layoutOf(files);

  it('import a.b and import a.b as c point at the module they name', () => {
    expect(resolve(l, 'backend/models.py', 'import backend.services.audit\nimport backend.services.audit as a')).toEqual([
      'backend.services.audit → backend/services/audit.py',
      'backend.services.audit → backend/services/audit.py',
    ]);
  });

  it('from pkg import name → pkg.name when that is a module, else pkg (its __init__.py)', () => {
    expect(resolve(l, 'backend/services/audit.py', 'from backend.services import event_service')).toEqual(['backend.services.event_service → backend/services/event_service.py']);
    expect(resolve(l, 'backend/models.py', 'from backend.services import SOME_CONSTANT')).toEqual(['backend.services → backend/services/__init__.py']);
    expect(resolve(l, 'backend/models.py', 'from backend.services import audit, SOME_CONSTANT, formatting')).toEqual([
      'backend.services.audit → backend/services/audit.py',
      'backend.services.formatting → backend/services/formatting.py',
      'backend.services → backend/services/__init__.py',
    ]);
    expect(resolve(l, 'backend/models.py', 'from backend.services.formatting import slugify')).toEqual(['backend.services.formatting → backend/services/formatting.py']);
    expect(resolve(l, 'backend/models.py', 'from backend.services import *')).toEqual(['backend.services → backend/services/__init__.py']);
  });

  it('relative imports: from .x, from . import x, from .. import x, inside a package __init__ and beyond the top', () => {
    expect(resolve(l, 'backend/services/audit.py', 'from .formatting import slugify\nfrom . import event_service\nfrom .. import models\nfrom ..models import X')).toEqual([
      '.formatting → backend/services/formatting.py',
      '.event_service → backend/services/event_service.py',
      '..models → backend/models.py',
      '..models → backend/models.py',
    ]);
    expect(resolve(l, 'backend/services/__init__.py', 'from . import audit\nfrom .audit import x\nfrom .. import models')).toEqual([
      '.audit → backend/services/audit.py',
      '.audit → backend/services/audit.py',
      '..models → backend/models.py',
    ]);
    expect(resolve(l, 'backend/models.py', 'from ... import x')).toEqual(['? ...']);
    expect(resolve(l, 'backend/services/audit.py', 'from .missing import x')).toEqual(['? .missing']);
  });

  it('namespace packages (no __init__.py) are walked through', () => {
    expect(resolve(l, 'backend/models.py', 'import backend.alembic.env\nimport backend.alembic.versions')).toEqual(['backend.alembic.env → backend/alembic/env.py']);
    expect(l.moduleNames.get('backend/alembic/versions/0001_init.py')).toBe('backend.alembic.versions.0001_init');
    expect(resolve(l, 'backend/alembic/env.py', 'from . import versions')).toEqual([]);
  });

  it('standard library, third-party packages and __future__ are not edges (and not unresolved)', () => {
    expect(resolve(l, 'backend/models.py', 'import os\nimport sqlalchemy.orm\nfrom fastapi import APIRouter\nfrom __future__ import annotations\nimport redis')).toEqual([]);
  });

  it('a name under one of our regular packages that matches no file is unresolved', () => {
    expect(resolve(l, 'backend/models.py', 'import backend.nothing\nfrom backend.nothing import x\nimport backend.services.audit.deeper')).toEqual([
      '? backend.nothing',
      '? backend.nothing',
      '? backend.services.audit.deeper',
    ]);
  });

  it('a module importing itself is no edge', () => {
    expect(resolve(l, 'backend/services/__init__.py', 'from backend.services import CONSTANT')).toEqual([]);
  });

  it('`from alembic import context` in backend/alembic/env.py is the installed package, not the folder', () => {
    // The file's root is the repository root (backend/ is a package), where no top-level `alembic` exists.
    expect(l.rootOf.get('backend/alembic/env.py')).toBe('');
    expect(resolve(l, 'backend/alembic/env.py', 'from alembic import context\nimport alembic.command')).toEqual([]);
    // Even with backend/ as the root, the folder is only a namespace package: an installed `alembic`
    // (a regular package) wins over it in Python's import system, so nothing points into the folder.
    const asRoot = layoutOf(files, ['backend']);
    expect(asRoot.moduleNames.get('backend/alembic/env.py')).toBe('alembic.env');
    expect(resolve(asRoot, 'backend/models.py', 'from alembic import context\nimport alembic.command\nimport alembic')).toEqual([]);
  });

  it('a regular package of the tree shadows an installed one of the same name', () => {
    const own = layoutOf(['alembic/__init__.py', 'alembic/context.py', 'app/__init__.py', 'app/main.py']);
    expect(resolve(own, 'app/main.py', 'from alembic import context\nfrom alembic import op')).toEqual(['alembic.context → alembic/context.py', 'alembic → alembic/__init__.py']);
  });

  it('namespace packages spread over several roots are merged, each name found where its file is', () => {
    const ns = layoutOf(['a/pyproject.toml', 'a/company/billing/api.py', 'a/company/billing/models.py', 'b/pyproject.toml', 'b/company/auth/tokens.py']);
    expect(ns.roots).toEqual(['a', 'b']);
    expect(resolve(ns, 'a/company/billing/api.py', 'import company.auth.tokens\nfrom company.billing import models\nimport company.auth.nothing')).toEqual([
      'company.auth.tokens → b/company/auth/tokens.py',
      'company.billing.models → a/company/billing/models.py',
      '? company.auth.nothing', // company/auth/ is a folder of the tree: internal-looking, reported
    ]);
  });
});

describe('module names and root indexes of random trees', () => {
  it("are what a plain computation from each file's root gives", () => {
    const random = rng(9);
    const rnd = (n: number) => Math.floor(random() * n);
    const folders = ['src', 'app', 'pkg', 'a', 'b', 'lib'];
    const bases = ['__init__.py', '__init__.pyi', 'm.py', 'n.pyi', 'x.py', 'main.py'];
    for (let round = 0; round < 60; round++) {
      const files = [...new Set(Array.from({ length: 1 + rnd(25) }, () => [...Array.from({ length: rnd(4) }, () => folders[rnd(folders.length)]!), bases[rnd(bases.length)]!].join('/')))];
      const override = rnd(3) === 0 ? [['.', 'src', 'app/a'][rnd(3)]!] : undefined;
      const nodes = pythonNodes(files);
      const l = inferLayout(nodes, files, override);
      const packages = new Set(nodes.filter((f) => /(^|\/)__init__\.pyi?$/.test(f)).map((f) => f.slice(0, Math.max(0, f.lastIndexOf('/')))));
      const modules = new Map<string, Map<string, string>>();
      const namespaces = new Map<string, Set<string>>();
      for (const f of nodes) {
        const r = l.rootOf.get(f)!;
        expect(l.roots).toContain(r);
        const rel = r === '' ? f : f.slice(r.length + 1);
        const stem = rel.slice(0, rel.lastIndexOf('.'));
        const isInit = stem === '__init__' || stem.endsWith('/__init__');
        const name = (isInit && stem.includes('/') ? stem.slice(0, stem.lastIndexOf('/')) : stem).split('/').join('.');
        expect([f, l.moduleNames.get(f)]).toEqual([f, name]);
        const m = modules.get(r) ?? new Map<string, string>();
        modules.set(r, m);
        if (isInit || !m.has(name)) m.set(name, f);
        const ns = namespaces.get(r) ?? new Set<string>();
        namespaces.set(r, ns);
        const dirs = stem.split('/').slice(0, -1);
        for (let i = 1; i <= dirs.length; i++) {
          const dir = [r, ...dirs.slice(0, i)].filter(Boolean).join('/');
          if (!packages.has(dir)) ns.add(dirs.slice(0, i).join('.'));
        }
      }
      for (const r of l.roots) {
        expect([r, l.index.get(r)!.modules]).toEqual([r, modules.get(r) ?? new Map()]);
        expect([r, l.index.get(r)!.namespaces]).toEqual([r, namespaces.get(r) ?? new Set()]);
      }
    }
  });
});

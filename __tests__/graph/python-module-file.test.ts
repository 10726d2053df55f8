import { describe, expect, it } from 'vitest';
import { inferLayout, moduleFileOf, type PyLayout } from '../../src/graph/python-resolve.js';
import { pythonNodes, treeLayout } from '../../src/graph/python-tree.js';

function layoutOf(files: string[], roots?: string[]): PyLayout {
  return inferLayout(pythonNodes(files), files, roots);
}

describe('moduleFileOf: which file a module name is, from a given file', () => {
  it('absolute and relative names as the import graph resolves them (src layout, packages win over modules)', () => {
    const l = layoutOf(['src/shop/__init__.py', 'src/shop/cart.py', 'src/shop/api/__init__.py', 'src/shop/api/users.py', 'src/shop/api.py', 'tests/test_cart.py', 'pyproject.toml']);
    expect(moduleFileOf(l, 'tests/test_cart.py', 0, 'shop.cart')).toBe('src/shop/cart.py');
    expect(moduleFileOf(l, 'src/shop/cart.py', 0, 'shop.api')).toBe('src/shop/api/__init__.py');
    expect(moduleFileOf(l, 'src/shop/api/users.py', 2, 'cart')).toBe('src/shop/cart.py');
    expect(moduleFileOf(l, 'src/shop/api/__init__.py', 1, 'users')).toBe('src/shop/api/users.py');
    expect(moduleFileOf(l, 'src/shop/api/__init__.py', 1, '')).toBe('src/shop/api/__init__.py');
    // beyond the top-level package, third-party names, missing modules of the tree
    expect(moduleFileOf(l, 'src/shop/cart.py', 3, 'x')).toBeNull();
    expect(moduleFileOf(l, 'src/shop/cart.py', 0, 'fastapi')).toBeNull();
    expect(moduleFileOf(l, 'src/shop/cart.py', 0, 'shop.nope')).toBeNull();
    expect(moduleFileOf(l, 'not/a/node.py', 0, 'shop')).toBeNull();
  });

  it('nearby: a name no root holds is found from the file’s directory or one above it', () => {
    // app/ has no __init__.py: its own root; `app.api` is what `uvicorn app.main:app` beside it imports
    const l = layoutOf(['app/main.py', 'app/api/__init__.py', 'app/api/users.py', 'svc/tools/run.py', 'svc/tools/helper.py']);
    expect(moduleFileOf(l, 'app/main.py', 0, 'app.api')).toBeNull();
    expect(moduleFileOf(l, 'app/main.py', 0, 'app.api', true)).toBe('app/api/__init__.py');
    expect(moduleFileOf(l, 'app/main.py', 0, 'app.api.users', true)).toBe('app/api/users.py');
    expect(moduleFileOf(l, 'svc/tools/run.py', 0, 'helper', true)).toBe('svc/tools/helper.py');
    expect(moduleFileOf(l, 'app/main.py', 0, 'app.nope', true)).toBeNull();
    // names a root holds are not looked for elsewhere: a module missing from a package stays missing
    const p = layoutOf(['pkg/__init__.py', 'pkg/a.py', 'other/pkg/b.py']);
    expect(moduleFileOf(p, 'other/pkg/b.py', 0, 'pkg.b', true)).toBeNull();
  });

  it('treeLayout: one layout per file list', () => {
    const tree = { files: ['a/__init__.py', 'a/b.py'], readTextSync: () => '' };
    expect(treeLayout(tree)).toBe(treeLayout(tree));
    expect(treeLayout(tree).moduleNames.get('a/b.py')).toBe('a.b');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts.js';
import { getGraph } from '../../src/graph/index.js';
import { fileFacts } from '../../src/lang/facts.js';
import { allExtensions, isJs, isPython, languageOf, registerLanguage, type Language } from '../../src/lang/index.js';
import { javascript } from '../../src/lang/javascript/index.js';
import { python } from '../../src/lang/python/index.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { tmpRepo } from '../helpers.js';

// Issue 16 item 1: a new language is one object (one folder under src/lang/): extensions, a pure
// reader of one file, a resolver. Registered, its files' imports are in the graph facts.

/** A tiny language: `.fk` files, `use a/b` imports the file a/b.fk, `def x` binds x. */
const fake: Language = {
  name: 'fake',
  extensions: ['.fk'],
  read(_file, text) {
    const imports = [];
    const bindings: string[] = [];
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const m = /^use\s+([\w/]+)/.exec(lines[i]!);
      if (m) imports.push({ line: i + 1, column: 1, kind: 'static' as const, specifier: m[1]! });
      const d = /^def\s+(\w+)/.exec(lines[i]!);
      if (d) bindings.push(d[1]!);
    }
    return { imports, bindings: bindings.sort() };
  },
  resolver(tree) {
    const files = new Set(tree.files);
    return {
      resolve(_from, imp) {
        const to = `${imp.specifier}.fk`;
        return files.has(to) ? { targets: [{ to, specifier: imp.specifier }], unresolved: [] } : { targets: [], unresolved: imp.specifier.startsWith('lib/') ? [imp.specifier] : [] };
      },
      moduleName: (file) => file.replace(/\.fk$/, '').replace(/\//g, '.'),
    };
  },
};

let unregister: (() => void) | undefined;
afterEach(() => unregister?.());

describe('the language registry', () => {
  it('knows the built-in languages by extension', () => {
    expect(languageOf('a/b.py')?.name).toBe('python');
    expect(languageOf('a/b.pyi')?.name).toBe('python');
    expect(languageOf('a/b.tsx')?.name).toBe('javascript');
    expect(languageOf('a/App.vue')?.name).toBe('javascript');
    expect(languageOf('a/b.fk')).toBeNull();
    expect(allExtensions()).toEqual(expect.arrayContaining(['.py', '.pyi', '.ts', '.tsx', '.mjs', '.vue', '.svelte']));
  });

  it('a registered language: its files are nodes, its imports edges of the auto graph, beside Python', async () => {
    unregister = registerLanguage(fake);
    expect(languageOf('x.fk')).toBe(fake);
    expect(() => registerLanguage({ ...fake })).toThrow(/already registered/);
    const dir = tmpRepo({
      'app/main.fk': 'use lib/util\n# use lib/nothing in a comment is not read by this language either\nuse lib/gone\ndef main\n',
      'lib/util.fk': 'use app/main\ndef helper\n',
      'lib/lonely.fk': 'def alone\n',
      'py/a.py': 'import py.b\n',
      'py/b.py': '',
      'py/__init__.py': '',
    });
    const ws = await Workspace.open(dir);
    const ctx = { workspace: ws, facts: new Facts(), log: () => {} };
    const g = await getGraph(ctx, { language: 'auto' });
    expect(g.nodes).toEqual(expect.arrayContaining(['app/main.fk', 'lib/util.fk', 'lib/lonely.fk', 'py/a.py']));
    expect(g.edges.map((e) => `${e.from}:${e.line} -> ${e.to} ${e.kind} ${e.specifier}`)).toEqual([
      'app/main.fk:1 -> lib/util.fk static lib/util',
      'lib/util.fk:1 -> app/main.fk static app/main',
      'py/a.py:1 -> py/b.py static py.b',
    ]);
    expect(g.unresolved).toEqual([{ from: 'app/main.fk', specifier: 'lib/gone', line: 3 }]);
    expect(g.moduleNames?.get('lib/util.fk')).toBe('lib.util');

    // the per-file facts: stored once per file, JSON-serialisable
    const facts = fileFacts(ws).factsOf('lib/util.fk')!;
    expect(JSON.parse(JSON.stringify(facts))).toEqual({
      language: 'fake',
      imports: [{ line: 1, column: 1, kind: 'static', specifier: 'app/main', target: 'app/main.fk' }],
      unresolved: [],
      bindings: ['helper'],
      moduleName: 'lib.util',
    });
    expect(fileFacts(ws).factsOf('lib/util.fk')).toBe(facts);

    // on demand: a scope reads what it selects and what that imports
    const scoped = await getGraph({ ...ctx, facts: new Facts() }, { language: 'auto', scope: (f) => f === 'lib/util.fk' });
    expect(scoped.edges.filter((e) => e.from.endsWith('.fk')).map((e) => e.from)).toEqual(['app/main.fk', 'lib/util.fk']);
  });

  it('the built-in readers are pure: path and text in, JSON out', () => {
    const py = languageOf('a.py')!.read('a.py', 'import os\nfrom .b import c\nif TYPE_CHECKING:\n    from x import Y\nX = 1\nclass K: pass\nasync def f():\n    import z\n');
    expect(py.imports.map((i) => `${i.line} ${i.kind} ${i.specifier}${i.names ? ` [${i.names.join(',')}]` : ''}`)).toEqual(['1 static os', '2 static .b [c]', '4 type-only x [Y]', '8 deferred z']);
    expect(py.bindings).toEqual(['K', 'X', 'f']);
    const js = languageOf('a.ts')!.read(
      'a.ts',
      "import a from './a';\nimport type { T } from '@/types';\nexport { b } from \"./b\";\nconst c = require('./c');\nconst s = 'import x from \"./not\"';\nexport const d = await import('./d');\nimport './side';\n",
    );
    expect(js.imports.map((i) => `${i.line}:${i.column} ${i.kind} ${i.specifier}`)).toEqual([
      '1:1 static ./a',
      '2:1 type-only @/types',
      '3:1 re-export ./b',
      '4:11 require ./c',
      '6:24 dynamic ./d',
      '7:1 static ./side',
    ]);
    expect(js.bindings).toEqual(['a', 'b', 'c', 'd', 's']);
    expect(JSON.parse(JSON.stringify(js))).toEqual(js);
  });
});

describe('isPython and isJs (one Set lookup per file name)', () => {
  it('say what an endsWith test over the language extensions says, for every shape of name', () => {
    const names = ['', ...'a.py a.pyi a.py.bak pkg.py/mod .py x/.py a.PY noext dir/noext . a. a.ts a.d.ts a.tsx a.mjs a.cjs b.vue c.svelte d.json e.ts.orig a/b.c/d.jsx .ts x.mts x.cts'.split(' ')];
    for (const n of names) {
      expect(isPython(n), n).toBe(python.extensions.some((e) => n.endsWith(e)));
      expect(isJs(n), n).toBe(javascript.extensions.some((e) => n.endsWith(e)));
    }
  });
});

import { describe, expect, it } from 'vitest';
import { buildJavaScriptGraph } from '../../src/graph/javascript.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { tmpRepo } from '../helpers.js';

async function graphOf(files: Record<string, string>) {
  const root = tmpRepo(files);
  const ws = await Workspace.open(root);
  const g = await buildJavaScriptGraph(ws, () => {});
  return { g, edges: g.edges.map((e) => `${e.from} -> ${e.to} ${e.kind} @${e.line}:${e.column}`) };
}

const webTsconfig = JSON.stringify({
  compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', strict: true, jsx: 'preserve', baseUrl: '.', paths: { '@/*': ['./src/*'] } },
});

describe('JavaScript graph on dependency-cruiser', () => {
  it('every edge kind, with the line and column of the import statement', async () => {
    const { edges } = await graphOf({
      'web/tsconfig.json': webTsconfig,
      'web/src/a.ts': [
        "import { b } from './b';",
        "import type { T } from './types';",
        "import { OnlyType } from './onlytype';",
        "export * from './reexp';",
        'const x: OnlyType = { v: 1 };',
        "export const lazy = () => import('./dyn');",
        "const r = require('./req');",
        "import { api } from '@/lib/api';",
        "import { decl } from './decl';",
        'export const a = (t: T) => b + api + x.v + decl + r;',
        '',
      ].join('\n'),
      'web/src/b.ts': "import { a } from './a';\nexport const b = 1;\nexport const c = () => a;\n",
      'web/src/types.ts': 'export interface T { v: number }\n',
      'web/src/onlytype.ts': 'export interface OnlyType { v: number }\n',
      'web/src/reexp.ts': 'export const re = 1;\n',
      'web/src/dyn.ts': 'export const d = 1;\n',
      'web/src/req.js': 'module.exports = 1;\n',
      'web/src/decl.d.ts': 'export declare const decl: number;\n',
      'web/src/lib/api.ts': 'export const api = 1;\n',
    });
    expect(edges).toEqual([
      'web/src/a.ts -> web/src/b.ts static @1:1',
      'web/src/a.ts -> web/src/types.ts type-only @2:1',
      'web/src/a.ts -> web/src/onlytype.ts type-only @3:1',
      'web/src/a.ts -> web/src/reexp.ts re-export @4:1',
      'web/src/a.ts -> web/src/dyn.ts dynamic @6:27',
      'web/src/a.ts -> web/src/req.js require @7:11',
      'web/src/a.ts -> web/src/lib/api.ts static @8:1',
      'web/src/a.ts -> web/src/decl.d.ts static @9:1',
      'web/src/b.ts -> web/src/a.ts static @1:1',
    ]);
  });

  it('NodeNext .js specifiers resolve to .ts; a tsconfig per package in a monorepo', async () => {
    const { edges } = await graphOf({
      'packages/pkg/tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }),
      'packages/pkg/src/x.ts': "import { y } from './y.js';\nexport const x = y;\n",
      'packages/pkg/src/y.ts': "import { x } from './x.js';\nexport const y = 1;\nexport const z = () => x;\n",
      'packages/app/tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '~lib/*': ['./lib/*'] } } }),
      'packages/app/main.ts': "import { h } from '~lib/h';\nexport const m = h;\n",
      'packages/app/lib/h.ts': 'export const h = 1;\n',
    });
    expect(edges).toEqual([
      'packages/app/main.ts -> packages/app/lib/h.ts static @1:1',
      'packages/pkg/src/x.ts -> packages/pkg/src/y.ts static @1:1',
      'packages/pkg/src/y.ts -> packages/pkg/src/x.ts static @1:1',
    ]);
  });

  it('type erasure follows TypeScript: inline type specifiers, JSX use, export of an import, verbatimModuleSyntax', async () => {
    const files = {
      'src/a.tsx': [
        "import { type A } from './t1';",
        "import { B } from './t2';",
        "import { C } from './t3';",
        "import { D } from './t4';",
        "import * as E from './t5';",
        'export { D };',
        'export const el = <B />;',
        'let v: C | undefined;',
        'export const e = E.x;',
        'export type Z = A;',
        '',
      ].join('\n'),
      'src/t1.ts': 'export type A = 1;\n',
      'src/t2.tsx': 'export const B = () => null;\n',
      'src/t3.ts': 'export type C = 1;\n',
      'src/t4.ts': 'export const D = 1;\n',
      'src/t5.ts': 'export const x = 1;\n',
    };
    const plain = await graphOf({ ...files, 'tsconfig.json': JSON.stringify({ compilerOptions: { jsx: 'react-jsx' } }) });
    expect(plain.edges).toEqual([
      'src/a.tsx -> src/t1.ts type-only @1:1',
      'src/a.tsx -> src/t2.tsx static @2:1',
      'src/a.tsx -> src/t3.ts type-only @3:1',
      'src/a.tsx -> src/t4.ts static @4:1',
      'src/a.tsx -> src/t5.ts static @5:1',
    ]);
    const verbatim = await graphOf({ ...files, 'tsconfig.json': JSON.stringify({ compilerOptions: { jsx: 'react-jsx', verbatimModuleSyntax: true } }) });
    expect(verbatim.edges.filter((e) => e.includes('static'))).toHaveLength(5);
  });

  it('a repository without JS files has an empty graph and never loads dependency-cruiser', async () => {
    const { g } = await graphOf({ 'a.py': 'import os\n' });
    expect(g).toEqual({ nodes: [], edges: [] });
  });
});

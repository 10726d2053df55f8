import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildJavaScriptGraph } from '../../src/graph/javascript.js';
import { readProjectConfig } from '../../src/graph/tsconfig.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { tmpRepo, tmpDir } from '../helpers.js';

async function config(files: Record<string, string>, file = 'tsconfig.json', packages: Record<string, string> = {}) {
  const root = tmpRepo(files);
  const ws = await Workspace.open(root);
  return readProjectConfig(file, { read: (f) => ws.readTextSync(f), packageDir: (n) => packages[n] });
}

const json = (o: unknown) => JSON.stringify(o);

describe('tsconfig read for the import graph', () => {
  it('follows extends (relative, a package in node_modules, an array), child over base, paths relative to where they are written', async () => {
    const r = await config(
      {
        'base.json': '{ // comments and trailing commas are allowed\n "compilerOptions": { "paths": { "#base/*": ["./lib/*"], }, "verbatimModuleSyntax": true } }',
        'node_modules/@tsconfig/strictest/tsconfig.json': json({ compilerOptions: { strict: true } }),
        'app/tsconfig.json': json({ extends: ['@tsconfig/strictest/tsconfig.json', '../base'], compilerOptions: { baseUrl: '.' } }),
      },
      'app/tsconfig.json',
    );
    expect(r.notices).toEqual([]);
    // baseUrl of the child wins over where the base wrote its paths (TypeScript's rule)
    expect(r.aliases).toEqual([{ name: '#base/*', targets: ['app/lib/*'], exact: false }]);
    expect(r.baseUrl).toBe('app');
    expect(r.keepValueImports).toBe(true);
  });

  it('a missing package, a missing file and a loop are notices; the rest of the chain is used', async () => {
    const r = await config({
      'tsconfig.json': json({ extends: ['expo/tsconfig.base', './nope.json', './a.json'], compilerOptions: { paths: { '@/*': ['./src/*'] } } }),
      'a.json': json({ extends: './tsconfig.json', compilerOptions: { paths: { '~/*': ['./x/*'] } } }),
    });
    expect(r.aliases).toEqual([{ name: '@/*', targets: ['src/*'], exact: false }]);
    expect(r.notices).toEqual([
      'tsconfig.json extends "expo/tsconfig.base", a package that is not installed here (no node_modules, not a workspace package): the import graph uses the rest of its configuration without it.',
      'tsconfig.json extends "./nope.json", which is not a file inside the repository: the import graph uses the rest of its configuration without it.',
      'a.json extends "./tsconfig.json" in a loop: that link is left out.',
    ]);
  });

  it('a workspace package named in extends is read from its folder; ${configDir} is the folder of the config in use', async () => {
    const r = await config(
      {
        'packages/tsconfig/nextjs.json': json({ compilerOptions: { paths: { '@/*': ['${configDir}/src/*'] } } }),
        'apps/web/tsconfig.json': json({ extends: '@acme/tsconfig/nextjs.json' }),
      },
      'apps/web/tsconfig.json',
      { '@acme/tsconfig': 'packages/tsconfig' },
    );
    expect(r.notices).toEqual([]);
    expect(r.aliases).toEqual([{ name: '@/*', targets: ['apps/web/src/*'], exact: false }]);
  });

  it('hostile: an extends or a path that leaves the repository is refused, also through a symbolic link', async () => {
    const outside = tmpDir('la-outside-');
    writeFileSync(path.join(outside, 'tsconfig.json'), json({ compilerOptions: { paths: { 'leak/*': ['/etc/*'] }, baseUrl: '/' } }));
    mkdirSync(path.join(outside, 'pkg'));
    writeFileSync(path.join(outside, 'pkg', 'tsconfig.json'), json({ compilerOptions: { paths: { 'leak2/*': ['./*'] } } }));
    const root = tmpRepo({
      'tsconfig.json': json({
        extends: ['../../../../../../..' + outside + '/tsconfig.json', outside + '/tsconfig.json', './linked.json', 'linkedpkg', './dir/tsconfig.json'],
        compilerOptions: { paths: { 'up/*': ['../../*'], 'ok/*': ['./src/*'] } },
      }),
    });
    symlinkSync(path.join(outside, 'tsconfig.json'), path.join(root, 'linked.json'));
    mkdirSync(path.join(root, 'node_modules'));
    symlinkSync(path.join(outside, 'pkg'), path.join(root, 'node_modules', 'linkedpkg'));
    symlinkSync(path.join(outside, 'pkg'), path.join(root, 'dir'));
    const ws = await Workspace.open(root);
    const r = readProjectConfig('tsconfig.json', { read: (f) => ws.readTextSync(f), packageDir: () => undefined });
    expect(r.aliases).toEqual([{ name: 'ok/*', targets: ['src/*'], exact: false }]);
    expect(r.baseUrl).toBeNull();
    expect(r.notices).toHaveLength(5);
    expect(r.notices.join('\n')).not.toMatch(/leak/);
  });

  it("an installed package behind pnpm's link (inside the repository) is read", async () => {
    const root = tmpRepo({
      'node_modules/.pnpm/expo@52.0.0/node_modules/expo/tsconfig.base.json': json({ compilerOptions: { paths: { '@expo/*': ['./x/*'] } } }),
      'apps/mobile/tsconfig.json': json({ extends: 'expo/tsconfig.base' }),
    });
    mkdirSync(path.join(root, 'apps/mobile/node_modules'), { recursive: true });
    symlinkSync(path.join(root, 'node_modules/.pnpm/expo@52.0.0/node_modules/expo'), path.join(root, 'apps/mobile/node_modules/expo'));
    const ws = await Workspace.open(root);
    const r = readProjectConfig('apps/mobile/tsconfig.json', { read: (f) => ws.readTextSync(f), packageDir: () => undefined });
    expect(r.notices).toEqual([]);
    expect(r.aliases).toEqual([{ name: '@expo/*', targets: ['apps/mobile/node_modules/expo/x/*'], exact: false }]);
  });

  it('a solution-style tsconfig (Vite, create-vue) takes the paths of the configs it references', async () => {
    const r = await config({
      'tsconfig.json': json({ files: [], references: [{ path: './tsconfig.node.json' }, { path: './tsconfig.app.json' }] }),
      'tsconfig.node.json': json({ compilerOptions: { types: ['node'] } }),
      'tsconfig.app.json': json({ compilerOptions: { paths: { '@/*': ['./src/*'] } } }),
    });
    expect(r.aliases).toEqual([{ name: '@/*', targets: ['src/*'], exact: false }]);
  });

  it('ten apps missing the same base are one notice naming the first few', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 10; i++) {
      files[`apps/a${i}/tsconfig.json`] = json({ extends: 'expo/tsconfig.base' });
      files[`apps/a${i}/index.ts`] = 'export const x = 1;\n';
    }
    const g = await buildJavaScriptGraph(await Workspace.open(tmpRepo(files)), () => {});
    expect(g.notices).toEqual([
      '10 configs extend "expo/tsconfig.base", a package that is not installed here (no node_modules, not a workspace package) (apps/a0/tsconfig.json, apps/a1/tsconfig.json, apps/a2/tsconfig.json, and 7 more): the import graph uses the rest of their configuration without it.',
    ]);
  });

  it('a tsconfig that is not JSON is a notice and its folder is still read', async () => {
    const root = tmpRepo({ 'tsconfig.json': '[1, 2', 'a.ts': "import { b } from './b';\nexport const a = b;\n", 'b.ts': 'export const b = 1;\n' });
    const g = await buildJavaScriptGraph(await Workspace.open(root), () => {});
    expect(g.notices).toEqual(['tsconfig.json is not a JSON object: the import graph reads its folder without it.']);
    expect(g.edges.map((e) => `${e.from} -> ${e.to}`)).toEqual(['a.ts -> b.ts']);
  });
});

import { describe, expect, it } from 'vitest';
import type { Depcruise } from '../../src/graph/depcruise.js';
import { loadDepcruise } from '../../src/graph/depcruise.js';
import { cruiseProject } from '../../src/graph/js-cruise.js';
import { packageAliases, workspacePackages } from '../../src/graph/js-packages.js';
import { resolveSpecifier, scriptView } from '../../src/graph/js-sfc.js';
import { buildJavaScriptGraph, JavaScriptGraphs } from '../../src/graph/javascript.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { tmpRepo } from '../helpers.js';

describe('Vue / Svelte script blocks', () => {
  it("keeps the script blocks in place and blanks the rest, so lines and columns are the file's", () => {
    const src = '<template>\n  <p>{{ a }}</p>\n</template>\n<script setup lang="ts">\nimport A from "./A.vue";\n</script>\n<style>p{}</style>\n';
    const v = scriptView('x/C.vue', src);
    expect(v.fileName).toBe('x/C.vue.ts');
    expect(v.text.split('\n')[4]).toBe('import A from "./A.vue";');
    expect(v.text).not.toMatch(/template|style|<p>/);
    expect(v.text.length).toBe(src.length);
  });

  it('a <script src> is an import; two blocks are both read; lang="tsx" wins over a plain block', () => {
    const v = scriptView('C.vue', '<script src="./logic.ts"></script>\n<script>\nimport a from "./a";\n</script>\n<script setup lang="tsx">\nimport b from "./b";\n</script>\n');
    expect(v.srcImports).toEqual([{ specifier: './logic.ts', line: 1, column: 1 }]);
    expect(v.fileName).toBe('C.vue.tsx');
    expect(v.text).toMatch(/import a from "\.\/a";[\s\S]*import b from "\.\/b";/);
  });

  it("resolves with the project's aliases and extensions, never outside the root", () => {
    const root = tmpRepo({ 'src/a/B.vue': '', 'src/util/index.ts': '', 'src/x.ts': '' });
    const spec = { aliases: [{ name: '@/*', targets: ['src/*'], exact: false }], baseUrl: null };
    expect(resolveSpecifier(root, 'src/a/C.vue', './B.vue', spec)).toBe('src/a/B.vue');
    expect(resolveSpecifier(root, 'src/a/C.vue', './B', spec)).toBe('src/a/B.vue');
    expect(resolveSpecifier(root, 'src/a/C.vue', '@/util', spec)).toBe('src/util/index.ts');
    expect(resolveSpecifier(root, 'src/a/C.vue', '@/x.js', spec)).toBe('src/x.ts');
    expect(resolveSpecifier(root, 'src/a/C.vue', '../../../../etc/passwd', spec)).toBeNull();
    expect(resolveSpecifier(root, 'src/a/C.vue', 'vue', spec)).toBeNull();
  });
});

describe('workspace packages', () => {
  const files: Record<string, string> = {
    'pnpm-workspace.yaml': 'packages:\n  - "packages/*"\n',
    'packages/ui/package.json': JSON.stringify({ name: '@acme/ui', exports: { '.': { import: './dist/index.mjs', types: './src/index.ts' }, './icons/*': './src/icons/*.tsx' } }),
    'packages/ui/src/index.ts': '',
    'examples/ui/package.json': JSON.stringify({ name: '@acme/ui', main: 'index.js' }),
    'packages/evil/package.json': JSON.stringify({ name: 'evil', main: '../../../../../etc/passwd', exports: { './x': '../../../etc/x' } }),
  };
  it('a declared workspace names its packages: a fixture named like a real package elsewhere captures nothing', () => {
    const f: Record<string, string> = {
      'package.json': JSON.stringify({ name: 'root', workspaces: ['packages/*'] }),
      'packages/a/package.json': JSON.stringify({ name: '@x/a' }),
      'test/fixtures/react/package.json': JSON.stringify({ name: 'react', main: 'index.js' }),
    };
    const pkgs = workspacePackages(Object.keys(f), (k) => f[k] ?? null);
    expect([...pkgs.keys()].sort()).toEqual(['@x/a', 'root']);
  });

  it('found by name, the declared workspace first; exports conditions types/source first, subpath patterns, src/index fallback; nothing outside', () => {
    const root = tmpRepo(files);
    const read = (f: string) => (Object.hasOwn(files, f) ? files[f]! : null);
    const pkgs = workspacePackages(
      Object.keys(files).filter((f) => f.endsWith('package.json')),
      read,
    );
    expect(pkgs.get('@acme/ui')!.dir).toBe('packages/ui');
    const aliases = packageAliases(pkgs);
    expect(aliases.find((a) => a.name === '@acme/ui')!.targets).toEqual(['packages/ui/src/index.ts', 'packages/ui/dist/index.mjs', 'packages/ui/src/index', 'packages/ui/index']);
    expect(aliases.find((a) => a.name === '@acme/ui/icons/*')!.targets[0]).toBe('packages/ui/src/icons/*.tsx');
    expect(aliases.flatMap((a) => a.targets).some((t) => t.startsWith('..') || t.includes('etc'))).toBe(false);
    expect(root).toBeTruthy();
  });
});

describe('a file dependency-cruiser fails on', () => {
  it('is left out with the reason and the rest is cruised again', async () => {
    const real = await loadDepcruise();
    const root = tmpRepo({ 'a.ts': "import { b } from './b';\nexport const a = b;\n", 'b.ts': "import { a } from './a';\nexport const b = 1;\n", 'bad.ts': 'export const x = 1;\n' });
    const calls: string[][] = [];
    const dc: Depcruise = {
      ...real,
      cruise: async (files, ...rest) => {
        calls.push([...files]);
        if (files.includes('bad.ts')) throw new Error("Extracting dependencies ran afoul of...\n\n  Cannot read properties of undefined (reading 'match')\n... in bad.ts\n\n");
        return real.cruise(files, ...rest);
      },
    };
    const r = await cruiseProject(dc, { root, files: ['a.ts', 'b.ts', 'bad.ts'], resolve: { aliases: [], baseUrl: null }, keepValueImports: false });
    expect(r.skipped).toEqual([{ file: 'bad.ts', reason: "dependency-cruiser could not read it (Cannot read properties of undefined (reading 'match'))" }]);
    expect(r.edges.map((e) => `${e.from} -> ${e.to}`).sort()).toEqual(['a.ts -> b.ts', 'b.ts -> a.ts']);
    expect(calls).toEqual([
      ['a.ts', 'b.ts', 'bad.ts'],
      ['a.ts', 'b.ts'],
    ]);
  });

  it('a question that reads no project and one about a project without tsconfig are not confused', async () => {
    const root = tmpRepo({ 'a.js': "import { b } from './b';\nexport const a = b;\n", 'b.js': 'export const b = 1;\n' });
    const graphs = new JavaScriptGraphs(await Workspace.open(root), () => {});
    expect((await graphs.graph(() => false)).edges).toEqual([]);
    expect((await graphs.graph((f) => f === 'a.js')).edges.map((e) => `${e.from} -> ${e.to}`)).toEqual(['a.js -> b.js']);
  });

  it('JSX in a .js file, a shebang and a Flow file are read, not left out as syntax errors', async () => {
    const root = tmpRepo({
      'src/App.js': "import { b } from './b';\nexport const App = () => <div>{b}</div>;\n",
      'src/cli.js': "#!/usr/bin/env node\nrequire('./b');\n",
      'src/flow.js': "// @flow\nimport { b } from './b';\nexport function f(x: ?string): number { return b; }\n",
      'src/b.js': 'export const b = 1;\n',
    });
    const g = await buildJavaScriptGraph(await Workspace.open(root), () => {});
    expect(g.skipped).toEqual([]);
    expect(g.edges.map((e) => `${e.from} -> ${e.to}`)).toEqual(['src/App.js -> src/b.js', 'src/cli.js -> src/b.js', 'src/flow.js -> src/b.js']);
  });

  it('hostile: nesting deep enough to exhaust a recursive parser, in a source file or a package.json, stops nothing', async () => {
    const root = tmpRepo({
      'package.json': `{"name":"x","workspaces":["p/*"],"deep":${'['.repeat(200_000)}${']'.repeat(200_000)}}`,
      'p/a/package.json': `{"name":"@x/a","exports":${'{"a":'.repeat(50_000)}"x"${'}'.repeat(50_000)}}`,
      'tsconfig.json': `{"compilerOptions":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`,
      'deep.js': `export const d = ${'['.repeat(100_000)}${']'.repeat(100_000)};\n`,
      'a.ts': "import { b } from './b';\nexport const a = b;\n",
      'b.ts': "import { a } from './a';\nexport const b = () => a;\n",
    });
    const g = await buildJavaScriptGraph(await Workspace.open(root), () => {});
    expect(g.edges.map((e) => `${e.from} -> ${e.to}`)).toEqual(['a.ts -> b.ts', 'b.ts -> a.ts']);
    expect(g.notices).toEqual(['tsconfig.json is not a JSON object: the import graph reads its folder without it.']);
  }, 60_000);

  it('component files no reader covers are counted in a notice', async () => {
    const root = tmpRepo({ 'a.ts': 'export const a = 1;\n', 'src/pages/index.astro': '---\nimport A from "../a";\n---\n', 'src/pages/b.astro': '', 'docs/x.mdx': '' });
    const g = await buildJavaScriptGraph(await Workspace.open(root), () => {});
    expect(g.notices).toEqual(['3 source files (2 .astro, 1 .mdx) are in no language the import graph reads: their imports are not edges.']);
  });

  it('a project whose files all fail does not stop the others', async () => {
    const root = tmpRepo({
      'one/tsconfig.json': '{}',
      'one/t.ts': 'import { {{ name }} } from "./{{ mod }}";\n',
      'two/tsconfig.json': '{}',
      'two/a.ts': "import { b } from './b';\nexport const a = b;\n",
      'two/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
    });
    const g = await buildJavaScriptGraph(await Workspace.open(root), () => {});
    expect(g.skipped!.map((s) => s.file)).toEqual(['one/t.ts']);
    expect(g.edges.map((e) => `${e.from} -> ${e.to}`)).toEqual(['two/a.ts -> two/b.ts', 'two/b.ts -> two/a.ts']);
  });
});

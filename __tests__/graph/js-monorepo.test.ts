import { cpSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts.js';
import { getGraph } from '../../src/graph/index.js';
import { buildJavaScriptGraph } from '../../src/graph/javascript.js';
import { adjacency, tangles } from '../../src/graph/algorithms.js';
import { runtimeEdges } from '../../src/graph/types.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { tmpDir } from '../helpers.js';

const FIXTURE = path.resolve(__dirname, '../fixtures/js-monorepo');

/** The fixture copied out of this repository (no git, no node_modules anywhere above it). */
function copy(): string {
  const dir = tmpDir('la-js-monorepo-');
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

describe('the JavaScript graph of a pnpm monorepo without node_modules', async () => {
  const root = copy();
  const ws = await Workspace.open(root);
  const g = await buildJavaScriptGraph(ws, () => {});
  const edges = g.edges.map((e) => `${e.from} -> ${e.to} ${e.kind}`);

  it('workspace packages resolve from their folders: exports conditions, an exports subpath, `source` over a missing build', () => {
    expect(edges).toContain('apps/web/src/app/page.tsx -> packages/ui/src/index.ts static');
    expect(edges).toContain('apps/web/src/components/header.tsx -> packages/ui/src/card.tsx static');
    expect(edges).toContain('apps/web/src/app/page.tsx -> packages/utils/src/index.ts static');
    expect(edges).toContain('apps/mobile/src/screens/home.tsx -> packages/utils/src/index.ts static');
  });

  it('a real cycle across workspace packages is in the graph', () => {
    const t = tangles(adjacency(g.nodes, runtimeEdges(g)));
    expect(t).toContainEqual(['packages/ui/src/button.tsx', 'packages/ui/src/index.ts', 'packages/utils/src/format.ts', 'packages/utils/src/index.ts']);
  });

  it('tsconfig paths hold whatever the extends chain: a workspace config package, an uninstalled one, paths kept in a referenced tsconfig.app.json', () => {
    expect(edges).toContain('apps/web/src/app/page.tsx -> apps/web/src/lib/api.ts static'); // @/lib/api, extends @acme/typescript-config
    expect(edges).toContain('apps/mobile/app/index.tsx -> apps/mobile/src/screens/home.tsx static'); // ~/screens, extends expo/tsconfig.base
    expect(edges).toContain('apps/admin/src/App.vue -> apps/admin/src/stores/todos.ts static'); // @/stores, paths in tsconfig.app.json
  });

  it('an extends that is not installed is a notice naming the config and the link; a workspace config package is no notice', () => {
    expect(g.notices).toEqual([
      expect.stringMatching(/^apps\/admin\/tsconfig\.app\.json extends "@vue\/tsconfig\/tsconfig\.dom\.json", a package that is not installed/),
      expect.stringMatching(/^apps\/mobile\/tsconfig\.json extends "expo\/tsconfig\.base", a package that is not installed/),
    ]);
  });

  it('the Jinja template that does not parse is left out, named with its syntax error; it stays a node', () => {
    expect(g.skipped).toEqual([{ file: 'packages/generator/templates/store.ts', reason: expect.stringMatching(/^syntax error at 1:2: /) }]);
    expect(g.nodes).toContain('packages/generator/templates/store.ts');
  });

  it('Vue and Svelte components are read from their <script> blocks, lines as in the file; a cycle through .vue files', () => {
    const at = g.edges.filter((e) => e.from.endsWith('.vue') || e.from.endsWith('.svelte')).map((e) => `${e.from}:${e.line}:${e.column} -> ${e.to} ${e.kind}`);
    expect(at).toEqual([
      'apps/admin/src/App.vue:2:1 -> apps/admin/src/components/TodoList.vue static',
      'apps/admin/src/App.vue:3:1 -> apps/admin/src/widgets/Counter.svelte static',
      'apps/admin/src/App.vue:4:1 -> apps/admin/src/stores/todos.ts static',
      'apps/admin/src/components/TodoItem.vue:11:1 -> apps/admin/src/components/TodoList.vue static',
      'apps/admin/src/components/TodoItem.vue:12:1 -> apps/admin/src/stores/todos.ts type-only',
      'apps/admin/src/components/TodoList.vue:2:1 -> apps/admin/src/stores/todos.ts type-only',
      'apps/admin/src/components/TodoList.vue:3:1 -> apps/admin/src/components/TodoItem.vue static',
      'apps/admin/src/widgets/Counter.svelte:2:3 -> apps/admin/src/widgets/counter.ts static',
    ]);
    expect(edges).toContain('apps/admin/src/main.ts -> apps/admin/src/App.vue static');
    expect(tangles(adjacency(g.nodes, runtimeEdges(g)))).toContainEqual(['apps/admin/src/components/TodoItem.vue', 'apps/admin/src/components/TodoList.vue']);
  });

  it('a question about apps/web reads only that project; projects read once are shared', async () => {
    const logs: string[] = [];
    const ctx = { workspace: ws, facts: new Facts(), log: (m: string) => logs.push(m) };
    const web = await getGraph(ctx, { language: 'javascript', scope: (f) => f.startsWith('apps/web/') });
    expect(new Set(web.edges.map((e) => e.from.split('/').slice(0, 2).join('/')))).toEqual(new Set(['apps/web']));
    expect(web.notices).toEqual([]);
    expect(web.skipped).toEqual([]);
    expect(web.nodes).toEqual(g.nodes); // every module is a node: a `to` elsewhere still matches
    const all = await getGraph(ctx, { language: 'javascript' });
    expect(all.edges).toEqual(g.edges);
    const again = await getGraph(ctx, { language: 'javascript', scope: (f) => f.startsWith('apps/web/src/lib/') });
    expect(again).toBe(web);
    expect(logs.filter((l) => /^javascript graph: \d+ modules/.test(l))).toHaveLength(2);
  });
});

import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts.js';
import { getGraph } from '../../src/graph/index.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { tmpRepo } from '../helpers.js';

/** Facts that remember which ones were asked for. */
class SpyFacts extends Facts {
  readonly keys: string[] = [];
  override get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    this.keys.push(key);
    return super.get(key, compute);
  }
}

const FILES = {
  'svc/__init__.py': '',
  'svc/a.py': 'X = 1\n',
  'svc/b.py': 'from svc import a\n',
  'web/c.ts': 'export const c = 1;\n',
  'web/d.ts': "import { c } from './c';\nexport const d = c;\n",
  'web/page.astro': '---\nimport { d } from "./d";\n---\n',
};

async function context() {
  const ws = await Workspace.open(tmpRepo(FILES));
  const logs: string[] = [];
  return { workspace: ws, facts: new SpyFacts(), log: (m: string) => logs.push(m), logs };
}

describe('language auto: a graph is built only for the languages the scope selects', () => {
  it('a Python-only scope does not construct the JavaScript graph; its edges and notices are those of the full graph', async () => {
    const ctx = await context();
    const py = await getGraph(ctx, { language: 'auto', scope: (f) => f.startsWith('svc/') });
    expect(ctx.facts.keys.some((k) => k.startsWith('graph:python'))).toBe(true);
    expect(ctx.facts.keys).not.toContain('graph:javascript');
    expect(ctx.logs).toContain('javascript graph: not needed, the scope selects no JavaScript module');
    expect(py.nodes.filter((n) => n.startsWith('web/'))).toEqual([]);

    const full = await getGraph(await context(), { language: 'auto' });
    expect(py.edges).toEqual(full.edges.filter((e) => e.from.startsWith('svc/')));
    expect(py.nodes).toEqual(full.nodes.filter((n) => n.endsWith('.py')));
    expect(full.notices).toHaveLength(1); // the .astro file no reader covers
    expect(py.notices).toEqual(full.notices);
  });

  it('a scope that selects a JavaScript module still builds its graph, with every JavaScript file a node', async () => {
    const ctx = await context();
    const g = await getGraph(ctx, { language: 'auto', scope: (f) => f === 'web/d.ts' });
    expect(ctx.facts.keys).toContain('graph:javascript');
    expect(g.edges.map((e) => `${e.from} -> ${e.to}`)).toEqual(['web/d.ts -> web/c.ts']);
    expect(g.nodes).toEqual(expect.arrayContaining(['web/c.ts', 'web/d.ts', 'svc/a.py']));
  });

  it('no scope (the map, suggest): every language', async () => {
    const ctx = await context();
    await getGraph(ctx, { language: 'auto' });
    expect(ctx.facts.keys).toContain('graph:javascript');
  });
});

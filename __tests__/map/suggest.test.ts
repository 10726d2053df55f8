import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseConfig } from '../../src/config/load.js';
import { openCode, suggestFor } from '../../src/map/api.js';
import { suggestionsYaml } from '../../src/map/suggest-yaml.js';
import { runIn } from '../run.js';
import { sink, tmpRepo, write } from '../helpers.js';

const py = (...imports: string[]) => `${imports.map((m) => `import ${m}\n`).join('')}x = 1\n`;

/** shop/ is layered and acyclic; legacy/ has a cycle, an acyclic tools/ and a one-way plugins/ → core/; web/ is layered. */
const REPO = {
  'shop/__init__.py': '',
  'shop/api/__init__.py': '',
  'shop/api/orders.py': py('shop.services.orders'),
  'shop/api/users.py': py('shop.services.users'),
  'shop/services/__init__.py': '',
  'shop/services/orders.py': py('shop.repos.orders', 'shop.services.users'),
  'shop/services/users.py': py('shop.repos.users'),
  'shop/repos/__init__.py': '',
  'shop/repos/orders.py': py('shop.models'),
  'shop/repos/users.py': py('shop.models'),
  'shop/models.py': `${'x = 1\n'.repeat(130)}`,
  'legacy/__init__.py': '',
  'legacy/a.py': py('legacy.b'),
  'legacy/b.py': py('legacy.a'),
  'legacy/tools/__init__.py': '',
  'legacy/tools/x.py': py('legacy.tools.y'),
  'legacy/tools/y.py': py(),
  'legacy/core/__init__.py': '',
  'legacy/core/base.py': py(),
  'legacy/plugins/__init__.py': '',
  'legacy/plugins/p.py': py('legacy.core.base', 'legacy.a'),
  'web/package.json': '{}',
  'web/lib/fmt.ts': 'export const fmt = (s: string) => s;\n',
  'web/components/A.tsx': 'import { fmt } from "../lib/fmt";\nexport const A = () => fmt("a");\n',
  'web/pages/index.tsx': 'import { A } from "../components/A";\nimport { fmt } from "../lib/fmt";\nexport default () => [A, fmt];\n',
};

describe('suggest', () => {
  it('proposes the rules that hold (acyclic folders, layerings, one-way directions, size limits) and none that are broken', async () => {
    const root = tmpRepo(REPO);
    const list = await suggestFor(await openCode(root), []);
    expect(list.map((s) => `${s.check} ${s.id}`)).toEqual([
      'no-cycles no-cycles-legacy-tools',
      'no-cycles no-cycles-shop',
      'no-cycles no-cycles-web',
      'layers layers-shop',
      'layers layers-web',
      'forbidden-imports legacy-core-not-importing-plugins',
      'max-lines max-lines-legacy-py',
      'max-lines max-lines-shop-py',
      'max-lines max-lines-web-js',
    ]);
    const byId = Object.fromEntries(list.map((s) => [s.id, s]));
    expect(byId['layers-shop']!.options).toEqual({ layers: ['shop/api/**', 'shop/services/**', 'shop/repos/**', 'shop/models.py'], language: 'python' });
    expect(byId['layers-shop']!.reason).toBe('shop/: 4 layers (api/ → services/ → repos/ → models.py) and no import goes upwards today.');
    expect(byId['layers-web']!.options).toEqual({ layers: ['web/pages/**', 'web/components/**', 'web/lib/**'], language: 'javascript' });
    expect(byId['no-cycles-shop']!.reason).toBe('shop/: 11 modules, 7 imports among them, no cycle today.');
    expect(byId['legacy-core-not-importing-plugins']!.options).toEqual({ from: ['legacy/core/**'], to: ['legacy/plugins/**'] });
    expect(byId['max-lines-shop-py']!.options).toEqual({ paths: ['shop/**/*.py'], max: 200 });
    expect(byId['max-lines-shop-py']!.reason).toBe('largest today: shop/models.py (130 lines); nothing grows past 200.');
    // Nothing about what is broken today: legacy/ has a cycle (a.py ↔ b.py), so no no-cycles or layers for it.
    expect(list.some((s) => s.id === 'no-cycles-legacy' || s.id === 'layers-legacy')).toBe(false);
  });

  it('each suggested guardrail passes when run — and catches tomorrow’s regression', async () => {
    const root = tmpRepo(REPO);
    const list = await suggestFor(await openCode(root), []);
    write(root, 'infra/selfcheck/guardrails.yaml', suggestionsYaml(list));
    const today = await runIn(root);
    expect(today.guardrails.filter((g) => g.id !== 'intelligence-map').map((g) => `${g.id} ${g.status}`)).toEqual(list.map((s) => `${s.id} pass`));
    // Tomorrow: the models import the API (upwards, and a cycle), core imports a plugin.
    write(root, 'shop/models.py', `import shop.api.orders\n${'x = 1\n'.repeat(130)}`);
    write(root, 'legacy/core/base.py', py('legacy.plugins.p'));
    const tomorrow = await runIn(root);
    expect(tomorrow.guardrails.filter((g) => g.status === 'fail').map((g) => g.id)).toEqual(['no-cycles-shop', 'layers-shop', 'legacy-core-not-importing-plugins']);
  });

  it('leaves out what the configuration already guards, and never reuses an id', async () => {
    const root = tmpRepo(REPO);
    const existing = [
      { id: 'no-cycles-web', check: 'layers', options: { layers: ['x', 'y'] } },
      { id: 'shop-size', check: 'max-lines', options: { paths: 'shop/**/*.py', max: 500 } },
      { id: 'shop-cycles', check: 'no-cycles', options: { paths: ['shop/**'], language: 'python' } },
    ];
    const ids = (await suggestFor(await openCode(root), existing)).map((s) => s.id);
    expect(ids).not.toContain('max-lines-shop-py');
    expect(ids).not.toContain('no-cycles-shop');
    expect(ids).toContain('no-cycles-web-2');
  });

  it('the CLI prints a guardrails file the loader accepts, each item with its reason, after running it', async () => {
    const root = tmpRepo(REPO);
    const out = sink();
    const err = sink();
    const code = await main(['suggest', '--root', root], { stdout: out.stream, stderr: err.stream, cwd: path.dirname(root), env: {}, isTTY: false });
    expect(code, err.text()).toBe(0);
    const yaml = out.text();
    expect(yaml).toMatch(/^# Suggested by living-architecture suggest: 2 built-in default guardrails and 9 guardrails that hold today \(each one run and passing\)\.\n/);
    expect(yaml).toContain(
      '  # shop/: 4 layers (api/ → services/ → repos/ → models.py) and no import goes upwards today.\n  - id: layers-shop\n    title: "The parts of shop/ import only downwards"\n    check: layers\n    layers:\n      - "shop/api/**"\n',
    );
    const config = parseConfig(yaml, 'suggested.yaml', 'suggested.yaml');
    expect(config.guardrails).toHaveLength(11); // the 2 built-in defaults are kept
    expect(err.text()).toBe('');
  });

  it('never claims "no cycle today" for a folder whose imports it could not all resolve: it says so instead', async () => {
    // app/data/source/: two modules, an import between them, and two imports of repository modules that were not found
    const root = tmpRepo({
      'pyproject.toml': '',
      'app/__init__.py': '',
      'app/data/source/registry.py': 'from app.data.source.base import Source\nfrom app.data.source.gone import x\n',
      'app/data/source/base.py': 'from app.data.source.providers.missing import y\n',
      'app/data/source/providers/__init__.py': '',
    });
    const notes: string[] = [];
    const list = await suggestFor(await openCode(root), [], notes);
    expect(list.filter((s) => s.check === 'no-cycles').map((s) => s.id)).toEqual([]);
    expect(notes).toEqual([
      "app/: no cycle among the imports that were resolved, but 2 imports of its modules name repository modules that were not found (e.g. app/data/source/base.py:1 'app.data.source.providers.missing'), so no-cycles is not suggested there; set python-roots if the source roots are wrong.",
    ]);
    const err = sink();
    expect(await main(['suggest', '--root', root, '--no-verify'], { stdout: sink().stream, stderr: err.stream, cwd: root, env: {}, isTTY: false })).toBe(0);
    expect(err.text()).toContain('notice: app/: no cycle among the imports that were resolved, but 2 imports');
  });
});

/**
 * The map checks at the size of a big monorepo (issue 13, item 9): lookups are by key and by
 * folder, never a scan per entry. Tests assert the outcome (every finding, at its own line), not
 * the time.
 */
import { describe, expect, it } from 'vitest';
import { parseJsonDoc } from '../../src/map/json-doc.js';
import { claims } from '../../src/map/modules.js';
import { runOn } from '../run.js';
import { MAP_PATH } from './fixture.js';

describe('map checks on a big map', () => {
  it('10,000 missing modules and 2,000 unknown references: every one reported at its own line', async () => {
    const modules: Record<string, { goals: string[] }> = {};
    for (let i = 0; i < 10_000; i++) modules[`svc/p${i % 50}/m${i}.py`] = { goals: ['core'] };
    const truths = Array.from({ length: 2000 }, (_, i) => ({ id: `t${i}`, guardrails: [`missing-${i}`] }));
    const text = `${JSON.stringify({ version: 1, modules, goals: { core: { title: 'Core' } }, truths }, null, 2)}\n`;
    const { report } = await runOn({ [MAP_PATH]: text, 'svc/p1/m1.txt': 'x\n' }, 'version: 1\nguardrails: []\n', { only: ['intelligence-map'] });
    const missing = report.findings.filter((f) => f.ruleId === 'intelligence-map/missing-module');
    const unknown = report.findings.filter((f) => f.ruleId === 'intelligence-map/unknown-reference');
    expect(missing).toHaveLength(10_000);
    expect(unknown).toHaveLength(2000);
    const lines = text.split('\n');
    const m = missing.find((f) => f.properties?.module === 'svc/p7/m9357.py')!;
    expect(lines[m.line - 1]).toContain('"svc/p7/m9357.py"');
    const u = unknown.find((f) => f.properties?.id === 'missing-1999')!;
    expect(lines[u.line - 1]).toContain('"missing-1999"');
    // A hint costs a pass over the known ids: the first ones get it, the rest do not.
    expect(unknown.filter((f) => /Did you mean|Known:/.test(f.message)).length).toBeLessThanOrEqual(100);
  });
});

describe('positions and claims by index', () => {
  it('at and keyAt find values and keys by path, and fall back to the deepest node that exists', () => {
    const text = '{\n  "a": {\n    "b": [1, {"c": 2}]\n  },\n  "d": 3\n}\n';
    const doc = parseJsonDoc(text, 'x.json', 'x.json');
    expect(doc.at(['a', 'b', 1, 'c'])).toMatchObject({ line: 3, column: 20 });
    expect(doc.keyAt(['a', 'b'])).toMatchObject({ line: 3, column: 5 });
    expect(doc.keyAt(['d'])).toMatchObject({ line: 5, column: 3 });
    expect(doc.at(['a', 'nope', 'x'])).toMatchObject({ line: 2, column: 8 });
    expect(doc.at([])).toMatchObject({ line: 1, column: 1 });
  });

  it('globs are grouped by their folder and still match files anywhere below it, in map order', () => {
    const c = claims({
      version: 1,
      modules: {
        'web/**/*.ts': { goals: ['w'] },
        '**/*.py': { goals: ['py'] },
        'backend/api/*.py': { goals: ['api'] },
        'backend/': { goals: ['b'] },
        './backend/api/x.py': { goals: ['x'] },
        '{a,b}/*.py': { goals: ['ab'] },
      },
    });
    expect(c.entriesOf('backend/api/x.py')).toEqual(['./backend/api/x.py', 'backend/', '**/*.py', 'backend/api/*.py']);
    expect(c.goalsOf('backend/api/x.py')).toEqual(['api', 'b', 'py', 'x']);
    expect(c.entriesOf('web/src/deep/a.ts')).toEqual(['web/**/*.ts']);
    expect(c.entriesOf('a/z.py')).toEqual(['**/*.py', '{a,b}/*.py']);
    expect(c.anyFile('web/**/*.ts', ['x.py', 'web/a/b.ts'])).toBe(true);
    expect(c.anyFile('web/**/*.rb', ['x.py', 'web/a/b.ts'])).toBe(false);
    expect(c.filesOf('backend', ['backend/a.py', 'backendx/b.py', 'backend/c/d.py'])).toEqual(['backend/a.py', 'backend/c/d.py']);
  });
});

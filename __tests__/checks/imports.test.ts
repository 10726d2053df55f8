import { describe, expect, it } from 'vitest';
import { runOn } from '../run.js';

const ts = JSON.stringify({ compilerOptions: { strict: true, baseUrl: '.', paths: { '@/*': ['./*'] } } });
const files = {
  'tsconfig.json': ts,
  'components/List.tsx': "import { Row } from './Row';\nexport const List = () => Row;\n",
  'components/Row.tsx': "import { List } from '@/components/List';\nexport const Row = () => List;\n",
  'components/Badge.tsx': "import { GET } from '@/app/api/health/route';\nexport const Badge = GET;\n",
  'app/api/health/route.ts': 'export async function GET() { return 1; }\n',
  'types/a.ts': "import type { B } from './b';\nexport interface A { b: B }\n",
  'types/b.ts': "import type { A } from './a';\nexport interface B { a: A }\n",
  'lib/db.ts': "import { breaker } from './breaker';\nexport const db = breaker;\n",
  'lib/cache.ts': 'export const cache = 1;\n',
  'lib/breaker.ts': 'export const breaker = 1;\n',
  'x/p.ts': "import { q } from './q';\nexport const p = q;\n",
  'x/q.ts': "import { r } from './r';\nexport const q = r;\n",
  'x/r.ts': "import { p } from './p';\nexport const r = p;\n",
};

describe('no-cycles', () => {
  it('one finding per tangle, type-only cycles ignored by default, at the first import of the cycle', async () => {
    const { report } = await runOn(files, 'version: 1\nguardrails:\n  - id: nc\n    check: no-cycles\n');
    expect(report.findings.map((f) => [f.file, f.line, f.properties!.cycle, f.properties!.members])).toEqual([
      ['components/List.tsx', 1, ['components/List.tsx', 'components/Row.tsx'], ['components/List.tsx', 'components/Row.tsx']],
      ['x/p.ts', 1, ['x/p.ts', 'x/q.ts', 'x/r.ts'], ['x/p.ts', 'x/q.ts', 'x/r.ts']],
    ]);
    expect(report.findings[1]!.message).toBe('Import cycle: x/p.ts → x/q.ts → x/r.ts → x/p.ts (3 modules). Best import to cut: x/p.ts:1 imports x/q.ts.');
  });

  it('type-only cycles are reported with ignore-type-only: false', async () => {
    const { report } = await runOn(files, 'version: 1\nguardrails:\n  - id: nc\n    check: no-cycles\n    ignore-type-only: false\n    paths: [types]\n');
    expect(report.findings.map((f) => f.properties!.members)).toEqual([['types/a.ts', 'types/b.ts']]);
  });

  it('paths restrict the graph; two guardrails share one graph', async () => {
    const yaml = 'version: 1\nguardrails:\n  - id: one\n    check: no-cycles\n    paths: [x]\n  - id: two\n    check: no-cycles\n    paths: [components]\n';
    const logs: string[] = [];
    const { report } = await runOn(files, yaml, { log: (m) => logs.push(m) });
    expect(report.findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual(['one x/p.ts', 'two components/List.tsx']);
    expect(logs.filter((l) => /^javascript graph: \d+ modules, \d+ imports/.test(l))).toHaveLength(1);
  });
});

describe('forbidden-imports, layers, required-imports', () => {
  it('forbidden-imports: at the import, with except', async () => {
    const yaml = `version: 1
guardrails:
  - id: no-api-in-components
    check: forbidden-imports
    from: ["components/**"]
    to: ["app/api/**"]
  - id: exempted
    check: forbidden-imports
    from: ["components/**"]
    to: ["app/api/**"]
    except: ["components/Badge.tsx"]
`;
    const { report } = await runOn(files, yaml);
    expect(report.findings.map((f) => [f.ruleId, f.file, f.line])).toEqual([['no-api-in-components', 'components/Badge.tsx', 1]]);
    expect(report.findings[0]!.message).toMatch(/components\/Badge.tsx imports app\/api\/health\/route.ts \(`@\/app\/api\/health\/route`\)/);
  });

  it('layers: a lower layer importing a higher one is a finding at the import', async () => {
    const yaml = 'version: 1\nguardrails:\n  - id: layers\n    check: layers\n    layers: ["app", "components", "lib"]\n';
    const extra = { 'lib/cache.ts': "import { List } from '../components/List';\nexport const cache = List;\n" };
    const { report } = await runOn({ ...files, ...extra }, yaml);
    expect(report.findings.map((f) => [f.file, f.line, f.message])).toEqual([
      ['components/Badge.tsx', 1, 'components/Badge.tsx (layer 2: components) imports app/api/health/route.ts (layer 1: app): a layer may only import the layers below it.'],
      ['lib/cache.ts', 1, 'lib/cache.ts (layer 3: lib) imports components/List.tsx (layer 2: components): a layer may only import the layers below it.'],
    ]);
  });

  it('required-imports: modules that do not import what they must', async () => {
    const yaml = 'version: 1\nguardrails:\n  - id: breaker\n    check: required-imports\n    from: ["lib/db.ts", "lib/cache.ts"]\n    to: ["lib/breaker.ts"]\n';
    const { report } = await runOn(files, yaml);
    expect(report.findings.map((f) => [f.file, f.line])).toEqual([['lib/cache.ts', 1]]);
  });

  it('required-imports: a from that matches nothing is itself a finding at the guardrail', async () => {
    const yaml = 'version: 1\nguardrails:\n  - id: breaker\n    check: required-imports\n    from: ["lib/nothing.ts"]\n    to: ["lib/breaker.ts"]\n';
    const { report } = await runOn(files, yaml);
    expect(report.findings.map((f) => [f.file, f.line])).toEqual([['infra/selfcheck/guardrails.yaml', 5]]);
  });
});

describe('a module pattern that matches nothing is a finding, not a silent pass', () => {
  it('layers, forbidden-imports from, no-cycles paths', async () => {
    const yaml = `version: 1
guardrails:
  - id: layers
    check: layers
    layers: ["app", "componets", "lib"]
  - id: forbidden
    check: forbidden-imports
    from: ["component/**"]
    to: ["app/api/**"]
  - id: cycles
    check: no-cycles
    paths: ["frontend/**"]
`;
    const { report } = await runOn(files, yaml);
    expect(report.findings.map((f) => [f.ruleId, f.file, f.line, f.message])).toEqual([
      ['cycles', 'infra/selfcheck/guardrails.yaml', 12, "'paths' (frontend/**) matches no module of the import graph, so this guardrail proves nothing: check the glob or module name."],
      ['forbidden', 'infra/selfcheck/guardrails.yaml', 8, "'from' (component/**) matches no module of the import graph, so this guardrail proves nothing: check the glob or module name."],
      ['layers', 'infra/selfcheck/guardrails.yaml', 5, 'Layer 2 (componets) matches no module of the import graph, so this guardrail proves nothing: check the glob or module name.'],
    ]);
  });
});

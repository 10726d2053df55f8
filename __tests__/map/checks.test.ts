import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { toSarif } from '../../src/report/sarif.js';
import { toSummary } from '../../src/report/summary.js';
import type { Finding } from '../../src/types.js';
import { runOn } from '../run.js';
import { APP, GOOD_MAP, GUARDRAILS, MAP_PATH, SLOS, SLO_PATH, lineOf, mapText } from './fixture.js';

type Map = typeof GOOD_MAP & Record<string, unknown>;
const clone = (): Map => JSON.parse(JSON.stringify(GOOD_MAP)) as Map;

async function mapFindings(map: object, extra: Record<string, string> = {}, yaml = GUARDRAILS, only?: string[]): Promise<{ findings: Finding[]; text: string; all: Finding[] }> {
  const text = mapText(map);
  const { report } = await runOn({ ...APP, [MAP_PATH]: text, [SLO_PATH]: SLOS, ...extra }, yaml, only ? { only } : {});
  return { findings: report.findings.filter((f) => f.ruleId.startsWith('intelligence-map/')), text, all: report.findings };
}

const brief = (f: Finding) => `${f.ruleId.replace('intelligence-map/', '')} ${f.level} ${f.file}:${f.line}`;

describe('intelligence map checks', () => {
  it('a map that tells the truth passes, and the run says what it looked at', async () => {
    const { report } = await runOn({ ...APP, [MAP_PATH]: mapText(GOOD_MAP), [SLO_PATH]: SLOS }, GUARDRAILS);
    expect(report.findings).toEqual([]);
    const map = report.guardrails.find((g) => g.id === 'intelligence-map')!;
    expect(map).toMatchObject({ status: 'pass', check: 'intelligence-map', audit: MAP_PATH, findings: 0 });
    expect(map.detail).toBe('5 module entries; 3 critical paths; 10 references; 6 source modules; 1 done item');
    expect(report.rules.map((r) => r.id)).toEqual([
      'intelligence-map/missing-module',
      'intelligence-map/missing-route',
      'intelligence-map/regressed',
      'intelligence-map/unknown-reference',
      'intelligence-map/unmapped-module',
      'slo-monitors/missing-route',
    ]);
  });

  it('missing-module: a module entry (file, folder or glob) or a resilience module that names nothing, at its own line', async () => {
    const m = clone();
    Object.assign(m.modules, { 'backend/legacy_auth.py': { goals: ['auth'] }, 'backend/gone/': { goals: ['auth'] }, 'backend/**/*.rb': { goals: ['data'] }, 'backend/tests/': { goals: ['data'] } });
    m.resilience[0]!.modules.push('backend/old_db.py');
    const { findings, text } = await mapFindings(m);
    expect(findings.map(brief)).toEqual([
      `missing-module warning ${MAP_PATH}:${lineOf(text, '"backend/legacy_auth.py"')}`,
      `missing-module warning ${MAP_PATH}:${lineOf(text, '"backend/gone/"')}`,
      `missing-module warning ${MAP_PATH}:${lineOf(text, '"backend/**/*.rb"')}`,
      `missing-module warning ${MAP_PATH}:${lineOf(text, '"backend/old_db.py"')}`,
    ]);
    expect(findings[0]!.message).toBe('Module backend/legacy_auth.py does not exist (it serves auth). Remove the entry or correct its path.');
    expect(findings[0]!.goals).toEqual(['auth']);
    expect(findings[3]!.message).toBe('Module backend/old_db.py of resilience "db" does not exist.');
  });

  it('missing-module says where a file of the same name went', async () => {
    const m = clone();
    Object.assign(m.modules, { 'backend/auth/users.py': { goals: ['auth'] } });
    const { findings } = await mapFindings(m);
    expect(findings.map((f) => f.message)).toEqual(['Module backend/auth/users.py does not exist (it serves auth). Moved? Same name: backend/users.py. Remove the entry or correct its path.']);
  });

  it('missing-route: a critical path no route serves, at its line, with the nearest routes; parameter names and prefixes do not matter', async () => {
    const m = clone();
    m.goals.auth.criticalPaths.push('POST /api/auth/refresh', 'GET /api/users/:uid');
    const { findings, text } = await mapFindings(m);
    expect(findings.map(brief)).toEqual([`missing-route error ${MAP_PATH}:${lineOf(text, 'POST /api/auth/refresh')}`]);
    expect(findings[0]!.message).toBe(
      'Critical path POST /api/auth/refresh of goal "auth" is not a route in the code; nearest: POST /api/auth/login (backend/main.py:7), GET /api/users/{user_id} (backend/users.py:4), GET /health (backend/main.py:5).',
    );
    expect(findings[0]).toMatchObject({ goals: ['auth'], properties: { goal: 'auth', criticalPath: 'POST /api/auth/refresh' } });
  });

  it('unknown-reference: guardrails, SLOs and goals that exist nowhere — in the map and in the guardrails’ own goals', async () => {
    const m = clone();
    m.goals.data = { ...m.goals.data, slos: ['data-consistency'] } as never;
    m.truths.push({ id: 'layers', statement: 'layered', guardrails: ['backend-layers', 'size'] });
    Object.assign(m.modules, { 'backend/cache.py': { purpose: 'cache', goals: ['data', 'billing'] } });
    const yaml = GUARDRAILS.replace('goals: [data]', 'goals: [data, dat]');
    const { findings, text } = await mapFindings(m, {}, yaml);
    expect(findings.map(brief)).toEqual([
      'unknown-reference warning infra/selfcheck/guardrails.yaml:4',
      `unknown-reference warning ${MAP_PATH}:${lineOf(text, '"billing"')}`,
      `unknown-reference warning ${MAP_PATH}:${lineOf(text, '"data-consistency"')}`,
      `unknown-reference warning ${MAP_PATH}:${lineOf(text, '"backend-layers"')}`,
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      `Guardrail "size" names goal "dat", which ${MAP_PATH} does not define. Did you mean "data"?`,
      'Module backend/cache.py refers to goal "billing", which the map’s goals do not define. Known: auth, data.',
      `Goal "data" refers to SLO "data-consistency", which ${SLO_PATH} does not define. Known: availability.`,
      'Truth "layers" refers to guardrail "backend-layers", which is not a guardrail of infra/selfcheck/guardrails.yaml. Known: size.',
    ]);
    expect(findings[0]!.column).toBe(19);
  });

  it('unknown-reference: SLO references are not judged when there is no SLO file', async () => {
    const m = clone();
    m.goals.data = { ...m.goals.data, slos: ['data-consistency'] } as never;
    const { report } = await runOn({ ...APP, [MAP_PATH]: mapText(m) }, GUARDRAILS);
    expect(report.findings).toEqual([]);
    expect(report.notices).toContain(`No SLO monitors file at ${SLO_PATH}: the SLO checks were skipped.`);
  });

  it('unmapped-module: source modules no goal claims; tests, migrations, generated files, tool config and empty package markers are not modules', async () => {
    const m = clone();
    delete (m.modules as Record<string, unknown>)['web/'];
    Object.assign(m.modules, { 'web/lib/': { purpose: 'helpers' } });
    const { findings } = await mapFindings(m);
    expect(findings.map(brief)).toEqual(['unmapped-module warning web/components/List.tsx:1', 'unmapped-module warning web/lib/api.ts:1']);
    expect(findings[0]!.message).toBe(`web/components/List.tsx is a source module that no goal claims: add it to ${MAP_PATH} ("modules") with the goals it serves, or list it in checks.ignore.`);
    expect(findings[1]!.message).toBe('web/lib/api.ts is a source module that no goal claims: its map entry "web/lib/" lists no goals.');
    const ignored = await mapFindings({ ...m, checks: { ignore: ['web/**'] } });
    expect(ignored.findings).toEqual([]);
  });

  it('regressed: a done item whose guardrail fails, at its item line; planned items and passing guardrails are fine', async () => {
    const m = clone();
    m.evolution.shortTerm = [{ item: 'Split main', status: 'planned', guardrails: ['size'] }] as never;
    const big = { 'backend/main.py': `${APP['backend/main.py']}${'x = 1\n'.repeat(120)}` };
    const { findings, text } = await mapFindings(m, big);
    expect(findings.map(brief)).toEqual([`regressed error ${MAP_PATH}:${lineOf(text, '"item": "Keep files small"')}`]);
    expect(findings[0]!.message).toBe('Evolution item "Keep files small" (immediate) is marked done, but its guardrail fails: size (1 finding).');
    expect(findings[0]).toMatchObject({ goals: ['data'], properties: { failing: ['size'], phase: 'immediate' } });
    // Only the guardrails that ran are judged: with --only intelligence-map, `size` did not run.
    const only = await mapFindings(m, big, GUARDRAILS, ['intelligence-map']);
    expect(only.all).toEqual([]);
  });

  it('levels can be changed or turned off in the map', async () => {
    const m = clone();
    Object.assign(m.modules, { 'backend/legacy_auth.py': { goals: ['auth'] } });
    m.goals.auth.criticalPaths.push('POST /api/auth/refresh');
    const { findings } = await mapFindings({ ...m, checks: { levels: { 'missing-module': 'error', 'missing-route': 'off' } } });
    expect(findings.map((f) => `${f.ruleId} ${f.level}`)).toEqual(['intelligence-map/missing-module error']);
  });

  it('only: intelligence-map runs the map checks alone; other ids leave them out; a missing map is a notice', async () => {
    const m = clone();
    Object.assign(m.modules, { 'backend/legacy_auth.py': { goals: ['auth'] } });
    const files = { ...APP, [MAP_PATH]: mapText(m), [SLO_PATH]: SLOS };
    const a = (await runOn(files, GUARDRAILS, { only: ['intelligence-map'] })).report;
    expect(a.guardrails.map((g) => g.id)).toEqual(['intelligence-map']);
    expect(a.findings.map((f) => f.ruleId)).toEqual(['intelligence-map/missing-module']);
    const b = (await runOn(files, GUARDRAILS, { only: ['size'] })).report;
    expect(b.guardrails.map((g) => g.id)).toEqual(['size']);
    const c = (await runOn(files, GUARDRAILS, { only: ['slo-monitors'] })).report;
    expect(c.guardrails.map((g) => `${g.id} ${g.status}`)).toEqual(['slo-monitors pass']);
    await expect(runOn(files, GUARDRAILS, { only: ['intelligence-mop'] })).rejects.toMatchObject({ hint: "did you mean 'intelligence-map'?" });
    const d = (await runOn(APP, GUARDRAILS)).report;
    expect(d.notices).toContain(`No intelligence map at ${MAP_PATH}: the map checks were skipped (\`living-architecture map generate\` writes one).`);
    expect(d.guardrails.map((g) => g.id)).toEqual(['size']);
  });

  it('a present but invalid map stops the run with file, line and column', async () => {
    const bad = mapText(GOOD_MAP).replace('"purpose": "users"', '"purpose": 42');
    await expect(runOn({ ...APP, [MAP_PATH]: bad }, GUARDRAILS)).rejects.toMatchObject({
      file: MAP_PATH,
      line: lineOf(bad, '"purpose": 42'),
      column: 18,
      message: `'modules["backend/users.py"].purpose' must be a string, not 42`,
    });
    await expect(runOn(APP, GUARDRAILS, { map: { path: '/nonexistent/map.json', display: 'map.json', explicit: true } })).rejects.toThrow('intelligence map not found');
  });
});

describe('business goals on every finding', () => {
  const big = `${APP['backend/main.py']}${'x = 1\n'.repeat(120)}`;

  it('a finding in a mapped file carries the goals of its entry (or of a folder above it), beside the guardrail’s own', async () => {
    const yaml = `${GUARDRAILS}  - id: no-fetch\n    check: pattern\n    paths: ["web/**"]\n    forbid: 'fetch\\('\n`;
    const { report } = await runOn({ ...APP, 'backend/main.py': big, [MAP_PATH]: mapText(GOOD_MAP), [SLO_PATH]: SLOS }, yaml);
    const byRule = Object.fromEntries(report.findings.map((f) => [f.ruleId, f.goals]));
    expect(byRule).toEqual({ size: ['auth', 'data'], 'no-fetch': ['data'], 'intelligence-map/regressed': ['data'] });
    const sarif = JSON.parse(toSarif(report, { category: 'x' }).json);
    const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'size');
    expect(result.properties.businessGoals).toEqual(['auth', 'data']);
    // The map's rules are declared under their own ids, and the whole file is valid SARIF 2.1.0.
    const regressed = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'intelligence-map/regressed');
    expect(sarif.runs[0].tool.driver.rules[regressed.ruleIndex]).toMatchObject({
      id: 'intelligence-map/regressed',
      shortDescription: { text: 'An evolution item marked done keeps its guardrails passing' },
      defaultConfiguration: { level: 'error' },
    });
    expect(regressed.locations[0].physicalLocation).toMatchObject({ artifactLocation: { uri: MAP_PATH }, region: { startLine: lineOf(mapText(GOOD_MAP), '"item": "Keep files small"') } });
    const ajv = new Ajv({ strict: false, allErrors: true });
    (addFormats as unknown as (a: Ajv) => void)(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(new URL('../fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8')));
    expect(validate(sarif), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('"At risk" lists each endangered goal with its failing guardrails and finding counts, most severe first', async () => {
    const m = clone();
    Object.assign(m.modules, { 'backend/legacy_auth.py': { goals: ['auth'] } });
    const { report } = await runOn({ ...APP, 'backend/main.py': big, [MAP_PATH]: mapText(m), [SLO_PATH]: SLOS }, GUARDRAILS);
    expect(report.goals).toEqual([
      { id: 'data', title: 'Data', level: 'error', counts: { error: 2, warning: 0, note: 0 }, guardrails: ['intelligence-map', 'size'] },
      { id: 'auth', title: 'Authentication', level: 'error', counts: { error: 1, warning: 1, note: 0 }, guardrails: ['size', 'intelligence-map'] },
    ]);
    const md = toSummary(report);
    expect(md).toContain('### At risk');
    expect(md).toContain('| 🔴 | **Data**<br>`data` | `intelligence-map`, `size` | 2 errors |');
    expect(md).toContain('| 🔴 | **Authentication**<br>`auth` | `size`, `intelligence-map` | 1 error, 1 warning |');
    expect(md.indexOf('### At risk')).toBeLessThan(md.indexOf('<details'));
  });
});

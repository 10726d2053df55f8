import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { SARIF_LIMITS, toSarif } from '../../src/report/sarif.js';
import type { Finding, Report } from '../../src/types.js';
import { runOn } from '../run.js';

const schema = JSON.parse(readFileSync(new URL('../fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true });
(addFormats as unknown as (a: Ajv) => void)(ajv);
const validate = ajv.compile(schema);

function assertValidSarif(json: string): void {
  const ok = validate(JSON.parse(json));
  if (!ok) throw new Error(`invalid SARIF: ${ajv.errorsText(validate.errors)}`);
}

const files = {
  'backend/main.py': 'print(1)\n'.repeat(5),
  'src/my file é.ts': 'print(2)\n',
};
const yaml = `version: 1
guardrails:
  - id: no-print
    title: No print debugging
    severity: warning
    rationale: Use the logger.
    audit: docs/audit/EXEC_SUMMARY.md#print
    goals: [observability]
    check: pattern
    paths: ["**/*.py", "**/*.ts"]
    forbid: 'print\\('
  - id: size
    check: max-lines
    max: 3
    paths: ["backend/**"]
`;

describe('SARIF', () => {
  it('is valid against the official SARIF 2.1.0 schema and has the documented shape', async () => {
    const { report } = await runOn(files, yaml);
    const { json, truncated } = toSarif(report, { category: 'living-architecture', links: { repository: 'o/r', sha: 'abc', serverUrl: 'https://github.com' } });
    assertValidSarif(json);
    expect(truncated).toBe(0);
    const log = JSON.parse(json);
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('living-architecture');
    expect(run.automationDetails.id).toBe('living-architecture/');
    const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'no-print');
    expect(rule).toMatchObject({
      shortDescription: { text: 'No print debugging' },
      fullDescription: { text: 'Use the logger.' },
      helpUri: 'https://github.com/o/r/blob/abc/docs/audit/EXEC_SUMMARY.md#print',
      defaultConfiguration: { level: 'warning' },
    });
    expect(rule.properties.tags).toContain('check:pattern');
    const r0 = run.results.find((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0].physicalLocation.artifactLocation.uri.startsWith('src/'));
    expect(r0.locations[0].physicalLocation.artifactLocation.uri).toBe('src/my%20file%20%C3%A9.ts');
    expect(r0.properties.businessGoals).toEqual(['observability']);
    expect(Object.keys(r0.partialFingerprints)).toEqual(['livingArchitecture/v1']);
    expect(run.results).toHaveLength(7);
  });

  it('is byte-identical for identical input', async () => {
    const a = await runOn(files, yaml);
    const b = await runOn(files, yaml);
    a.report.durationMs = 1;
    b.report.durationMs = 2;
    expect(toSarif(a.report, { category: 'c' }).json).toBe(toSarif(b.report, { category: 'c' }).json);
  });

  it('fingerprints survive lines moving', async () => {
    const a = await runOn({ 'a.py': 'x\nprint(1)\n' }, yaml);
    const b = await runOn({ 'a.py': '"""doc"""\n\n\nx\nprint(1)\n' }, yaml);
    const fp = (r: Report) => JSON.parse(toSarif(r, { category: 'c' }).json).runs[0].results.map((x: { partialFingerprints: object }) => x.partialFingerprints);
    expect(fp(b.report)).toEqual(fp(a.report));
  });

  it('stays within GitHub upload limits: more than 25,000 results are truncated, most severe kept, with a notification', async () => {
    const { report } = await runOn({ 'a.py': 'x\n' }, yaml);
    const many: Finding[] = [];
    for (let i = 0; i < 26_000; i++) many.push({ ruleId: 'size', level: i < 100 ? 'error' : 'note', file: `f${i}.py`, line: 1, message: `m${i}`, identity: String(i), fingerprint: String(i) });
    report.findings = many;
    const { json, truncated } = toSarif(report, { category: 'c' });
    expect(truncated).toBe(1000);
    const run = JSON.parse(json).runs[0];
    expect(run.results).toHaveLength(SARIF_LIMITS.results);
    expect(run.results.filter((r: { level: string }) => r.level === 'error')).toHaveLength(100);
    expect(run.invocations[0].toolExecutionNotifications[0].message.text).toMatch(/1000 of 26000 results were left out/);
    assertValidSarif(json);
  });

  it('stays under 10 MB gzipped even with huge messages', async () => {
    const { report } = await runOn({ 'a.py': 'x\n' }, yaml);
    const many: Finding[] = [];
    // Random messages that do not compress well (about 16 MB gzipped in all).
    for (let i = 0; i < 20_000; i++)
      many.push({ ruleId: 'size', level: 'warning', file: `f${i}.py`, line: 1, message: randomBytes(800).toString('base64'), identity: String(i), fingerprint: String(i) });
    report.findings = many;
    const { json, truncated, cut } = toSarif(report, { category: 'c' });
    // Shorter messages first: every result is kept, each message marked as cut.
    expect(truncated).toBe(0);
    expect(cut).toEqual([expect.stringMatching(/^texts longer than \d+ characters$/)]);
    const gzipped = gzipSync(json);
    expect(gzipped.length).toBeLessThanOrEqual(SARIF_LIMITS.gzipBytes);
    const results = JSON.parse(json).runs[0].results;
    expect(results).toHaveLength(20_000);
    expect(results[0].message.text).toMatch(/… \(cut\)$/);
    expect(gunzipSync(gzipped).toString()).toBe(json);
  });
});

describe('SARIF within every GitHub limit', () => {
  it('more rules than GitHub takes: at most 25,000, each result pointing at its own rule, and the cut said', async () => {
    const { report } = await runOn({ 'a.py': 'x\n' }, yaml);
    report.findings = Array.from(
      { length: 30_000 },
      (_, i): Finding => ({ ruleId: `tool/R${i}`, guardrail: 'size', level: i < 15_000 ? 'error' : 'warning', file: 'a.py', line: 1, message: `m${i}`, identity: String(i), fingerprint: String(i) }),
    );
    report.rules = report.findings.map((f) => ({ id: f.ruleId, guardrail: 'size', name: f.ruleId, description: f.ruleId, level: f.level }));
    const { json, truncated, cut } = toSarif(report, { category: 'c' });
    const run = JSON.parse(json).runs[0];
    expect(run.tool.driver.rules.length).toBe(25_000);
    expect(run.results.length).toBeLessThanOrEqual(25_000);
    expect(truncated).toBe(30_000 - run.results.length);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    // The most severe first (the engine sorts findings so): every error kept.
    expect(run.results.filter((r: { level: string }) => r.level === 'error')).toHaveLength(15_000);
    expect(cut.join('; ')).toMatch(/results/);
    expect(run.invocations[0].toolExecutionNotifications[0].message.text).toMatch(/results were left out/);
  });
});

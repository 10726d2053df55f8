import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { toJson } from '../../src/report/json.js';
import { REPO, runCli } from '../e2e/runner.js';
import { tmpRepo, tmpDir } from '../helpers.js';
import { runIn, runOn } from '../run.js';
import { APP, GOOD_MAP, MAP_PATH, SLOS, SLO_PATH, mapText } from '../map/fixture.js';

const schema = JSON.parse(readFileSync(path.join(REPO, 'schemas/report.schema.json'), 'utf8')) as object;
const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);
const check = (doc: unknown): string => (validate(doc) ? '' : new Ajv().errorsText(validate.errors));

describe('schemas/report.schema.json', () => {
  it('the report dist/cli.js writes on the example validates', () => {
    const out = path.join(tmpDir('report-schema-'), 'report.json');
    const r = runCli(['check', '--root', path.join(REPO, 'examples/reference-system'), '--json', out, '--fail-on', 'none'], REPO);
    expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    expect(r.status).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { findings: unknown[]; guardrails: { id: string }[] };
    expect(check(doc)).toBe('');
    expect(doc.findings.length).toBeGreaterThan(0); // the schema of a finding was exercised
    expect(doc.guardrails.map((g) => g.id)).toContain('intelligence-map');
  }, 120_000);

  it('a report with a baseline, goals, a failing and a skipped guardrail validates (the optional parts)', async () => {
    const yaml = 'version: 1\nguardrails:\n  - id: size\n    check: max-lines\n    paths: ["**/*.py"]\n    max: 1\n    goals: [checkout]\n  - id: cmd\n    check: command\n    run: "true"\n';
    const BASE = 'infra/selfcheck/guardrails-baseline.json';
    const gone = { fingerprint: 'deadbeef', rule: 'size', file: 'gone.py', message: 'was too long', firstSeen: '2025-01-01', lastSeen: '2025-01-02', timesSeen: 2 };
    const root = tmpRepo({ ...APP, [MAP_PATH]: mapText(GOOD_MAP), [SLO_PATH]: SLOS, [BASE]: JSON.stringify({ version: 1, findings: [gone], fixed: [] }), 'infra/selfcheck/guardrails.yaml': yaml });
    const report = await runIn(root, { allowCommands: false, commandsRefusedBecause: 'test', baseline: { path: path.join(root, BASE), display: BASE, explicit: true } });
    expect(report.guardrails.map((g) => g.status)).toEqual(expect.arrayContaining(['fail', 'skipped']));
    expect(report.goals?.length).toBeGreaterThan(0);
    expect(report.baseline?.fixed.map((e) => e.fingerprint)).toEqual(['deadbeef']);
    expect(report.findings.every((f) => f.baselineState === 'new')).toBe(true);
    expect(check(JSON.parse(toJson(report)))).toBe('');
  });

  it('is strict: a missing field, an unknown field or a wrong type fails', async () => {
    const { report } = await runOn({ 'a.py': 'x = 1\ny = 2\n' }, 'version: 1\nguardrails:\n  - id: size\n    check: max-lines\n    paths: ["**/*.py"]\n    max: 1\n');
    const good = JSON.parse(toJson(report)) as Record<string, any>;
    expect(check(good)).toBe('');
    const broken: [string, (d: Record<string, any>) => void][] = [
      ['no counts.new', (d) => delete d.counts.new],
      ['no finding fingerprint', (d) => delete d.findings[0].fingerprint],
      ['no guardrail status', (d) => delete d.guardrails[0].status],
      ['no workspace', (d) => delete d.workspace],
      ['an unknown top-level field', (d) => (d.extra = 1)],
      ['an unknown field of a finding', (d) => (d.findings[0].severity = 'error')],
      ['a level that is not one', (d) => (d.findings[0].level = 'fatal')],
      ['a line 0', (d) => (d.findings[0].line = 0)],
      ['another reportVersion', (d) => (d.reportVersion = 2)],
    ];
    for (const [what, mutate] of broken) {
      const d = structuredClone(good);
      mutate(d);
      expect(check(d), what).not.toBe('');
    }
  });
});

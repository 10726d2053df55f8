import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAIL_ON_VALUES } from '../../src/gate.js';
import { isSarifLevels, ruleDefaultLevel, sarifLevelOf } from '../../src/report/sarif-levels.js';
import { toSarif } from '../../src/report/sarif.js';
import type { FailOn, Finding, Level, Report } from '../../src/types.js';
import { WRITERS } from '../../src/report/writers.js';
import { runIn, runOn } from '../run.js';
import { assertValidSarif } from './validate-sarif.js';

const finding = (level: Level, baselineState?: Finding['baselineState']): Finding => ({
  ruleId: 'r',
  level,
  message: 'm',
  file: 'a.py',
  line: 1,
  identity: 'i',
  ...(baselineState ? { baselineState } : {}),
});

describe('sarifLevelOf', () => {
  it('severity: the finding’s own level, whatever the gate', () => {
    for (const failOn of FAIL_ON_VALUES) for (const l of ['error', 'warning', 'note'] as const) expect(sarifLevelOf(finding(l, 'recurring'), failOn, 'severity')).toBe(l);
  });

  it('gate: error exactly for the findings failing the gate, else warning (error, warning) or note', () => {
    // [fail-on, severity, baseline state, expected level]
    const cases: [FailOn, Level, Finding['baselineState'], Level][] = [
      ['error', 'error', undefined, 'error'],
      ['error', 'warning', undefined, 'warning'],
      ['error', 'note', undefined, 'note'],
      ['warning', 'warning', undefined, 'error'],
      ['warning', 'note', undefined, 'note'],
      ['note', 'note', undefined, 'error'],
      ['new', 'error', 'recurring', 'warning'], // known debt: GitHub's check must not fail on it
      ['new', 'error', 'new', 'error'],
      ['new', 'note', 'new', 'error'], // a new note fails fail-on: new, so it is an error for code scanning too
      ['new', 'warning', 'regressed', 'error'],
      ['new', 'note', 'recurring', 'note'],
      ['new', 'warning', undefined, 'error'], // no baseline: every finding is new
      ['none', 'error', undefined, 'warning'],
      ['none', 'note', 'new', 'note'],
    ];
    for (const [failOn, level, state, want] of cases) expect(sarifLevelOf(finding(level, state), failOn, 'gate'), `${failOn} ${level} ${state}`).toBe(want);
  });

  it('gate: a rule’s default level is never error; severity keeps it', () => {
    expect(['error', 'warning', 'note'].map((l) => ruleDefaultLevel(l as Level, 'gate'))).toEqual(['warning', 'warning', 'note']);
    expect(['error', 'warning', 'note'].map((l) => ruleDefaultLevel(l as Level, 'severity'))).toEqual(['error', 'warning', 'note']);
  });

  it('knows its values', () => {
    expect(['severity', 'gate'].every(isSarifLevels)).toBe(true);
    expect(['Gate', 'all', ''].some(isSarifLevels)).toBe(false);
  });
});

const files = { 'app/a.py': 'print(1)\neval(x)\n# TODO\n', 'app/b.py': 'print(2)\n' };
const yaml = `version: 1
guardrails:
  - id: no-eval
    check: pattern
    paths: ["**/*.py"]
    forbid: 'eval\\('
  - id: no-print
    severity: warning
    check: pattern
    paths: ["**/*.py"]
    forbid: 'print\\('
  - id: no-todo
    severity: note
    check: pattern
    paths: ["**/*.py"]
    forbid: 'TODO'
`;

type SarifResult = { ruleId: string; level?: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; properties?: Record<string, unknown> };
type SarifRule = { id: string; defaultConfiguration: { level: string }; properties: Record<string, unknown> };

function sarifOf(report: Report, levels?: 'severity' | 'gate'): { results: SarifResult[]; rules: SarifRule[]; json: string } {
  const { json } = toSarif(report, { category: 'c', ...(levels ? { levels } : {}) });
  assertValidSarif(json);
  const run = JSON.parse(json).runs[0];
  return { results: run.results, rules: run.tool.driver.rules, json };
}

/** The report as if a baseline knew every finding except those in `newFiles`. */
function withBaseline(report: Report, failOn: FailOn, newFiles: string[]): Report {
  return { ...report, failOn, findings: report.findings.map((f) => ({ ...f, baselineState: newFiles.includes(f.file) ? 'new' : 'recurring' })) };
}

const secretsYaml = `version: 1
guardrails:
  - id: no-committed-secrets
    check: secrets
    paths: ["**"]
`;

describe('security-severity in gate mode', () => {
  const token = ['ghp', '_', 'Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0Lm9Nb8V'].join('');
  const secretFiles = { 'old/settings.py': `TOKEN = "${token}"\n`, 'new/settings.py': `TOKEN = "${token.replace('Zx9', 'Yw8')}"\n` };
  const rated = (rules: SarifRule[]) => rules.filter((r) => r.properties['security-severity'] !== undefined).map((r) => r.id);

  it('a rule keeps its rating only while one of its results fails the gate; severity mode always keeps it', async () => {
    const { report } = await runOn(secretFiles, secretsYaml);
    expect(report.findings.length).toBe(2);
    const ids = [...new Set(report.findings.map((f) => f.ruleId))];
    const known = withBaseline(report, 'new', []); // every finding known: nothing fails fail-on: new
    expect(rated(sarifOf(known, 'severity').rules)).toEqual(expect.arrayContaining(ids));
    const quiet = sarifOf(known, 'gate').rules.filter((r) => ids.includes(r.id));
    expect(quiet.length).toBeGreaterThan(0);
    for (const r of quiet) {
      expect(r.properties['security-severity']).toBeUndefined();
      expect(Number(r.properties.securitySeverity)).toBeGreaterThanOrEqual(7);
    }
    const oneNew = withBaseline(report, 'new', ['new/settings.py']);
    expect(rated(sarifOf(oneNew, 'gate').rules)).toEqual(expect.arrayContaining(ids.filter((id) => oneNew.findings.some((f) => f.ruleId === id && f.file === 'new/settings.py'))));
    expect(rated(sarifOf(withBaseline(report, 'none', ['new/settings.py']), 'gate').rules).filter((id) => ids.includes(id))).toEqual([]);
  });
});

describe('toSarif with levels', () => {
  it('severity is the default: byte-identical to no option, no properties.severity', async () => {
    const { report } = await runOn(files, yaml);
    const plain = sarifOf(report);
    expect(sarifOf(report, 'severity').json).toBe(plain.json);
    expect(plain.results.map((r) => [r.ruleId, r.level])).toEqual([
      ['no-print', 'warning'],
      ['no-eval', 'error'],
      ['no-todo', 'note'],
      ['no-print', 'warning'],
    ]);
    expect(plain.results.some((r) => r.properties && 'severity' in r.properties)).toBe(false);
    expect(Object.fromEntries(plain.rules.map((r) => [r.id, r.defaultConfiguration.level]))).toMatchObject({ 'no-eval': 'error', 'no-print': 'warning', 'no-todo': 'note' });
  });

  it('gate with fail-on: new: only the new findings are errors, every result says its level and keeps its severity', async () => {
    const { report } = await runOn(files, yaml);
    const r = withBaseline(report, 'new', ['app/b.py']);
    const { results, rules } = sarifOf(r, 'gate');
    expect(results.map((x) => [x.ruleId, x.locations[0]!.physicalLocation.artifactLocation.uri, x.level, x.properties?.severity])).toEqual([
      ['no-print', 'app/a.py', 'warning', 'warning'],
      ['no-eval', 'app/a.py', 'warning', 'error'], // known error: not an error for code scanning
      ['no-todo', 'app/a.py', 'note', 'note'],
      ['no-print', 'app/b.py', 'error', 'warning'], // a new warning fails fail-on: new
    ]);
    const rule = Object.fromEntries(rules.map((x) => [x.id, [x.defaultConfiguration.level, x.properties.severity]]));
    expect(rule).toMatchObject({ 'no-eval': ['warning', 'error'], 'no-print': ['warning', 'warning'], 'no-todo': ['note', 'note'] });
  });

  it('gate: code scanning would fail (an error result) exactly when the engine’s verdict is fail', async () => {
    const { report, root } = await runOn(files, yaml);
    // A real baseline that knows the findings of app/a.py only: app/b.py's are new.
    const known = { ...report, findings: report.findings.filter((f) => f.file === 'app/a.py') };
    writeFileSync(path.join(root, 'some.json'), WRITERS.baseline.render(known, { previousBaseline: null }).output.content);
    writeFileSync(path.join(root, 'all.json'), WRITERS.baseline.render(report, { previousBaseline: null }).output.content);
    const baselineOf = (name: string) => ({ path: path.join(root, `${name}.json`), display: `${name}.json`, explicit: true });
    const verdicts: string[] = [];
    for (const failOn of FAIL_ON_VALUES) {
      for (const base of ['', 'some', 'all']) {
        const r = await runIn(root, { failOn, ...(base ? { baseline: baselineOf(base) } : {}) });
        const { results } = sarifOf(r, 'gate');
        const errors = results.filter((x) => x.level === 'error').length;
        expect(results.length).toBe(4);
        expect(results.every((x) => x.level !== undefined)).toBe(true);
        expect(errors > 0 ? 'fail' : 'pass', `${failOn} ${base}`).toBe(r.result);
        verdicts.push(`${failOn}${base ? `+${base}` : ''}: ${r.result} (${errors} error results)`);
      }
    }
    // Both verdicts occur, so the agreement above is not vacuous.
    expect(verdicts).toEqual([
      'error: fail (1 error results)',
      'error+some: fail (1 error results)',
      'error+all: fail (1 error results)',
      'warning: fail (3 error results)',
      'warning+some: fail (3 error results)',
      'warning+all: fail (3 error results)',
      'note: fail (4 error results)',
      'note+some: fail (4 error results)',
      'note+all: fail (4 error results)',
      'new: fail (4 error results)',
      'new+some: fail (1 error results)',
      'new+all: pass (0 error results)',
      'none: pass (0 error results)',
      'none+some: pass (0 error results)',
      'none+all: pass (0 error results)',
    ]);
  });
});

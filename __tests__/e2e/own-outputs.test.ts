import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpRepo } from '../helpers.js';
import { runAction, runCli } from './runner.js';

// Every guardrail here would flag our own output files if it read them: the pattern is in every
// SARIF and JSON report (it is the guardrail's message), the size limit is below their length, and
// the report quotes the fake credential's rule name next to a redacted value.
const guardrails = `version: 1
exclude: ["infra/**", "svc/infra/**"]
guardrails:
  - id: no-hack-marker
    title: No HACK markers
    check: pattern
    paths: ["**"]
    forbid: 'HA[C]K'
    message: marker left in the code
  - id: small-files
    title: Files stay small
    severity: warning
    check: max-lines
    paths: ["**"]
    max: 8
  - id: no-committed-secrets
    check: secrets
`;

function fixture(): string {
  return tmpRepo({ 'infra/selfcheck/guardrails.yaml': guardrails, 'app/main.py': 'x = 1  # HACK\n' }, { git: true });
}

type Sarif = { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
const uris = (file: string): string[] => (JSON.parse(readFileSync(file, 'utf8')) as Sarif).runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri).sort();

describe('the Action never scans what it wrote itself', () => {
  it('run twice in one workspace: the second run reports the same findings, none in guardrails.sarif or the report file', () => {
    const ws = fixture();
    const inputs = { 'fail-on': 'none', 'report-file': 'out/guardrails-report.json' };
    const first = runAction(ws, inputs);
    expect(first.status, first.stderr).toBe(0);
    const firstUris = uris(path.join(ws, 'guardrails.sarif'));
    expect(firstUris).toEqual(['app/main.py']);
    // our outputs exist now, untracked, beside the code: exactly what a second step (or a self-hosted runner) sees
    expect(readFileSync(path.join(ws, 'guardrails.sarif'), 'utf8')).toContain('HACK');
    expect(readFileSync(path.join(ws, 'out/guardrails-report.json'), 'utf8')).toContain('HACK');

    const second = runAction(ws, inputs);
    expect(second.status, second.stderr).toBe(0);
    expect(uris(path.join(ws, 'guardrails.sarif'))).toEqual(firstUris);
    expect(second.outputs.errors).toBe(first.outputs.errors);
    expect(second.outputs.warnings).toBe(first.outputs.warnings);
    const json = readFileSync(path.join(ws, 'out/guardrails-report.json'), 'utf8');
    expect(json).not.toMatch(/"(file|path|uri)":\s*"(guardrails\.sarif|out\/guardrails-report\.json)"/);
    expect(second.summary).not.toMatch(/guardrails\.sarif|guardrails-report\.json:/);
    expect(second.annotations.map((a) => a.props.file)).not.toContain('guardrails.sarif');
  });

  it('hostile: a committed file at the output path is scanned (a pull request cannot hide code under our output names)', () => {
    const ws = tmpRepo(
      { 'infra/selfcheck/guardrails.yaml': guardrails, 'app/main.py': 'x = 1\n', 'guardrails.sarif': '{"HACK": 1}\n', 'out/guardrails-report.json': '{"x": "HACK"}\n' },
      { git: true },
    );
    const r = runAction(ws, { 'fail-on': 'none', 'report-file': 'out/guardrails-report.json' });
    expect(r.status, r.stderr).toBe(0);
    const flagged = (JSON.parse(readFileSync(path.join(ws, 'out/guardrails-report.json'), 'utf8')) as { findings: { guardrail: string; file: string }[] }).findings
      .filter((f) => f.guardrail === 'no-hack-marker')
      .map((f) => f.file)
      .sort();
    expect(flagged).toEqual(['guardrails.sarif', 'out/guardrails-report.json']);
  });

  it('an output inside working-directory is left out too, and the outputs name it from the workspace', () => {
    const ws = tmpRepo({ 'svc/infra/selfcheck/guardrails.yaml': guardrails, 'svc/app/main.py': 'x = 1  # HACK\n' }, { git: true });
    const inputs = { 'fail-on': 'none', 'working-directory': 'svc', 'sarif-file': 'reports/la.sarif', 'report-file': 'reports/la.json' };
    runAction(ws, inputs);
    const second = runAction(ws, inputs);
    expect(second.status, second.stderr).toBe(0);
    expect(second.outputs['sarif-file']).toBe('svc/reports/la.sarif');
    expect(second.outputs['report-file']).toBe('svc/reports/la.json');
    expect(uris(path.join(ws, 'svc/reports/la.sarif'))).toEqual(['svc/app/main.py']);
  });

  it('the CLI leaves out the files it writes (--sarif, --json, --summary)', () => {
    const ws = fixture();
    const args = ['check', '--fail-on', 'none', '--sarif', 'la.sarif', '--json', 'la.json', '--summary', 'la.md'];
    runCli(args, ws);
    const r = runCli(args, ws);
    expect(r.status, r.stderr).toBe(0);
    expect(uris(path.join(ws, 'la.sarif'))).toEqual(['app/main.py']);
  });
});

describe('the report-file output never climbs out of the workspace', () => {
  it('the default report in RUNNER_TEMP is output as an absolute path, one inside the workspace as a workspace path', () => {
    const ws = fixture();
    const r = runAction(ws, { 'fail-on': 'none' });
    expect(r.status, r.stderr).toBe(0);
    const out = r.outputs['report-file']!;
    expect(path.isAbsolute(out)).toBe(true);
    expect(out).toBe(path.join(r.dir, 'living-architecture-report.json'));
    expect(out.split('/')).not.toContain('..');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveProperty('result');
    const drift = runAction(ws, { 'fail-on': 'none', mode: 'drift', 'github-token': '' });
    expect(drift.outputs['drift-report']).toBe(path.join(drift.dir, 'living-architecture-drift.md'));

    const inside = runAction(ws, { 'fail-on': 'none', 'report-file': 'out/r.json' });
    expect(inside.outputs['report-file']).toBe('out/r.json');
  });
});

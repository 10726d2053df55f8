import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../../src/action/main.js';
import { ANNOTATIONS_PER_TYPE } from '../../src/report/annotations.js';
import { tmpRepo } from '../helpers.js';
import { testServer } from '../slo/server.js';
import { fakeCore, runnerEnv, type FakeCore, type Runner } from './fake-core.js';

const REPO = path.resolve(__dirname, '..', '..');
const EXAMPLE = path.join(REPO, 'examples/reference-system');

const GUARDRAILS = `version: 1
guardrails:
  - id: no-print
    title: No print debugging
    severity: warning
    check: pattern
    paths: ["**/*.py"]
    forbid: 'print\\('
  - id: backend-size
    title: Backend modules stay small
    check: max-lines
    paths: ["backend/**/*.py"]
    max: 3
`;

/** One error (backend-size) and one warning (no-print) in backend/main.py. */
function fixture(files: Record<string, string> = {}): string {
  return tmpRepo({ 'infra/selfcheck/guardrails.yaml': GUARDRAILS, 'backend/main.py': 'import os\nprint("debug")\nx = 1\ny = 2\n', ...files });
}

async function action(workspace: string | undefined, inputs: Record<string, string> = {}, opts: { runner?: Runner; cwd?: string; core?: FakeCore } = {}) {
  const core = opts.core ?? fakeCore(inputs);
  const runner = opts.runner ?? runnerEnv(workspace);
  const code = await main(core, runner.env, opts.cwd ?? REPO);
  return { code, core, ...runner };
}

const findingAnnotations = (core: FakeCore) => core.annotations().filter((a) => a.props?.file);

// The Action returns its exit code: nothing of it may land on the process that runs it.
let exitCodeBefore: typeof process.exitCode;
beforeEach(() => {
  exitCodeBefore = process.exitCode;
});
afterEach(() => {
  expect(process.exitCode).toBe(exitCodeBefore);
});

describe('the Action in-process (src/action/main.ts with a fake core)', () => {
  it('the bundled example: exit 1, every output, SARIF, report, summary and annotations, one setFailed', async () => {
    // Nothing is written into the example: the SARIF goes to RUNNER_TEMP like the report.
    const runner = runnerEnv(EXAMPLE);
    const sarifFile = path.join(runner.temp, 'example.sarif');
    const { code, core, summary } = await action(EXAMPLE, { 'sarif-file': sarifFile }, { runner });
    expect(code, JSON.stringify(core.log.slice(-5))).toBe(1);

    const report = JSON.parse(readFileSync(core.outputs['report-file']!, 'utf8'));
    expect(core.outputs).toMatchObject({
      result: 'fail',
      errors: String(report.counts.error),
      warnings: String(report.counts.warning),
      notes: String(report.counts.note),
      'new-findings': String(report.counts.new),
      'fixed-findings': '0',
      'sarif-file': sarifFile, // outside the workspace: shown absolute
      'map-drift': 'false',
      'slo-breached': '[]',
    });
    expect(report.counts.error).toBeGreaterThan(10);
    const failed = JSON.parse(core.outputs['failed-guardrails']!) as string[];
    expect(failed).toEqual(expect.arrayContaining(['health-routes', 'no-committed-secrets', 'backend-layers', 'intelligence-map']));
    expect(failed).toEqual(report.guardrails.filter((g: { status: string }) => g.status === 'fail' || g.status === 'error').map((g: { id: string }) => g.id));

    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8'));
    expect(sarif.runs[0].results).toHaveLength(report.findings.length);
    expect(summary()).toMatch(/^## ❌ Living Architecture: failed/);
    expect(core.failed).toEqual([expect.stringMatching(/^Guardrails failed: .*health-routes.* — FAIL: \d+ errors, \d+ warnings, 0 notes \(fail-on: error\)$/)]);

    // GitHub shows 10 of each type: the failure takes one error, the findings get the rest.
    const annotated = findingAnnotations(core);
    expect(annotated.filter((a) => a.level === 'error')).toHaveLength(ANNOTATIONS_PER_TYPE - 1);
    expect(annotated.filter((a) => a.level === 'warning').length).toBeLessThanOrEqual(ANNOTATIONS_PER_TYPE);
    for (const a of annotated) expect(a.props).toMatchObject({ title: expect.any(String), file: expect.any(String), startLine: expect.any(Number) });
    expect(core.log.some((l) => l.level === 'info' && /GitHub shows 10 annotations of each type per step: \d+ errors? .*more/.test(l.message))).toBe(true);
    // The planted secrets are never printed.
    expect(JSON.stringify(core.log)).not.toContain('dev-secret');
  });

  it('a failing gate and fail-on none on the same code', async () => {
    const ws = fixture();
    const fail = await action(ws);
    expect(fail.code).toBe(1);
    expect(fail.core.outputs).toMatchObject({ result: 'fail', errors: '1', warnings: '1', 'failed-guardrails': '["no-print","backend-size"]', 'sarif-file': 'guardrails.sarif' });
    expect(fail.core.outputs['report-file']).toBe(path.join(fail.temp, 'living-architecture-report.json'));
    expect(existsSync(path.join(ws, 'guardrails.sarif'))).toBe(true);
    expect(fail.core.failed).toEqual(['Guardrails failed: no-print, backend-size — FAIL: 1 errors, 1 warnings, 0 notes (fail-on: error)']);
    expect(findingAnnotations(fail.core).map((a) => [a.level, a.props?.file, a.props?.startLine])).toEqual([
      ['error', 'backend/main.py', 4],
      ['warning', 'backend/main.py', 2],
    ]);

    const pass = await action(ws, { 'fail-on': ' NONE ' });
    expect(pass.code).toBe(0);
    // failed-guardrails names the guardrails that found something, whatever the gate.
    expect(pass.core.outputs).toMatchObject({ result: 'pass', errors: '1', warnings: '1', 'failed-guardrails': '["no-print","backend-size"]' });
    expect(pass.core.failed).toEqual([]);
    expect(pass.core.log.at(-1)).toEqual({ level: 'info', message: 'PASS: 1 errors, 1 warnings, 0 notes (fail-on: none)' });
  });

  it.each([
    [{ 'fail-on': 'bogus' }, "input 'fail-on' must be one of error, warning, note, new, none, not 'bogus'"],
    [{ annotations: 'some' }, "input 'annotations' must be one of all, gate, none, not 'some'"],
    [{ mode: 'deploy' }, "input 'mode: deploy' is not available in this release; use mode: check, drift, slo or suggest"],
    [{ comment: 'yes' }, "input 'comment' must be true or false, not 'yes'"],
    [{ 'allow-commands': 'maybe' }, "input 'allow-commands' must be true or false or unsafe-untrusted-checkout, not 'maybe'"],
  ])('usage error %j: one error annotation, no stack, result fail, exit 2, nothing written', async (inputs, message) => {
    const ws = fixture();
    const { code, core, summary } = await action(ws, inputs);
    expect(code).toBe(2);
    expect(core.annotations()).toEqual([{ level: 'error', message, props: { title: 'Living Architecture: input error' } }]);
    expect(core.failed).toEqual([]);
    expect(core.outputs).toEqual({ result: 'fail' });
    expect(existsSync(path.join(ws, 'guardrails.sarif'))).toBe(false);
    expect(summary()).toBe('');
  });

  it('a path input leading out of the workspace is a usage error, and mode: slo needs base-url', async () => {
    const out = await action(fixture(), { 'working-directory': '../..' });
    expect(out.code).toBe(2);
    expect(out.core.annotations()).toEqual([{ level: 'error', message: expect.stringMatching(/^input 'working-directory'.*\.\.\/\.\./), props: { title: 'Living Architecture: input error' } }]);
    const slo = await action(fixture(), { mode: 'slo' });
    expect(slo.code).toBe(2);
    expect(slo.core.annotations()).toEqual([{ level: 'error', message: "mode: slo needs the input 'base-url' (the service under test, e.g. http://localhost:8000)", props: expect.anything() }]);
  });

  it('a configuration error: one annotation at its file, line and column, exit 2', async () => {
    const ws = fixture({ 'infra/selfcheck/guardrails.yaml': 'version: 1\nguardrails:\n  - id: x\n    check: max-lines\n    paths: ["**"]\n    maxx: 3\n' });
    const { code, core } = await action(ws);
    expect(code).toBe(2);
    const [a, ...rest] = core.annotations();
    expect(rest).toEqual([]);
    expect(a).toMatchObject({ level: 'error', props: { title: 'Living Architecture: configuration error', file: 'infra/selfcheck/guardrails.yaml', startLine: 6 } });
    expect(a!.message).toMatch(/^infra\/selfcheck\/guardrails\.yaml:6(:\d+)?: .*maxx/);
    expect(a!.message).not.toMatch(/\n\s+at /);
  });

  it('an internal error: setFailed asks for a report, the stack goes to debug only, exit 2', async () => {
    const core = fakeCore();
    const getInput = core.getInput;
    core.getInput = (name) => {
      if (name === 'mode') throw new Error('the runner broke');
      return getInput(name);
    };
    const { code } = await action(fixture(), {}, { core });
    expect(code).toBe(2);
    expect(core.failed).toEqual([expect.stringMatching(/^internal error: the runner broke — please report this at https:\/\/github\.com\//)]);
    expect(core.log.filter((l) => l.level === 'debug')).toEqual([{ level: 'debug', message: expect.stringMatching(/^Error: the runner broke\n\s+at /) }]);
  });

  it('annotations: gate shows only the findings that fail the gate, none no finding; the outcome is the same', async () => {
    const ws = fixture();
    const levels = async (annotations: string) => {
      const r = await action(ws, { annotations });
      expect(r.code).toBe(1);
      expect(r.core.failed).toHaveLength(1);
      return findingAnnotations(r.core).map((a) => `${a.level} ${a.props?.file}:${a.props?.startLine}`);
    };
    expect(await levels('all')).toEqual(['error backend/main.py:4', 'warning backend/main.py:2']);
    expect(await levels(' Gate ')).toEqual(['error backend/main.py:4']);
    expect(await levels('none')).toEqual([]);
  });

  it('mode: drift runs every guardrail, writes the drift report beside the JSON report, skips the issue without a token', async () => {
    const ws = fixture();
    const { code, core, temp, summary } = await action(ws, { mode: 'drift', only: 'no-print' });
    expect(code).toBe(1);
    expect(core.outputs).toMatchObject({ result: 'fail', 'failed-guardrails': '["no-print","backend-size"]', 'map-drift': 'false', 'drift-report': path.join(temp, 'living-architecture-drift.md') });
    expect(readFileSync(core.outputs['drift-report']!, 'utf8')).toMatch(/^## ⚠️ Architecture drift — \d{4}-\d\d-\d\d\n/);
    expect(summary()).toMatch(/^## ❌ Living Architecture: failed[\s\S]*\n## ⚠️ Architecture drift/);
    expect(core.annotations()).toContainEqual({ level: 'notice', message: 'Drift issue skipped: no github-token was given' });
  });

  it('mode: suggest writes a guardrails file that holds today; outputs suggestion-file and suggestions', async () => {
    const ws = tmpRepo({ 'backend/a.py': 'import backend.b\n', 'backend/b.py': 'x = 1\n' });
    const { code, core, temp, summary } = await action(ws, { mode: 'suggest' });
    expect(code, JSON.stringify(core.log)).toBe(0);
    expect(core.outputs).toEqual({ result: 'pass', 'suggestion-file': path.join(temp, 'living-architecture-guardrails.yaml'), suggestions: expect.stringMatching(/^\d+$/) });
    const suggested = parse(readFileSync(core.outputs['suggestion-file']!, 'utf8')) as { version: number; guardrails: { id: string }[] };
    expect(suggested.version).toBe(1);
    expect(suggested.guardrails.length).toBeGreaterThan(0);
    expect(summary()).not.toBe('');
    expect(core.failed).toEqual([]);
  });

  it('mode: slo probes base-url: slo-breached, the report and the summary; a breach fails the step', async () => {
    let util = 0.5;
    const server = await testServer((_n, p) => (p === '/ready' ? { body: JSON.stringify({ db: { util } }) } : {}));
    try {
      const ws = tmpRepo({
        'infra/selfcheck/slo-monitors.yml':
          'version: 1\nslos:\n  - id: up\n    availability: 99\n    probe: { path: /health, requests: 5 }\n  - id: pool\n    gauge: { path: /ready, json: db.util, max: 0.9 }\n',
      });
      const ok = await action(ws, { mode: 'slo', 'base-url': server.url });
      expect(ok.code, JSON.stringify(ok.core.log)).toBe(0);
      expect(ok.core.outputs).toEqual({ result: 'pass', 'slo-breached': '[]', 'report-file': path.join(ok.temp, 'living-architecture-slo.json') });
      expect(JSON.parse(readFileSync(ok.core.outputs['report-file']!, 'utf8'))).toMatchObject({
        breached: [],
        slos: [
          { id: 'up', breached: false },
          { id: 'pool', breached: false },
        ],
      });
      expect(ok.summary()).toMatch(/^## ✅ SLOs: 2 SLOs met/);
      util = 0.97;
      const bad = await action(ws, { mode: 'slo', 'base-url': server.url });
      expect(bad.code).toBe(1);
      expect(bad.core.outputs).toMatchObject({ result: 'fail', 'slo-breached': '["pool"]' });
      expect(bad.core.failed).toEqual([expect.stringMatching(/^SLOs breached: pool \(pool: /)]);
    } finally {
      await server.close();
    }
  });

  it('the token is masked; comment: true outside a pull request is a notice, not an API call', async () => {
    const { code, core } = await action(fixture(), { 'github-token': 'ghs_notARealToken0000000000000000000000', comment: 'true', 'fail-on': 'none' });
    expect(code).toBe(0);
    expect(core.secrets).toEqual(['ghs_notARealToken0000000000000000000000']);
    expect(core.annotations()).toContainEqual({ level: 'notice', message: "Pull request comment skipped: comment: true works on pull_request events, not 'push'" });
  });

  it('runs share nothing: the workspace is GITHUB_WORKSPACE or the cwd given, never the process’s', async () => {
    const a = fixture();
    const b = fixture({ 'backend/main.py': 'x = 1\n' });
    // No GITHUB_WORKSPACE: the cwd argument (the test process's own cwd is this repository, whose guardrails differ).
    const first = await action(undefined, {}, { cwd: a });
    expect(first.core.outputs).toMatchObject({ result: 'fail', 'failed-guardrails': '["no-print","backend-size"]' });
    const second = await action(b);
    expect(second.code).toBe(0);
    expect(second.core.outputs).toMatchObject({ result: 'pass', errors: '0', warnings: '0', 'failed-guardrails': '[]' });
    const again = await action(a);
    expect(again.code).toBe(1);
    expect({ ...again.core.outputs, 'report-file': '' }).toEqual({ ...first.core.outputs, 'report-file': '' });
  });
});

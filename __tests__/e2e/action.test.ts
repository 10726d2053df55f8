import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpRepo } from '../helpers.js';
import { runAction } from './runner.js';

const guardrails = `version: 1
guardrails:
  - id: no-print
    title: No print debugging
    severity: warning
    audit: docs/audit.md#print
    check: pattern
    paths: ["**/*.py"]
    forbid: 'print\\('
  - id: backend-size
    title: Backend modules stay small
    check: max-lines
    paths: ["backend/**/*.py"]
    max: 3
  - id: small-frontend
    check: max-lines
    paths: ["frontend/**"]
    max: 100
`;

function fixture(): string {
  return tmpRepo(
    {
      'infra/selfcheck/guardrails.yaml': guardrails,
      'backend/main.py': 'import os\nprint("debug")\nx = 1\ny = 2\n',
      'frontend/a.ts': 'export const a = 1;\n',
    },
    { git: true },
  );
}

describe('dist/index.js run as the runner runs it', () => {
  it('fail-on error: outputs, summary, annotations, SARIF and exit status 1', () => {
    const ws = fixture();
    const r = runAction(ws, {});
    expect(r.status, r.stderr).toBe(1);
    expect(r.outputs).toMatchObject({
      result: 'fail',
      errors: '1',
      warnings: '1',
      notes: '0',
      'new-findings': '2',
      'fixed-findings': '0',
      'failed-guardrails': '["no-print","backend-size"]',
      'sarif-file': 'guardrails.sarif',
      'map-drift': 'false',
      'slo-breached': '[]',
    });
    expect(r.outputs['report-file']).toMatch(/living-architecture-report\.json$/);
    const sarif = JSON.parse(readFileSync(path.join(ws, 'guardrails.sarif'), 'utf8'));
    expect(sarif.runs[0].results).toHaveLength(2);
    expect(r.summary).toMatch(/^## ❌ Living Architecture: failed — 1 error in `backend-size` \(fail-on: error\) · 1 error, 1 warning in all/);
    expect(r.summary).toContain('https://github.com/acme/pulse/blob/0123456789abcdef0123456789abcdef01234567/backend/main.py#L2');
    expect(r.annotations).toEqual(
      expect.arrayContaining([
        {
          level: 'error',
          props: expect.objectContaining({ file: 'backend/main.py', line: '4', title: 'Backend modules stay small (backend-size)' }),
          message: expect.stringMatching(/has 4 lines, over the limit of 3/),
        },
        { level: 'warning', props: expect.objectContaining({ file: 'backend/main.py', line: '2', col: '1' }), message: expect.stringMatching(/Forbidden pattern/) },
      ]),
    );
    expect(r.stdout).toMatch(/::error::Guardrails failed: no-print, backend-size/);
  });

  it('fail-on none: the same findings, exit 0 and result pass', () => {
    const r = runAction(fixture(), { 'fail-on': 'none' });
    expect(r.status).toBe(0);
    expect(r.outputs).toMatchObject({ result: 'pass', errors: '1', warnings: '1' });
    expect(r.summary).toMatch(/^## ✅ Living Architecture: passed — nothing fails the gate \(fail-on: none\) · 1 error, 1 warning in all/);
  });

  it('only and working-directory: paths in SARIF and annotations are relative to the repository top', () => {
    const ws = tmpRepo({ 'services/api/infra/selfcheck/guardrails.yaml': guardrails, 'services/api/backend/main.py': 'print(1)\n' }, { git: true });
    const r = runAction(ws, { 'working-directory': 'services/api', only: 'no-print', 'fail-on': 'warning', 'sarif-file': 'out/api.sarif', category: 'api' });
    expect(r.status).toBe(1);
    expect(r.outputs['failed-guardrails']).toBe('["no-print"]');
    expect(r.outputs['sarif-file']).toBe('services/api/out/api.sarif');
    const sarif = JSON.parse(readFileSync(path.join(ws, 'services/api/out/api.sarif'), 'utf8'));
    expect(sarif.runs[0].automationDetails.id).toBe('api/');
    expect(sarif.runs[0].tool.driver.rules.map((x: { id: string }) => x.id)).toEqual(['no-print']);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('services/api/backend/main.py');
    expect(r.annotations[0]!.props.file).toBe('services/api/backend/main.py');
  });

  it('a bad config: exit 2, one error annotation at file:line:col, nothing written', () => {
    const ws = tmpRepo({ 'infra/selfcheck/guardrails.yaml': 'version: 1\nguardrails:\n  - id: a\n    check: max-lines\n    max: lots\n' }, { git: true });
    const r = runAction(ws, {});
    expect(r.status).toBe(2);
    expect(r.annotations[0]).toEqual({
      level: 'error',
      props: { title: 'Living Architecture: configuration error', file: 'infra/selfcheck/guardrails.yaml', line: '5', col: '10' },
      message: `infra/selfcheck/guardrails.yaml:5:10: guardrail 'a': 'max' must be a whole number, not "lots"`,
    });
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at .*\.js:\d+/); // no stack trace
    expect(existsSync(path.join(ws, 'guardrails.sarif'))).toBe(false);
    expect(r.summary).toBe('');
  });

  it('a bad input: fail-on typo is a usage error', () => {
    const r = runAction(fixture(), { 'fail-on': 'errors' });
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/input 'fail-on' must be one of error, warning, note, new, none, not 'errors'/);
  });

  it('no guardrails file: built-in defaults, said in the summary', () => {
    const ws = tmpRepo({ 'a.py': 'x = 1\n' }, { git: true });
    const r = runAction(ws, {});
    expect(r.status).toBe(0);
    expect(r.summary).toMatch(/ran the built-in defaults/);
  });

  it('pull_request_target: commands refused when the PR changes the guardrails file', () => {
    const cmd = 'version: 1\nguardrails:\n  - id: cmd\n    check: command\n    run: touch pwned\n';
    const ws = tmpRepo({ 'infra/selfcheck/guardrails.yaml': 'version: 1\nguardrails: []\n' }, { git: true });
    const base = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ws, encoding: 'utf8' }).trim();
    writeFileSync(path.join(ws, 'infra/selfcheck/guardrails.yaml'), cmd);
    const r = runAction(ws, {}, { eventName: 'pull_request_target', event: { pull_request: { base: { sha: base } } } });
    expect(r.status).toBe(0);
    expect(existsSync(path.join(ws, 'pwned'))).toBe(false);
    expect(r.summary).toMatch(
      /cmd was skipped: on pull\\?_request\\?_target commands run only when the checkout is exactly the base branch's commit, and the guardrails file infra\/selfcheck\/guardrails\.yaml is not/,
    );
    // The same file on an ordinary pull_request runs.
    const r2 = runAction(ws, {}, { eventName: 'pull_request' });
    expect(r2.status).toBe(0);
    expect(existsSync(path.join(ws, 'pwned'))).toBe(true);
  });
});

describe('annotations on a pull request', () => {
  it('findings in the files the pull request changes are annotated first', () => {
    const yaml = "version: 1\nguardrails:\n  - id: no-todo\n    check: pattern\n    paths: ['**/*.py']\n    forbid: 'TODO'\n";
    const ws = tmpRepo({ 'infra/selfcheck/guardrails.yaml': yaml, 'old.py': '# TODO\n'.repeat(15) }, { git: true });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args], { cwd: ws, encoding: 'utf8' }).trim();
    const base = git('rev-parse', 'HEAD');
    writeFileSync(path.join(ws, 'zz_new.py'), 'x = 1  # TODO\n');
    git('add', '-A');
    git('commit', '-qm', 'change');
    const head = git('rev-parse', 'HEAD');
    const r = runAction(ws, {}, { eventName: 'pull_request', event: { pull_request: { base: { sha: base }, head: { sha: head } } } });
    expect(r.status).toBe(1);
    // GitHub shows 10 error annotations per step; the step's failure is one of them.
    const errors = r.annotations.filter((a) => a.level === 'error' && a.props.file);
    expect(errors).toHaveLength(9);
    expect(r.annotations.filter((a) => a.level === 'error')).toHaveLength(10);
    expect(errors[0]!.props.file).toBe('zz_new.py');
    expect(r.stdout).toMatch(/7 errors more are in the job summary/);
  });
});

describe('boolean inputs', () => {
  it('allow-commands: false turns commands off; a value that is not true/false is a usage error', () => {
    const yaml = 'version: 1\nguardrails:\n  - id: cmd\n    check: command\n    run: touch ran\n';
    const ws = tmpRepo({ 'infra/selfcheck/guardrails.yaml': yaml }, { git: true });
    const off = runAction(ws, { 'allow-commands': 'false' });
    expect(off.status).toBe(0);
    expect(existsSync(path.join(ws, 'ran'))).toBe(false);
    expect(off.summary).toMatch(/cmd was skipped: allow-commands is false/);
    const bad = runAction(ws, { 'allow-commands': 'yes' });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toMatch(/input 'allow-commands' must be true or false or unsafe-untrusted-checkout, not 'yes'/);
  });
});

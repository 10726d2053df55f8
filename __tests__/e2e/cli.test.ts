import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpRepo } from '../helpers.js';
import { REPO, runCli } from './runner.js';

describe('dist/cli.js as a user runs it', () => {
  it('--version is fast to answer and --help lists check', () => {
    const v = runCli(['--version'], REPO);
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).version);
    expect(runCli(['--help'], REPO).stdout).toMatch(/living-architecture check \[options\]/);
  });

  it('on the reference example: exactly the planted findings of the size, pattern and command guardrails, exit 1', () => {
    const out = tmpRepo({});
    const r = runCli(['check', '--root', path.join(REPO, 'examples/reference-system'), '--json', path.join(out, 'r.json'), '--sarif', path.join(out, 'r.sarif')], REPO);
    expect(r.status, r.stderr).toBe(1);
    const report = JSON.parse(readFileSync(path.join(out, 'r.json'), 'utf8'));
    const mine = new Set(['backend-monolith', 'no-cors-wildcard', 'no-print-debugging', 'env-keys-documented', 'readiness-reports-pool', 'frontend-component-size']);
    const got = report.findings
      .filter((f: { ruleId: string }) => mine.has(f.ruleId))
      .map((f: { ruleId: string; file: string; line: number }) => `${f.ruleId} ${f.file}:${f.line}`)
      .sort();
    expect(got).toEqual(
      [
        'backend-monolith backend/main.py:501',
        'no-cors-wildcard backend/main.py:283',
        'no-print-debugging backend/main.py:427',
        'no-print-debugging backend/workflow_scheduler.py:77',
        'env-keys-documented infra/selfcheck/guardrails.yaml:67',
      ].sort(),
    );
    expect(existsSync(path.join(out, 'r.sarif'))).toBe(true);
  });

  it('bad config: file:line:column, exit 2, no stack trace', () => {
    const root = tmpRepo({ 'infra/selfcheck/guardrails.yaml': 'version: 1\nguardrails:\n  - id: a\n    check: pattern\n    forbid: "a(("\n' });
    const r = runCli(['check'], root);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: infra\/selfcheck\/guardrails.yaml:5:13: guardrail 'a': 'forbid' "a\(\(" is not a valid regular expression/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('no colour when stdout is not a terminal', () => {
    const root = tmpRepo({ 'a.py': 'x\n' });
    const r = runCli(['check'], root);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/\u001b\[/);
    expect(r.stdout).toMatch(/notice: No guardrails file/);
  });
});

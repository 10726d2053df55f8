import { describe, expect, it } from 'vitest';
import { tmpRepo } from '../helpers.js';
import { runAction } from './runner.js';

const guardrails = `version: 1
guardrails:
  - id: no-print
    severity: warning
    check: pattern
    paths: ["**/*.py"]
    forbid: 'print\\('
  - id: backend-size
    check: max-lines
    paths: ["backend/**/*.py"]
    max: 3
`;

function fixture(): string {
  return tmpRepo({ 'infra/selfcheck/guardrails.yaml': guardrails, 'backend/main.py': 'import os\nprint("debug")\nx = 1\ny = 2\n' }, { git: true });
}

/** Annotations of findings carry a file; the step's own failure message does not. */
function count(stdout: string): { error: number; warning: number; notice: number } {
  const lines = stdout.split('\n');
  const n = (t: string): number => lines.filter((l) => l.startsWith(`::${t} `) && l.includes('file=')).length;
  return { error: n('error'), warning: n('warning'), notice: n('notice') };
}

describe("input 'annotations' through dist/index.js", () => {
  it('all (default) annotates every finding', () => {
    const r = runAction(fixture(), {});
    expect(r.status, r.stderr).toBe(1);
    expect(count(r.stdout)).toEqual({ error: 1, warning: 1, notice: 0 });
  });
  it('gate annotates only the findings failing the gate', () => {
    const r = runAction(fixture(), { annotations: 'gate' });
    expect(r.status, r.stderr).toBe(1);
    expect(count(r.stdout)).toEqual({ error: 1, warning: 0, notice: 0 });
  });
  it('none annotates no finding, the step still fails', () => {
    const r = runAction(fixture(), { annotations: 'none' });
    expect(r.status, r.stderr).toBe(1);
    expect(count(r.stdout)).toEqual({ error: 0, warning: 0, notice: 0 });
    expect(r.outputs.errors).toBe('1');
  });
  it('an invalid value is a usage error naming the input, exit 2', () => {
    const r = runAction(fixture(), { annotations: 'some' });
    expect(r.status).toBe(2);
    expect(r.stdout + r.stderr).toContain("input 'annotations'");
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });
});

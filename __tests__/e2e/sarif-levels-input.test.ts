import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpRepo } from '../helpers.js';
import { REPO, runAction, runCli } from './runner.js';

const EXAMPLE = path.join(REPO, 'examples/reference-system');

type Result = { ruleId: string; level?: string; properties?: { severity?: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] };

/** The reference example as a git repository with a committed baseline that knows every finding. */
function exampleWithBaseline(): { ws: string; sha: string } {
  const ws = tmpRepo({});
  cpSync(EXAMPLE, ws, { recursive: true });
  const b = runCli(['baseline', 'update', '--root', ws], ws);
  expect(b.status, b.stderr).toBe(0);
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args], { cwd: ws, encoding: 'utf8', stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'init');
  return { ws, sha: git('rev-parse', 'HEAD').trim() };
}

function run(ws: string, sha: string, inputs: Record<string, string>): { status: number | null; result: string | undefined; results: Result[]; stdout: string } {
  const event = { number: 7, pull_request: { number: 7, head: { sha }, base: { sha } } };
  const r = runAction(ws, { 'fail-on': 'new', 'sarif-file': 'out.sarif', ...inputs }, { eventName: 'pull_request', event, env: { GITHUB_SHA: sha } });
  const results = r.status === 2 ? [] : (JSON.parse(readFileSync(path.join(ws, 'out.sarif'), 'utf8')).runs[0].results as Result[]);
  return { status: r.status, result: r.outputs.result, results, stdout: r.stdout + r.stderr };
}

function levels(rs: Result[]): Record<string, number> {
  const n: Record<string, number> = {};
  for (const x of rs) n[x.level ?? 'none'] = (n[x.level ?? 'none'] ?? 0) + 1;
  return n;
}

/** A copy of a workspace (its .git too): the same commit, without building it again. */
function copyOf(ws: string): string {
  const dir = tmpRepo({});
  cpSync(ws, dir, { recursive: true });
  return dir;
}

describe("input 'sarif-levels' through dist/index.js (fail-on: new, a baseline that knows every finding)", () => {
  const pristine = exampleWithBaseline();
  const { sha } = pristine;
  const ws = copyOf(pristine.ws);

  it('severity (default): the known errors stay errors, which would fail code scanning’s check while the Action passes', () => {
    const r = run(ws, sha, {});
    expect(r.status, r.stdout.slice(-2000)).toBe(0);
    expect(r.result).toBe('pass');
    expect(r.results.length).toBeGreaterThan(10);
    expect(levels(r.results).error).toBeGreaterThan(0);
    expect(r.results.some((x) => x.properties?.severity !== undefined)).toBe(false);
  });

  it('gate: no result is an error, every result has its level, the severity is kept', () => {
    const severity = run(ws, sha, { 'sarif-levels': 'severity' });
    const r = run(ws, sha, { 'sarif-levels': 'gate' });
    expect(r.status, r.stdout.slice(-2000)).toBe(0);
    expect(r.result).toBe('pass');
    expect(r.results.length).toBe(severity.results.length);
    expect(levels(r.results).error).toBeUndefined();
    expect(r.results.every((x) => x.level === 'warning' || x.level === 'note')).toBe(true);
    expect(r.results.map((x) => x.properties?.severity)).toEqual(severity.results.map((x) => x.level));
  });

  it('gate: a new finding (a warning) is the one error result, and the Action fails with it', () => {
    const ws2 = copyOf(pristine.ws);
    appendFileSync(path.join(ws2, 'backend/main.py'), '\nprint("new debugging")\n');
    const r = run(ws2, sha, { 'sarif-levels': 'gate' });
    expect(r.status).toBe(1);
    expect(r.result).toBe('fail');
    const errors = r.results.filter((x) => x.level === 'error');
    expect(errors.map((x) => [x.ruleId, x.locations[0]!.physicalLocation.artifactLocation.uri, x.properties?.severity])).toEqual([['no-print-debugging', 'backend/main.py', 'warning']]);
  });

  it('an invalid value is a usage error naming the input, exit 2', () => {
    const r = run(ws, sha, { 'sarif-levels': 'errors' });
    expect(r.status).toBe(2);
    expect(r.stdout).toContain("input 'sarif-levels' must be one of severity, gate, not 'errors'");
    expect(r.stdout).not.toMatch(/\n\s+at /);
  });
});

describe('check --sarif-levels through dist/cli.js', () => {
  const guardrails = 'version: 1\nguardrails:\n  - id: no-eval\n    check: pattern\n    paths: ["**/*.py"]\n    forbid: "eval\\\\("\n';

  it('gate with --fail-on none: the error finding is a warning result; severity keeps it an error', () => {
    const root = tmpRepo({ 'infra/selfcheck/guardrails.yaml': guardrails, 'a.py': 'eval(x)\n' });
    const lvl = (mode: string) => {
      const r = runCli(['check', '--root', root, '--fail-on', 'none', '--sarif', path.join(root, `${mode}.sarif`), '--sarif-levels', mode], root);
      expect(r.status, r.stderr).toBe(0);
      return (JSON.parse(readFileSync(path.join(root, `${mode}.sarif`), 'utf8')).runs[0].results as Result[]).map((x) => [x.level, x.properties?.severity]);
    };
    expect(lvl('severity')).toEqual([['error', undefined]]);
    expect(lvl('gate')).toEqual([['warning', 'error']]);
  });

  it('an invalid value: one line, exit 2', () => {
    const root = tmpRepo({ 'a.py': 'x = 1\n' });
    const r = runCli(['check', '--root', root, '--sarif-levels', 'strict'], root);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("error: --sarif-levels must be one of severity, gate, not 'strict'\n");
  });
});

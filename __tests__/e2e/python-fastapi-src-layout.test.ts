import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runAction, runCli } from './runner.js';

/**
 * The shape of the full-stack FastAPI template with a src layout (backend/pyproject.toml declares
 * `packages = [{ include = "app", from = "src" }]`): a namespace folder without __init__.py deep
 * inside the package holding a real two-module cycle, routes behind `prefix=settings.API_V1_STR`,
 * and a session secret whose Starlette `config(…, default="changeme")` default is a placeholder.
 */
const FIXTURE = path.join(REPO, '__tests__/fixtures/fastapi-src-layout');
const SECRET = 'changeme';
const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

function copy(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'la-fastapi-'));
  made.push(dir);
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

describe('dist/ on a FastAPI src-layout repository', () => {
  it('CLI: the cycle in the namespace folder, the route under /api/v1, the default secret flagged and redacted', () => {
    const root = copy();
    const out = mkdtempSync(path.join(os.tmpdir(), 'la-out-'));
    made.push(out);
    const r = runCli(['check', '--root', root, '--json', path.join(out, 'r.json'), '--sarif', path.join(out, 'r.sarif')], out);
    expect(r.status, r.stderr).toBe(1);
    const report = JSON.parse(readFileSync(path.join(out, 'r.json'), 'utf8'));
    const status = Object.fromEntries(report.guardrails.map((g: { id: string; status: string }) => [g.id, g.status]));
    expect(status).toEqual({ 'no-cycles-backend': 'fail', 'health-route': 'pass', 'session-secret-not-default': 'fail' });
    const cycle = report.findings.find((f: { ruleId: string }) => f.ruleId === 'no-cycles-backend');
    expect(cycle.properties.members).toEqual(['backend/src/app/data/source/providers/github.py', 'backend/src/app/data/source/registry.py']);
    expect(`${cycle.file}:${cycle.line}`).toBe('backend/src/app/data/source/providers/github.py:2');
    const secret = report.findings.find((f: { ruleId: string }) => f.ruleId === 'session-secret-not-default');
    expect(`${secret.file}:${secret.line}`).toBe('backend/src/app/core/security.py:9');
    // nothing unresolved, so no notice about it
    expect(report.notices.join('\n')).not.toContain('not found');
    for (const text of [r.stdout, r.stderr, readFileSync(path.join(out, 'r.json'), 'utf8'), readFileSync(path.join(out, 'r.sarif'), 'utf8')]) expect(text).not.toContain(SECRET);
  });

  it('CLI routes lists the health check as users write it', () => {
    const r = runCli(['routes', '--root', copy()], REPO);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('/api/v1/utils/health-check/');
    expect(r.stdout).not.toContain('«');
  });

  it('Action: the same three verdicts, and the secret nowhere in outputs, summary or annotations', () => {
    const ws = copy();
    const run = runAction(ws, {});
    expect(run.status, run.stderr).toBe(1);
    expect(JSON.parse(run.outputs['failed-guardrails']!)).toEqual(['no-cycles-backend', 'session-secret-not-default']);
    expect(run.summary).toContain('health-route');
    for (const text of [run.stdout, run.stderr, run.summary, JSON.stringify(run.outputs), readFileSync(path.join(ws, 'guardrails.sarif'), 'utf8')]) expect(text).not.toContain(SECRET);
  });

  it('suggest does not claim "no cycle today" for a folder that holds the cycle', () => {
    const root = copy();
    rmSync(path.join(root, 'infra/selfcheck/guardrails.yaml')); // nothing configured: every folder is a candidate
    const r = runCli(['suggest', '--root', root, '--no-verify'], REPO);
    expect(r.status, r.stderr).toBe(0);
    const claimed = [...r.stdout.matchAll(/^\s*# (\S+)\/: .*no cycle today/gm)].map((m) => m[1]!);
    expect(claimed.filter((dir) => 'backend/src/app/data/source/'.startsWith(`${dir}/`))).toEqual([]);
  });
});

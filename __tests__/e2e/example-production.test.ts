import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpRepo } from '../helpers.js';
import { REPO, runCli } from './runner.js';

const EXAMPLE = path.join(REPO, 'examples/reference-system');
const IDS = ['secret-key-not-default', 'cors-origins-not-wildcard', 'db-pool-size-bounded', 'health-routes'];

interface Out {
  findings: { ruleId: string; file: string; line: number; message: string; properties?: Record<string, unknown> }[];
  guardrails: { id: string; status: string }[];
}

function check(): { report: Out; raw: string; status: number | null } {
  const out = path.join(tmpRepo({}), 'r.json');
  const r = runCli(['check', '--root', EXAMPLE, '--only', IDS.join(','), '--json', out, '--no-commands'], REPO);
  const raw = readFileSync(out, 'utf8');
  return { report: JSON.parse(raw) as Out, raw, status: r.status };
}

describe('the example’s production-safety guardrails (bundled CLI)', () => {
  const { report, raw, status } = check();

  it('catch exactly the planted config and route violations, none of the decoys', () => {
    expect(status).toBe(1);
    expect(report.findings.map((f) => [f.ruleId, f.file, f.line])).toEqual([
      ['cors-origins-not-wildcard', '.env.production', 3],
      ['cors-origins-not-wildcard', 'backend/config.py', 42],
      ['health-routes', 'infra/selfcheck/guardrails.yaml', 166],
      ['secret-key-not-default', '.env.production', 2],
      ['secret-key-not-default', 'backend/config.py', 39],
    ]);
    expect(Object.fromEntries(report.guardrails.map((g) => [g.id, g.status]))).toEqual({
      'secret-key-not-default': 'fail',
      'cors-origins-not-wildcard': 'fail',
      'db-pool-size-bounded': 'pass',
      'health-routes': 'fail',
    });
  });

  it('says what is wrong, names the nearest routes, and never prints the secret values', () => {
    const msg = Object.fromEntries(report.findings.map((f) => [`${f.file}:${f.line}`, f.message]));
    expect(msg['backend/config.py:42']).toBe('CORS_ORIGINS contains the forbidden value "*": ["*"]');
    expect(msg['.env.production:3']).toBe('CORS_ORIGINS is set to a forbidden value: "*"');
    expect(msg['infra/selfcheck/guardrails.yaml:166']).toBe(
      'GET /health/liveness is not a route in backend/**/*.py; nearest: GET /health/readiness (backend/main.py:713), GET /health (backend/main.py:703), GET /api/events (backend/main.py:381)',
    );
    expect(msg['backend/config.py:39']).toMatch(/^SECRET_KEY is set to a forbidden value: .*redacted/);
    expect(raw).not.toContain('dev-secret');
    expect(raw).not.toContain('change-me');
  });

  it('living-architecture routes lists the example’s routes with prefixes composed across files', () => {
    const r = runCli(['routes', '--root', EXAMPLE, '--format', 'json'], REPO);
    expect(r.status, r.stderr).toBe(0);
    const { routes } = JSON.parse(r.stdout) as { routes: { method: string; path: string; file: string; line: number }[] };
    const at = (m: string, p: string) => routes.filter((x) => x.method === m && x.path === p).map((x) => `${x.file}:${x.line}`);
    expect(at('GET', '/api/users/me')).toEqual(['backend/routes/users.py:34']);
    expect(at('POST', '/api/workflows/{workflow_id}/execute')).toEqual(['backend/main.py:592']);
    expect(at('POST', '/api/events/batch')).toEqual(['backend/main.py:419']);
    expect(at('GET', '/api/health')).toEqual(['frontend/app/api/health/route.ts:7']);
    expect(at('GET', '/health/liveness')).toEqual([]);
    expect(routes).toHaveLength(29);
  });
});

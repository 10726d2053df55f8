import { spawn } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { deadPort } from '../slo/server.js';
import { tmpRepo } from '../helpers.js';
import { REPO, runAction, runCli } from './runner.js';

const EXAMPLE = path.join(REPO, 'examples/reference-system');
const MAP = 'src/observability/system_intelligence_map.json';
const MAP_TEXT = readFileSync(path.join(EXAMPLE, MAP), 'utf8');
const GUARDRAILS_TEXT = readFileSync(path.join(EXAMPLE, 'infra/selfcheck/guardrails.yaml'), 'utf8');
/** The guardrails of the done evolution items: the regressed check judges those that ran. */
const DONE = ['secret-key-not-default', 'cors-origins-not-wildcard', 'no-cors-wildcard', 'readiness-reports-pool'];

interface F {
  ruleId: string;
  level: string;
  file: string;
  line: number;
  message: string;
  goals?: string[];
  properties?: Record<string, unknown>;
}

function check(only: string[]): { findings: F[]; guardrails: { id: string; status: string; detail?: string }[]; goals: { id: string }[] } {
  const out = path.join(tmpRepo({}), 'r.json');
  const r = runCli(['check', '--root', EXAMPLE, '--only', only.join(','), '--json', out, '--fail-on', 'none', '--no-commands'], REPO);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(readFileSync(out, 'utf8'));
}

/** Lines of the map that name a guardrail still commented out in guardrails.yaml (README: "Until the commented guardrails are enabled"). */
function referencesToCommentedGuardrails(): string[] {
  const commented = [...GUARDRAILS_TEXT.matchAll(/^#[ \t]+- id: (\S+)$/gm)].map((m) => m[1]!);
  const lines = MAP_TEXT.split('\n');
  const out: string[] = [];
  lines.forEach((l, i) => {
    const id = /^\s*"([^"]+)",?$/.exec(l)?.[1];
    if (id && commented.includes(id)) out.push(`unknown-reference warning ${MAP}:${i + 1}`);
  });
  return out;
}

describe('the example’s intelligence map and SLO file (bundled CLI)', () => {
  const report = check(['intelligence-map', 'slo-monitors', ...DONE]);
  const map = report.findings.filter((f) => f.ruleId.startsWith('intelligence-map/'));

  it('reports exactly the planted drift and none of the decoys', () => {
    const got = map.map((f) => `${f.ruleId.slice('intelligence-map/'.length)} ${f.level} ${f.file}:${f.line}`).sort();
    const planted = [
      `missing-module warning ${MAP}:70`,
      `missing-route error ${MAP}:342`,
      `unknown-reference warning ${MAP}:360`,
      'unmapped-module warning backend/reports.py:1',
      `regressed error ${MAP}:475`,
    ];
    expect(got).toEqual([...planted, ...referencesToCommentedGuardrails()].sort());
    const by = (rule: string, line: number) => map.find((f) => f.ruleId === `intelligence-map/${rule}` && f.line === line)!;
    expect(by('missing-module', 70).message).toBe('Module backend/legacy_auth.py does not exist (it serves user-authentication). Remove the entry or correct its path.');
    expect(by('missing-route', 342).message).toMatch(
      /^Critical path POST \/api\/auth\/refresh of goal "user-authentication" is not a route in the code; nearest: POST \/api\/auth\/register \(backend\/main\.py:339\)/,
    );
    expect(by('unknown-reference', 360).message).toBe(
      'Goal "event-tracking" refers to SLO "data-consistency", which infra/selfcheck/slo-monitors.yml does not define. Known: api-availability, api-latency, db-pool-health.',
    );
    const regressed = by('regressed', 475);
    expect(regressed.properties).toMatchObject({
      item: 'Fix SECRET_KEY and CORS validation (fail in production)',
      phase: 'immediate',
      failing: ['cors-origins-not-wildcard', 'no-cors-wildcard', 'secret-key-not-default'],
    });
    expect(regressed.goals).toEqual(['user-authentication']);
    // Decoys: the other done item (:484) passes, the planned one (:491) cannot regress, the critical
    // paths with other parameter names or router prefixes exist, and every SLO probes a real route.
    expect(map.some((f) => f.line === 484 || f.line === 491)).toBe(false);
    expect(report.findings.filter((f) => f.ruleId.startsWith('slo-monitors/'))).toEqual([]);
    expect(report.guardrails.find((g) => g.id === 'slo-monitors')).toMatchObject({ status: 'pass', detail: '3 SLOs, 3 probed paths' });
  });

  it('every finding carries the business goals the map links to its file, and the goals at risk are listed', () => {
    const cors = report.findings.find((f) => f.ruleId === 'no-cors-wildcard')!;
    expect(cors).toMatchObject({ file: 'backend/main.py', goals: ['event-tracking', 'user-authentication', 'workflow-execution'] });
    expect(report.goals.map((g) => g.id)).toEqual(['user-authentication', 'event-tracking', 'workflow-execution']);
  });

  it('map generate keeps every human field of the example’s map; map diff shows its drift', () => {
    const copy = tmpRepo({});
    cpSync(EXAMPLE, copy, { recursive: true });
    const diff = runCli(['map', 'diff', '--root', copy], REPO);
    expect(diff.status, diff.stderr).toBe(1);
    expect(diff.stdout).toContain('Modules added (no map entry):\n  + backend/reports.py\n\nModules removed (no longer in the code):\n  - backend/legacy_auth.py\n');
    expect(diff.stdout).toContain('Critical paths with no route:\n  - POST /api/auth/refresh (goal user-authentication)\n');
    const gen = runCli(['map', 'generate', '--root', copy], REPO);
    expect(gen.status, gen.stderr).toBe(0);
    const before = JSON.parse(MAP_TEXT);
    const after = JSON.parse(readFileSync(path.join(copy, MAP), 'utf8'));
    for (const [key, entry] of Object.entries(before.modules as Record<string, Record<string, unknown>>)) {
      if (key === 'backend/legacy_auth.py') continue;
      expect(after.modules[key]).toMatchObject(entry);
    }
    expect(after.modules['backend/legacy_auth.py']).toBeUndefined();
    expect(after.modules['backend/reports.py']).toMatchObject({ purpose: '', goals: [] });
    expect(after.modules['backend/main.py'].routes).toContain('POST /api/workflows/{workflow_id}/execute');
    expect(after.modules['backend/database.py'].wraps).toEqual(['database']);
    for (const k of ['goals', 'truths', 'evolution']) expect(after[k]).toEqual(before[k]);
    expect(after.resilience.slice(0, 3)).toEqual(before.resilience);
    // What is left is for a person: the critical path with no route.
    const again = runCli(['map', 'diff', '--root', copy], REPO);
    expect(again.stdout).toBe(`${MAP} differs from the code: 1 change.\n\nCritical paths with no route:\n  - POST /api/auth/refresh (goal user-authentication)\n`);
  });

  it('suggest prints guardrails that hold on the example, and they pass when run', () => {
    const r = runCli(['suggest', '--root', EXAMPLE], REPO);
    expect(r.status, r.stderr).toBe(0);
    const doc = parse(r.stdout) as { guardrails: { id: string; check: string }[] };
    expect(doc.guardrails.length).toBeGreaterThan(0);
    // The backend has a cycle and an upward import today: nothing may claim it is acyclic or layered.
    expect(doc.guardrails.map((g) => g.id)).not.toContain('no-cycles-backend');
    expect(doc.guardrails.map((g) => g.id)).not.toContain('layers-backend');
    const dir = tmpRepo({ 'suggested.yaml': r.stdout });
    const run = runCli(['check', '--root', EXAMPLE, '--config', path.join(dir, 'suggested.yaml'), '--only', doc.guardrails.map((g) => g.id).join(',')], REPO);
    expect(run.status, run.stdout).toBe(0);
  });
});

/**
 * The service under test in its own process (runAction blocks this one while the Action runs):
 * /__slow makes /api/events answer in 260 ms from then on.
 */
async function serviceProcess(): Promise<{ url: string; slow: () => Promise<void>; stop: () => void }> {
  const script = `
    const http = require('node:http');
    let slow = false;
    const s = http.createServer((req, res) => {
      const p = req.url.split('?')[0];
      if (p === '/__slow') { slow = true; return res.end('ok'); }
      const body = p === '/health/readiness' ? JSON.stringify({ database: { pool: { utilization: 0.42 } } }) : '{"ok":true}';
      setTimeout(() => res.end(body), slow && p === '/api/events' ? 260 : 0);
    });
    s.listen(0, '127.0.0.1', () => console.log(s.address().port));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())));
  const url = `http://127.0.0.1:${port}`;
  return { url, slow: async () => void (await fetch(`${url}/__slow`)).text(), stop: () => child.kill() };
}

describe('mode: slo of the bundled Action against a local service', async () => {
  const service = await serviceProcess();
  afterAll(() => service.stop());
  const workspace = tmpRepo({
    'infra/selfcheck/slo-monitors.yml':
      'version: 1\nslos:\n  - id: api-availability\n    availability: 99.9\n    probe: { path: /health, requests: 20, expect-status: 200 }\n  - id: api-latency\n    latency: { p95: 200ms, p99: 500ms }\n    probe: { path: /api/events, requests: 20, concurrency: 4 }\n  - id: db-pool-health\n    gauge: { path: /health/readiness, json: database.pool.utilization, max: 0.9 }\n',
  });

  it('measures every SLO, writes the summary section and slo-breached, and fails the step on a breach', async () => {
    const ok = runAction(workspace, { mode: 'slo', 'base-url': service.url });
    expect(ok.status, ok.stdout).toBe(0);
    expect(ok.outputs).toMatchObject({ result: 'pass', 'slo-breached': '[]' });
    expect(ok.summary).toMatch(/^## ✅ SLOs: 3 SLOs met\n/);
    expect(ok.summary).toContain('| ✅ | <code>db-pool-health</code> | database.pool.utilization | ≤ 0.9 | 0.42 |');
    const json = JSON.parse(readFileSync(path.join(ok.dir, 'living-architecture-slo.json'), 'utf8'));
    expect(json.slos.map((s: { id: string; breached: boolean }) => [s.id, s.breached])).toEqual([
      ['api-availability', false],
      ['api-latency', false],
      ['db-pool-health', false],
    ]);
    await service.slow();
    const bad = runAction(workspace, { mode: 'slo', 'base-url': service.url });
    expect(bad.status).toBe(1);
    expect(bad.outputs).toMatchObject({ result: 'fail', 'slo-breached': '["api-latency"]' });
    expect(bad.summary).toMatch(/\| ❌ \| <code>api-latency<\/code> \| p95 latency \| ≤ 200 ms \| \d+(\.\d)? ms \|/);
    expect(bad.annotations.some((a) => a.level === 'error' && a.message.startsWith('SLOs breached: api-latency (api-latency: p95 '))).toBe(true);
  });

  it('without base-url, or against nothing, it is a configuration error (exit 2), never a pass', async () => {
    const none = runAction(workspace, { mode: 'slo' });
    expect(none.status).toBe(2);
    expect(none.stdout).toContain("mode: slo needs the input 'base-url'");
    const url = await deadPort();
    const dead = runAction(workspace, { mode: 'slo', 'base-url': url });
    expect(dead.status).toBe(2);
    expect(dead.stdout).toContain(`cannot reach ${url}: ECONNREFUSED`);
  });
});

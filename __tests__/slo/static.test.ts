import { describe, expect, it } from 'vitest';
import { runOn } from '../run.js';

const APP = {
  'backend/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n@app.get("/health")\ndef h(): ...\n@app.get("/api/events")\ndef e(): ...\n',
};
const SLO = 'infra/selfcheck/slo-monitors.yml';
const GUARDRAILS = 'version: 1\nguardrails: []\n';
const MAP = 'src/observability/system_intelligence_map.json';

describe('the SLO static check', () => {
  it('every probed path is a route in the code; one that is not is a finding at its line, with the goals that count on the SLO', async () => {
    const yaml =
      'version: 1\nslos:\n  - id: up\n    availability: 99.9\n    probe: { path: "/health?deep=1", requests: 10 }\n  - id: fast\n    latency: { p95: 200ms }\n    probe: { method: POST, path: /api/events, requests: 10 }\n  - id: pool\n    gauge: { path: /health/readiness, json: db.pool, max: 0.9 }\n';
    const map = JSON.stringify({ version: 1, modules: { 'backend/main.py': { goals: ['events'] } }, goals: { events: { slos: ['fast', 'pool'] } } });
    const { report } = await runOn({ ...APP, [SLO]: yaml, [MAP]: map }, GUARDRAILS);
    expect(report.findings.map((f) => [f.ruleId, f.file, f.line, f.column, f.goals])).toEqual([
      ['slo-monitors/missing-route', SLO, 8, 34, ['events']],
      ['slo-monitors/missing-route', SLO, 10, 20, ['events']],
    ]);
    expect(report.findings[0]!.message).toBe("SLO 'fast' probes POST /api/events, which is not a route in the code; nearest: GET /api/events (backend/main.py:5), GET /health (backend/main.py:3).");
    expect(report.findings[1]!.message).toBe(
      "SLO 'pool' gauges GET /health/readiness, which is not a route in the code; nearest: GET /health (backend/main.py:3), GET /api/events (backend/main.py:5).",
    );
    expect(report.guardrails.find((g) => g.id === 'slo-monitors')).toMatchObject({ status: 'fail', findings: 2, detail: '3 SLOs, 3 probed paths, 2 not routes', audit: SLO });
  });

  it('an invalid SLO file stops the run with file, line and column; a missing one is a notice', async () => {
    await expect(runOn({ ...APP, [SLO]: 'version: 1\nslos:\n  - id: up\n    availability: 120\n    probe: { path: /health }\n' }, GUARDRAILS)).rejects.toMatchObject({
      file: SLO,
      line: 4,
      column: 19,
      message: "'slos[0].availability' must be <= 100, not 120",
    });
    const { report } = await runOn(APP, GUARDRAILS);
    expect(report.notices).toContain(`No SLO monitors file at ${SLO}: the SLO checks were skipped.`);
    expect(report.guardrails).toEqual([]);
  });

  it('OpenSLO notes reach the report as notices', async () => {
    const open = 'apiVersion: openslo/v1\nkind: SLO\nmetadata: { name: up }\nspec:\n  indicator: { metadata: { name: r }, spec: { ratioMetric: {} } }\n  objectives: [{ target: 0.99 }]\n';
    const { report } = await runOn({ ...APP, [SLO]: open }, GUARDRAILS);
    expect(report.notices).toContain("OpenSLO SLO 'up': no living-architecture.dev/probe annotation, so it is not probed.");
    expect(report.guardrails.find((g) => g.id === 'slo-monitors')).toMatchObject({ status: 'pass', detail: '1 SLO, 0 probed paths' });
  });
});

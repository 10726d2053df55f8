import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSlo } from '../../src/slo/load.js';

const load = (text: string) => parseSlo(text, 'slo.yml', 'infra/slo.yml');

function errorOf(text: string): { message: string; line?: number; column?: number; hint?: string } {
  try {
    load(text);
  } catch (e) {
    return e as never;
  }
  throw new Error('no error');
}

describe('the SLO monitors file', () => {
  it('reads the example’s three SLOs with defaults, targets in milliseconds and where each path is written', () => {
    const text = readFileSync(new URL('../../examples/reference-system/infra/selfcheck/slo-monitors.yml', import.meta.url), 'utf8');
    const f = load(text);
    expect(f).toMatchObject({ format: 'native', maxRequests: 2000, rate: 100, notes: [] });
    expect(f.slos.map((s) => s.id)).toEqual(['api-availability', 'api-latency', 'db-pool-health']);
    const [avail, lat, pool] = f.slos;
    expect(avail).toMatchObject({
      availability: 99.9,
      probe: { method: 'GET', path: '/health', requests: 200, concurrency: 1, timeoutMs: 5000, expect: [200], pathPos: { file: 'infra/slo.yml', line: 7 } },
    });
    expect(lat).toMatchObject({ latency: { p95: 200, p99: 500 }, probe: { path: '/api/events', requests: 200, concurrency: 4, expect: ['2xx'] } });
    expect(pool).toMatchObject({ gauge: { path: '/health/readiness', json: 'database.pool.utilization', max: 0.9, samples: 1, pathPos: { line: 14 } } });
    expect(pool!.pos).toMatchObject({ line: 13, column: 5 });
  });

  it('durations: 200ms, 1.5s, 1m and plain milliseconds; budgets and rates from the file', () => {
    const f = load(
      'version: 1\nmax-requests: 50\nrate: 5\nslos:\n  - id: a\n    latency: { p50: 1.5s, p99.9: 1m, max: 250 }\n    probe: { path: /x, timeout: 10s, expect-status: [200, 3xx], headers: { Authorization: "Bearer ${T}" } }\n',
    );
    expect(f).toMatchObject({ maxRequests: 50, rate: 5 });
    expect(f.slos[0]).toMatchObject({ latency: { p50: 1500, 'p99.9': 60000, max: 250 }, probe: { timeoutMs: 10000, expect: [200, '3xx'], headers: { Authorization: 'Bearer ${T}' } } });
  });

  it('every mistake is one error with line and column', () => {
    expect(errorOf('')).toMatchObject({ message: 'the file is empty' });
    expect(errorOf('version: 1\nslos:\n  - id: a\n    availability: 99.9\n')).toMatchObject({ message: "SLO 'a': availability is measured by a probe; add probe: { path: … }", line: 3, column: 5 });
    expect(errorOf('version: 1\nslos:\n  - id: a\n    latency: { p95: 200 msec }\n    probe: { path: /x }\n')).toMatchObject({ line: 4, column: 21 });
    expect(errorOf('version: 1\nslos:\n  - id: a\n    availability: 99\n    probe: { path: /x, tiemout: 1s }\n')).toMatchObject({
      message: "'slos[0].probe': unknown key 'tiemout'",
      line: 5,
      column: 24,
      hint: "did you mean 'timeout'?",
    });
    expect(errorOf('version: 1\nslos:\n  - id: a\n    availability: 99\n    probe: { path: /x, timeout: 2m }\n')).toMatchObject({
      message: 'timeout "2m" is over the limit of 60s',
      line: 5,
      column: 33,
    });
    expect(errorOf('version: 1\nslos:\n  - id: a\n    availability: 99\n    probe: { path: health }\n')).toMatchObject({
      message: '\'slos[0].probe.path\' "health" is not allowed here',
      line: 5,
      column: 20,
    });
    expect(errorOf('version: 1\nslos:\n  - id: a\n    availability: 99\n    probe: { path: /x }\n  - id: a\n    gauge: { path: /y, json: a.b, max: 1 }\n')).toMatchObject({
      message: "duplicate SLO id 'a' (first on line 3)",
      line: 6,
      column: 9,
    });
    expect(errorOf('version: 1\nslos:\n  - id: g\n    gauge: { path: /y, json: "a..b", max: 1 }\n')).toMatchObject({
      message: 'SLO \'g\': cannot read the JSON path "a..b" at "..b"',
      line: 4,
      column: 30,
    });
    expect(errorOf('version: 1\nslos:\n  - id: g\n    gauge: { path: /y, json: a }\n')).toMatchObject({ line: 4 });
    expect(errorOf('version: 1\nslos:\n  - id: a\n    availability: 99\n    probe: { path: /x\n')).toMatchObject({ message: expect.stringMatching(/^YAML syntax error: Flow map/), line: 6 });
    expect(errorOf('version: 2\nslos: []\n')).toMatchObject({ message: 'unsupported version 2', line: 1, column: 10 });
  });
});

describe('OpenSLO v1', () => {
  const OPENSLO = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: api-availability
  displayName: API availability
  annotations:
    living-architecture.dev/probe: GET /health
    living-architecture.dev/requests: "50"
spec:
  service: api
  budgetingMethod: Occurrences
  timeWindow: [{ duration: 28d, isRolling: true }]
  indicator:
    metadata: { name: good-requests }
    spec:
      ratioMetric:
        good: { metricSource: { type: Prometheus, spec: { query: 'sum(rate(http_ok[5m]))' } } }
        total: { metricSource: { type: Prometheus, spec: { query: 'sum(rate(http_all[5m]))' } } }
  objectives:
    - displayName: three nines
      target: 0.999
---
apiVersion: openslo/v1
kind: SLI
metadata: { name: latency-sli }
spec:
  thresholdMetric: { metricSource: { type: Prometheus, spec: { query: 'histogram_quantile(...)' } } }
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: api-latency
  annotations:
    living-architecture.dev/probe: GET /api/events
    living-architecture.dev/concurrency: "4"
spec:
  service: api
  indicatorRef: latency-sli
  objectives:
    - { displayName: p95, op: lte, value: 200, target: 0.95 }
    - { displayName: p99, op: lte, value: 500, target: 0.99 }
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: pool
  annotations:
    living-architecture.dev/probe: GET /health/readiness
    living-architecture.dev/gauge-json: database.pool.utilization
spec:
  indicator: { metadata: { name: util }, spec: { thresholdMetric: { metricSource: { type: Datadog } } } }
  objectives: [{ op: lt, value: 0.9, target: 1 }]
---
apiVersion: openslo/v1
kind: SLO
metadata: { name: data-consistency }
spec:
  indicatorRef: nowhere
  objectives: [{ target: 0.99 }]
---
apiVersion: openslo/v1
kind: AlertPolicy
metadata: { name: page-me }
`;

  it('maps what a probe can measure and says what it cannot', () => {
    const f = load(OPENSLO);
    expect(f.format).toBe('openslo');
    expect(f.slos.map((s) => s.id)).toEqual(['api-availability', 'api-latency', 'pool', 'data-consistency']);
    const [avail, lat, pool, data] = f.slos;
    expect(avail).toMatchObject({ title: 'API availability', availability: 99.9, probe: { method: 'GET', path: '/health', requests: 50, concurrency: 1, expect: ['2xx'], pathPos: { line: 7 } } });
    expect(avail!.pos).toMatchObject({ file: 'infra/slo.yml', line: 4 });
    expect(lat).toMatchObject({ latency: { p95: 200, p99: 500 }, probe: { path: '/api/events', concurrency: 4 } });
    expect(pool).toMatchObject({ gauge: { path: '/health/readiness', json: 'database.pool.utilization', max: 0.9 } });
    expect(pool!.probe).toBeUndefined();
    expect(data).toMatchObject({ id: 'data-consistency' });
    expect(data!.probe ?? data!.gauge).toBeUndefined();
    expect(f.notes).toEqual([
      "OpenSLO SLO 'api-availability': not used by probes: timeWindow, budgetingMethod, service, metric sources.",
      "OpenSLO SLO 'api-latency': not used by probes: service, metric sources.",
      "OpenSLO SLO 'pool': not used by probes: metric sources.",
      "OpenSLO SLO 'data-consistency': indicatorRef 'nowhere' is not an SLI of slo.yml; its kind of objective is unknown.",
      "OpenSLO SLO 'data-consistency': objective 1 (unnamed) cannot be measured by a probe (no ratioMetric or thresholdMetric indicator).",
      "OpenSLO SLO 'data-consistency': no living-architecture.dev/probe annotation, so it is not probed.",
      'OpenSLO kinds not used: AlertPolicy.',
    ]);
  });

  it('refuses other versions and malformed annotations, with their line', () => {
    expect(errorOf('apiVersion: openslo/v1alpha\nkind: SLO\nmetadata: { name: a }\n')).toMatchObject({ message: 'apiVersion "openslo/v1alpha" is not read', line: 1, column: 13 });
    expect(errorOf('apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: a\n  annotations: { living-architecture.dev/probe: health }\nspec: {}\n')).toMatchObject({ line: 5, column: 49 });
    expect(errorOf('apiVersion: openslo/v1\nkind: SLI\nmetadata: { name: a }\n')).toMatchObject({ message: 'no OpenSLO document of kind SLO' });
  });
});

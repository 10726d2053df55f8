import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseSlo } from '../../src/slo/load.js';
import { HttpClient, RateLimiter, type Sample } from '../../src/slo/http.js';
import { nearestRank } from '../../src/slo/measure.js';
import { sloJson, sloMarkdown, sloText } from '../../src/slo/report.js';
import { probeSlos, type SloRun } from '../../src/slo/run.js';
import { deadPort, testServer, type Reply, type TestServer } from './server.js';

const open: TestServer[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

/** A server where request i (after the preflight, which is request 0 of the first probed path) answers plan(i). */
async function serve(plans: Record<string, (i: number) => Reply>, preflightPath: string): Promise<TestServer> {
  const s = await testServer((n, p) => {
    const plan = plans[p];
    if (!plan) return { status: 404 };
    if (p === preflightPath) return n === 0 ? {} : plan(n - 1);
    return plan(n);
  });
  open.push(s);
  return s;
}

/** Runs `fn`, recording every sample the HTTP client measured, in order of completion. */
async function recordSamples<T>(fn: () => Promise<T>): Promise<{ result: T; samples: Sample[] }> {
  const samples: Sample[] = [];
  const original = HttpClient.prototype.request;
  const spy = vi.spyOn(HttpClient.prototype, 'request').mockImplementation(function (this: HttpClient, ...args: Parameters<HttpClient['request']>) {
    return original.apply(this, args).then((x) => (samples.push(x), x));
  });
  try {
    return { result: await fn(), samples };
  } finally {
    spy.mockRestore();
  }
}

const slo = (yaml: string) => parseSlo(yaml, 'slo.yml', 'slo.yml');
const result = (run: SloRun, id: string) => run.results.find((r) => r.id === id)!;

describe('slo probe against a real local service', () => {
  it('latency percentiles by nearest rank over the measured samples, each no faster than its planned delay', async () => {
    const delays = Array.from({ length: 40 }, (_, i) => i * 20);
    const s = await serve({ '/api/events': (i) => ({ delayMs: delays[i]! }) }, '/api/events');
    // The samples as measured (no wall-clock upper bound: the machine may be loaded and every sample
    // only ever gets slower); the percentiles must be the nearest ranks of exactly these.
    const measured = await recordSamples(() =>
      probeSlos(slo('version: 1\nslos:\n  - id: api-latency\n    latency: { p95: 200ms, p99: 500ms }\n    probe: { path: /api/events, requests: 40, concurrency: 10 }\n'), {
        baseUrl: s.url,
        rate: 1000,
      }),
    );
    const run = measured.result;
    const r = result(run, 'api-latency');
    const ms = measured.samples.slice(1).map((x) => x.ms); // after the preflight
    expect(ms).toHaveLength(40);
    expect(r.observed.p95).toBe(Math.round(nearestRank(ms, 95) * 10) / 10);
    expect(r.observed.p99).toBe(Math.round(nearestRank(ms, 99) * 10) / 10);
    expect(nearestRank(delays, 95)).toBe(740);
    // Never faster than planned: p95 is rank 38 of 40, so at least the 37th planned delay (720 ms, one
    // probe either side of concurrency), p99 at least the 39th (760 ms).
    expect(r.observed.p95).toBeGreaterThanOrEqual(720);
    expect(r.observed.p99).toBeGreaterThanOrEqual(760);
    expect(r).toMatchObject({ target: { p95: 200, p99: 500 }, breached: true, requests: 40, failures: {} });
    expect(r.breaches).toEqual([`p95 ${r.observed.p95} ms > 200 ms`, `p99 ${r.observed.p99} ms > 500 ms`]);
    expect(run).toMatchObject({ breached: ['api-latency'], requests: 41 });
    expect(s.count('/api/events')).toBe(41);
  });

  it('availability: the share of probes with the expected status, exact; breaches detected, a met SLO is not breached', async () => {
    const fail = (i: number) => i % 50 === 7;
    const s = await serve({ '/health': (i) => (fail(i) ? { status: 503 } : {}), '/ok': () => ({}) }, '/health');
    const file = slo(
      'version: 1\nslos:\n  - id: strict\n    availability: 99.9\n    probe: { path: /health, requests: 200, concurrency: 8, expect-status: 200 }\n  - id: lenient\n    availability: 97.5\n    probe: { path: /ok, requests: 20 }\n',
    );
    const run = await probeSlos(file, { baseUrl: s.url, rate: 1000 });
    expect(result(run, 'strict')).toMatchObject({
      target: { availability: 99.9 },
      observed: { availability: 98 },
      breached: true,
      failures: { '503': 4 },
      breaches: ['availability 98% < 99.9% (4 of 200 failed)'],
    });
    expect(result(run, 'lenient')).toMatchObject({ observed: { availability: 100 }, breached: false, breaches: [] });
    expect(run.breached).toEqual(['strict']);
    expect(JSON.parse(sloJson(run)).slos.map((x: { id: string; target: unknown; observed: unknown; breached: boolean }) => [x.id, x.target, x.observed, x.breached])).toEqual([
      ['strict', { availability: 99.9 }, { availability: 98 }, true],
      ['lenient', { availability: 97.5 }, { availability: 100 }, false],
    ]);
    expect(sloText(run)).toContain('  ✖ strict   availability         98%  target ≥ 99.9%\n  ✔ lenient  availability        100%  target ≥ 97.5%\n\nfailed requests:\n  strict: 4 × 503\n');
    expect(sloMarkdown(run)).toContain('| ❌ | <code>strict</code> | availability | ≥ 99.9% | 98% |');
  });

  it('a request over its timeout fails (and counts at its timeout in the latencies)', async () => {
    // Wide margins (instant answers against a 2 s timeout, slow ones held 10 s) so a loaded machine
    // cannot turn a fast answer into a timeout or a slow one into an answer.
    const s = await serve({ '/slow': (i) => ({ delayMs: i < 3 ? 10_000 : 0 }) }, '/slow');
    const run = await probeSlos(slo('version: 1\nslos:\n  - id: s\n    availability: 90\n    latency: { max: 1s }\n    probe: { path: /slow, requests: 10, concurrency: 5, timeout: 2s }\n'), {
      baseUrl: s.url,
      rate: 1000,
    });
    const r = result(run, 's');
    expect(r).toMatchObject({ observed: { availability: 70 }, failures: { timeout: 3 }, breached: true });
    expect(r.observed.max).toBeGreaterThanOrEqual(2000);
    expect(r.observed.max).toBeLessThan(10_000); // counted at its timeout, not at the server's answer
  });

  it('gauges read a number from a JSON path; over max or missing is a breach', async () => {
    let util: unknown = 0.95;
    const s = await serve({ '/health/readiness': () => ({ body: JSON.stringify({ database: { pool: { utilization: util, size: 10 } } }) }) }, '/health/readiness');
    const file = slo('version: 1\nslos:\n  - id: pool\n    gauge: { path: /health/readiness, json: database.pool.utilization, max: 0.9, samples: 3 }\n');
    expect(result(await probeSlos(file, { baseUrl: s.url }), 'pool')).toMatchObject({
      target: { 'gauge:database.pool.utilization:max': 0.9 },
      observed: { 'gauge:database.pool.utilization:max': 0.95 },
      breached: true,
      breaches: ['database.pool.utilization = 0.95 > 0.9'],
      requests: 3,
    });
    util = 0.4;
    expect(result(await probeSlos(file, { baseUrl: s.url }), 'pool')).toMatchObject({ breached: false, observed: { 'gauge:database.pool.utilization:max': 0.4 } });
    util = 'n/a';
    expect(result(await probeSlos(file, { baseUrl: s.url }), 'pool')).toMatchObject({ breached: true, breaches: ['no number at database.pool.utilization (not a number: "n/a")'] });
  });

  it('an unreachable service is a clear error, not 0% availability', async () => {
    const url = await deadPort();
    const file = slo('version: 1\nslos:\n  - id: a\n    availability: 99\n    probe: { path: /health, requests: 5 }\n');
    await expect(probeSlos(file, { baseUrl: url })).rejects.toThrow(new RegExp(`^cannot reach ${url.replace(/[.]/g, '\\.')}: ECONNREFUSED$`));
    await expect(probeSlos(file, { baseUrl: 'ftp://example.com' })).rejects.toThrow('base URL must be http or https, not ftp:');
    await expect(probeSlos(file, { baseUrl: 'http://user:pw@127.0.0.1:1' })).rejects.toThrow('base URL must not contain credentials');
  });

  it('never hammers: a run over the request budget does not start, concurrency and rate are bounded', async () => {
    const s = await serve({ '/x': () => ({ delayMs: 20 }) }, '/x');
    const big = slo('version: 1\nmax-requests: 100\nslos:\n  - id: a\n    availability: 99\n    probe: { path: /x, requests: 100, concurrency: 10 }\n');
    await expect(probeSlos(big, { baseUrl: s.url })).rejects.toThrow('the SLOs ask for 101 requests (preflight included), over the budget of 100');
    expect(s.count()).toBe(0);
    const run = await probeSlos(big, { baseUrl: s.url, maxRequests: 101, rate: 1000, only: ['a'] });
    expect(run.requests).toBe(101);
    const conc = slo('version: 1\nslos:\n  - id: a\n    availability: 99\n    probe: { path: /x, requests: 40, concurrency: 4 }\n');
    const s4 = await serve({ '/x': () => ({ delayMs: 20 }) }, '/x');
    await probeSlos(conc, { baseUrl: s4.url, rate: 1000 });
    expect(s4.count()).toBe(41);
    expect(s4.maxInFlight()).toBeLessThanOrEqual(4);
    expect(s4.maxInFlight()).toBeGreaterThanOrEqual(2);
    // At 50 requests per second, each of the 10 requests (preflight included) waits its turn from a
    // limiter spaced 20 ms apart (the spacing itself is proven on a fake clock in the next test; no
    // wall-clock measure here, the machine may be loaded): counted, not timed.
    const start = s.count();
    const acquired: number[] = [];
    const arrivedAtTurn: number[] = [];
    const original = RateLimiter.prototype.acquire;
    const spy = vi.spyOn(RateLimiter.prototype, 'acquire').mockImplementation(function (this: RateLimiter) {
      acquired.push((this as unknown as { interval: number }).interval);
      // requests that had reached the server when this turn was granted: never more than the turns before
      return original.call(this).then(() => void arrivedAtTurn.push(s.count() - start));
    });
    try {
      await probeSlos(slo('version: 1\nslos:\n  - id: a\n    availability: 99\n    probe: { path: /x, requests: 9, concurrency: 4 }\n'), { baseUrl: s.url, rate: 50 });
    } finally {
      spy.mockRestore();
    }
    expect(s.count() - start).toBe(10);
    expect(acquired).toEqual(Array(10).fill(20));
    expect(arrivedAtTurn.every((n, turn) => n <= turn)).toBe(true);
  });

  it('the rate limiter spaces starts from the real time of the previous start (a late timer only widens a gap)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
    try {
      const limiter = new RateLimiter(100);
      const starts: number[] = [];
      const all = Promise.all(
        Array.from({ length: 12 }, async (_, i) => {
          await limiter.acquire();
          starts.push(performance.now());
          // A start that runs late (the event loop was busy): the next one still waits a full interval after it.
          if (i === 3) vi.advanceTimersByTime(25);
        }),
      );
      await vi.advanceTimersByTimeAsync(1000);
      await all;
      const gaps = starts.slice(1).map((t, i) => Math.round(t - starts[i]!));
      expect(gaps.every((g) => g >= 10)).toBe(true);
      expect(gaps[3]).toBeGreaterThanOrEqual(25);
    } finally {
      vi.useRealTimers();
    }
  });

  it('headers take secrets from the environment; a missing variable is an error, never an empty header', async () => {
    const s = await serve({ '/me': () => ({}) }, '/me');
    const file = slo('version: 1\nslos:\n  - id: me\n    availability: 99\n    probe: { path: /me, requests: 2, headers: { Authorization: "Bearer ${API_TOKEN}" } }\n');
    await probeSlos(file, { baseUrl: s.url, env: { API_TOKEN: 'tok-123' } });
    expect(s.headers.map((h) => h.authorization)).toEqual(['Bearer tok-123', 'Bearer tok-123', 'Bearer tok-123']);
    await expect(probeSlos(file, { baseUrl: s.url, env: {} })).rejects.toThrow("SLO 'me': header Authorization uses ${API_TOKEN}, which is not set in the environment");
    await expect(probeSlos(file, { baseUrl: s.url, env: { API_TOKEN: 'x' }, only: ['nope'] })).rejects.toThrow("'nope' is not an SLO of slo.yml");
  });

  it('the base URL keeps its path prefix', async () => {
    const s = await serve({ '/v1/health': () => ({}) }, '/v1/health');
    const run = await probeSlos(slo('version: 1\nslos:\n  - id: a\n    availability: 100\n    probe: { path: /health, requests: 3 }\n'), { baseUrl: `${s.url}/v1/` });
    expect(result(run, 'a')).toMatchObject({ observed: { availability: 100 }, breached: false });
  });
});

import { UserError } from '../errors.js';
import { cmp } from '../util/text.js';
import { HttpClient, RateLimiter, expandHeaders, parseBaseUrl, type RequestSpec, type Sample } from './http.js';
import { nearestRank, percentileOf, readJsonPath, statusOk } from './measure.js';
import type { GaugeDef, ProbeDef, SloDef, SloFile } from './types.js';
import { maxOf } from '../util/array.js';

/** One SLO measured: target against observed, and whether it is breached. */
export interface SloResult {
  id: string;
  title?: string;
  /** availability in percent, latency bounds in milliseconds, gauge bounds as numbers. */
  target: Record<string, number>;
  /** Same keys; null when it could not be observed (no successful reading). */
  observed: Record<string, number | null>;
  breached: boolean;
  /** One line per breached target. */
  breaches: string[];
  /** False when the SLO has nothing to probe (an OpenSLO SLO without a probe annotation). */
  measured: boolean;
  requests: number;
  /** Failed requests by reason (`503`, `timeout`, `ECONNREFUSED`). */
  failures: Record<string, number>;
}

export interface SloRun {
  baseUrl: string;
  file: string;
  results: SloResult[];
  /** Ids of breached SLOs, sorted. */
  breached: string[];
  /** Requests sent in all (preflight included). */
  requests: number;
  durationMs: number;
}

export interface ProbeOptions {
  baseUrl: string;
  env?: NodeJS.ProcessEnv;
  /** Overrides the file's `max-requests`. */
  maxRequests?: number;
  /** Overrides the file's `rate` (requests per second). */
  rate?: number;
  only?: string[];
  log?: (m: string) => void;
}

/**
 * Measure every SLO against a running service: real HTTP requests, `concurrency` at a time, each
 * with its timeout, at most `rate` started per second, and never more than the request budget (the
 * run refuses to start when the SLOs ask for more). One preflight request first: a service that
 * cannot be reached at all is a clear error, not a 0 % availability.
 */
export async function probeSlos(slo: SloFile, opts: ProbeOptions): Promise<SloRun> {
  const started = Date.now();
  const baseUrl = parseBaseUrl(opts.baseUrl);
  const env = opts.env ?? process.env;
  const log = opts.log ?? (() => {});
  const ids = slo.slos.map((s) => s.id);
  for (const id of opts.only ?? []) if (!ids.includes(id)) throw new UserError(`'${id}' is not an SLO of ${slo.display}`, { hint: `SLOs: ${ids.join(', ')}` });
  const chosen = slo.slos.filter((s) => !opts.only?.length || opts.only.includes(s.id));
  const budget = opts.maxRequests ?? slo.maxRequests;
  const planned = 1 + chosen.reduce((n, s) => n + (s.probe?.requests ?? 0) + (s.gauge?.samples ?? 0), 0);
  if (planned > budget) {
    throw new UserError(`the SLOs ask for ${planned} requests (preflight included), over the budget of ${budget}`, {
      hint: 'lower probe.requests, or raise max-requests in the SLO file (or --max-requests) if the service can take it',
    });
  }
  const limiter = new RateLimiter(opts.rate ?? slo.rate);
  const client = new HttpClient();
  let sent = 0;
  const send = async (spec: RequestSpec, keepBody = false): Promise<Sample> => {
    await limiter.acquire();
    sent++;
    return client.request(baseUrl, spec, { keepBody });
  };
  try {
    return await measureAll(slo, chosen, { baseUrl, env, log, send, started, sent: () => sent });
  } finally {
    client.close();
  }
}

async function measureAll(slo: SloFile, chosen: SloDef[], o: { baseUrl: string; env: NodeJS.ProcessEnv; log: (m: string) => void; send: Send; started: number; sent: () => number }): Promise<SloRun> {
  const { baseUrl, env, log, send, started } = o;

  const first = chosen.map((s) => s.probe ?? s.gauge).find(Boolean);
  if (first) {
    let pre = await send({ method: first.method, path: first.path, headers: expandHeaders(first.headers, env, chosen[0]!.id), timeoutMs: first.timeoutMs });
    if (pre.status === 0 && pre.error !== 'timeout') {
      await new Promise((r) => setTimeout(r, 250));
      pre = await send({ method: first.method, path: first.path, headers: expandHeaders(first.headers, env, chosen[0]!.id), timeoutMs: first.timeoutMs });
    }
    if (pre.status === 0)
      throw new UserError(`cannot reach ${baseUrl}: ${pre.error === 'timeout' ? `no answer within ${first.timeoutMs} ms` : pre.error}`, { hint: 'is the service running and is --base-url right?' });
  }

  const results: SloResult[] = [];
  for (const s of chosen) {
    const t = Date.now();
    const r = await measure(s, send, env);
    results.push(r);
    log(`${s.id}: ${r.measured ? (r.breached ? `breached (${r.breaches.join('; ')})` : 'met') : 'not measured'} — ${r.requests} requests in ${Date.now() - t} ms`);
  }
  return {
    baseUrl,
    file: slo.display,
    results,
    breached: results
      .filter((r) => r.breached)
      .map((r) => r.id)
      .sort(cmp),
    requests: o.sent(),
    durationMs: Date.now() - started,
  };
}

type Send = (spec: RequestSpec, keepBody?: boolean) => Promise<Sample>;

async function measure(s: SloDef, send: Send, env: NodeJS.ProcessEnv): Promise<SloResult> {
  const r: SloResult = { id: s.id, ...(s.title ? { title: s.title } : {}), target: {}, observed: {}, breached: false, breaches: [], measured: Boolean(s.probe || s.gauge), requests: 0, failures: {} };
  if (s.probe) {
    const samples = await runProbe(s.probe, send, env, s.id);
    r.requests += samples.length;
    const ok = samples.filter((x) => statusOk(x.status, s.probe!.expect));
    for (const x of samples) if (!statusOk(x.status, s.probe.expect)) r.failures[x.error ?? String(x.status)] = (r.failures[x.error ?? String(x.status)] ?? 0) + 1;
    if (s.availability !== undefined) {
      const observed = round((100 * ok.length) / samples.length, 4);
      r.target.availability = s.availability;
      r.observed.availability = observed;
      if (observed < s.availability) r.breaches.push(`availability ${observed}% < ${s.availability}% (${samples.length - ok.length} of ${samples.length} failed)`);
    }
    for (const [key, bound] of Object.entries(s.latency ?? {})) {
      const observed = round(
        nearestRank(
          samples.map((x) => x.ms),
          percentileOf(key),
        ),
        1,
      );
      r.target[key] = bound;
      r.observed[key] = observed;
      if (observed > bound) r.breaches.push(`${key} ${observed} ms > ${bound} ms`);
    }
  }
  if (s.gauge) {
    const g = await readGauge(s.gauge, send, env, s.id);
    r.requests += g.requests;
    if (g.error) r.failures[g.error] = (r.failures[g.error] ?? 0) + 1;
    const key = `gauge:${s.gauge.json}`;
    if (s.gauge.max !== undefined) {
      r.target[`${key}:max`] = s.gauge.max;
      r.observed[`${key}:max`] = g.max;
      if (g.max === null) r.breaches.push(`no number at ${s.gauge.json} (${g.error})`);
      else if (g.max > s.gauge.max) r.breaches.push(`${s.gauge.json} = ${g.max} > ${s.gauge.max}`);
    }
    if (s.gauge.min !== undefined) {
      r.target[`${key}:min`] = s.gauge.min;
      r.observed[`${key}:min`] = g.min;
      if (g.min === null && s.gauge.max === undefined) r.breaches.push(`no number at ${s.gauge.json} (${g.error})`);
      else if (g.min !== null && g.min < s.gauge.min) r.breaches.push(`${s.gauge.json} = ${g.min} < ${s.gauge.min}`);
    }
  }
  r.breached = r.breaches.length > 0;
  return r;
}

/** `requests` requests, `concurrency` workers pulling from one counter. */
async function runProbe(p: ProbeDef, send: Send, env: NodeJS.ProcessEnv, id: string): Promise<Sample[]> {
  const spec: RequestSpec = { method: p.method, path: p.path, headers: expandHeaders(p.headers, env, id), timeoutMs: p.timeoutMs, ...(p.body !== undefined ? { body: p.body } : {}) };
  const samples: Sample[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < p.requests) {
      next++;
      samples.push(await send(spec));
    }
  };
  await Promise.all(Array.from({ length: Math.min(p.concurrency, p.requests) }, worker));
  return samples;
}

async function readGauge(g: GaugeDef, send: Send, env: NodeJS.ProcessEnv, id: string): Promise<{ max: number | null; min: number | null; requests: number; error?: string }> {
  const spec: RequestSpec = { method: g.method, path: g.path, headers: { accept: 'application/json', ...expandHeaders(g.headers, env, id) }, timeoutMs: g.timeoutMs };
  const values: number[] = [];
  let error: string | undefined;
  for (let i = 0; i < g.samples; i++) {
    const s = await send(spec, true);
    if (s.status < 200 || s.status >= 300) {
      error = s.error ?? `HTTP ${s.status}`;
      continue;
    }
    let v: unknown;
    try {
      v = readJsonPath(JSON.parse(s.body ?? ''), g.json);
    } catch {
      error = 'the response is not JSON';
      continue;
    }
    if (typeof v === 'number' && Number.isFinite(v)) values.push(v);
    else error = v === undefined ? 'missing' : `not a number: ${JSON.stringify(v).slice(0, 40)}`;
  }
  return values.length
    ? { max: maxOf(values), min: -maxOf(values.map((v) => -v)), requests: g.samples, ...(error ? { error } : {}) }
    : { max: null, min: null, requests: g.samples, error: error ?? 'no reading' };
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

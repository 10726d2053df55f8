import type * as Http from 'node:http';
import type * as Https from 'node:https';
import { createRequire } from 'node:module';

// node:http is loaded when a probe runs, not at start: importing it as an ES module evaluates all
// its exports, which loads Node's fetch implementation (about 8 ms on every CLI start).
const load = createRequire(import.meta.url);
import { UserError } from '../errors.js';

/** One request's outcome: its status (0 when no response came) and how long it took, body included. */
export interface Sample {
  status: number;
  ms: number;
  /** Why no response came: `timeout`, `ECONNREFUSED`, … */
  error?: string;
  /** The body, when asked for (gauges). */
  body?: string;
}

export interface RequestSpec {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

/**
 * Starts at most `rate` requests per second over the whole run: probes never hammer a service.
 * Starts are serialized and spaced from the real time of the previous start, so a late timer only
 * ever widens the gap.
 */
export class RateLimiter {
  private chain: Promise<void> = Promise.resolve();
  private last = -Infinity;
  private readonly interval: number;
  constructor(rate: number) {
    this.interval = 1000 / rate;
  }
  acquire(): Promise<void> {
    const next = this.chain.then(async () => {
      const wait = this.last + this.interval - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, Math.ceil(wait)));
      this.last = performance.now();
    });
    this.chain = next;
    return next;
  }
}

/** `https://api.example.com/v1` + `/health` → `https://api.example.com/v1/health` (the base path is kept). */
export function urlOf(baseUrl: string, p: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${p.startsWith('/') ? p : `/${p}`}`;
}

/** Check the base URL the user gave: http(s), no credentials in it. */
export function parseBaseUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new UserError(`base URL ${JSON.stringify(raw)} is not a URL`, { hint: 'e.g. --base-url http://localhost:8000' });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UserError(`base URL must be http or https, not ${u.protocol}`);
  if (u.username || u.password)
    throw new UserError('base URL must not contain credentials', { hint: 'send them in a probe header from an environment variable: headers: { Authorization: "Bearer ${TOKEN}" }' });
  u.search = '';
  u.hash = '';
  return u.toString().replace(/\/+$/, '');
}

/** `${NAME}` in header values → the environment variable (a missing one is an error, never sent empty). */
export function expandHeaders(headers: Record<string, string>, env: NodeJS.ProcessEnv, slo: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    out[k] = v.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
      const val = env[name];
      if (val === undefined) throw new UserError(`SLO '${slo}': header ${k} uses \${${name}}, which is not set in the environment`);
      return val;
    });
  }
  return out;
}

/**
 * Requests over node:http(s) with keep-alive connections, closed at the end of a run. (Not fetch:
 * its blocked-ports list would refuse services on ports such as 6000 or 10080.)
 */
export class HttpClient {
  private readonly http = load('node:http') as typeof Http;
  private readonly https = load('node:https') as typeof Https;
  private readonly agents = { http: new this.http.Agent({ keepAlive: true }), https: new this.https.Agent({ keepAlive: true }) };

  /** One request with a hard timeout, body read to the end; never throws for a network failure (it is a failed sample). */
  request(baseUrl: string, spec: RequestSpec, opts: { keepBody?: boolean } = {}): Promise<Sample> {
    const url = new URL(urlOf(baseUrl, spec.path));
    const secure = url.protocol === 'https:';
    const t = performance.now();
    return new Promise<Sample>((resolve) => {
      let done = false;
      const finish = (s: Omit<Sample, 'ms'>) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve({ ...s, ms: performance.now() - t });
      };
      const headers: Record<string, string> = { 'user-agent': 'living-architecture-slo-probe', ...spec.headers };
      if (spec.body !== undefined) headers['content-length'] = String(Buffer.byteLength(spec.body));
      const req = (secure ? this.https : this.http).request(url, { method: spec.method, headers, agent: secure ? this.agents.https : this.agents.http }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => {
          if (opts.keepBody) chunks.push(c);
        });
        res.on('end', () => finish({ status: res.statusCode ?? 0, ...(opts.keepBody ? { body: Buffer.concat(chunks).toString('utf8') } : {}) }));
        res.on('error', (e: NodeJS.ErrnoException) => finish({ status: 0, error: e.code ?? e.message }));
      });
      const timer = setTimeout(() => {
        finish({ status: 0, error: 'timeout' });
        req.destroy();
      }, spec.timeoutMs);
      req.on('error', (e: NodeJS.ErrnoException) => finish({ status: 0, error: e.code ?? e.message }));
      req.end(spec.body);
    });
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}

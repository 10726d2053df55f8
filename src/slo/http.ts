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
  if (u.username || u.password) throw new UserError('base URL must not contain credentials', { hint: 'send them in a probe header from an environment variable: headers: { Authorization: "Bearer ${TOKEN}" }' });
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

/** One request with a hard timeout; never throws for a network failure (it is a failed sample). */
export async function request(baseUrl: string, spec: RequestSpec, opts: { keepBody?: boolean } = {}): Promise<Sample> {
  const t = performance.now();
  try {
    const res = await fetch(urlOf(baseUrl, spec.path), {
      method: spec.method,
      headers: { 'user-agent': 'living-architecture-slo-probe', ...spec.headers },
      ...(spec.body !== undefined ? { body: spec.body } : {}),
      redirect: 'manual',
      signal: AbortSignal.timeout(spec.timeoutMs),
    });
    const body = spec.method === 'HEAD' ? '' : await res.text();
    return { status: res.status, ms: performance.now() - t, ...(opts.keepBody ? { body } : {}) };
  } catch (e) {
    return { status: 0, ms: performance.now() - t, error: reason(e) };
  }
}

function reason(e: unknown): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string; name?: string } };
  if (err.name === 'TimeoutError' || err.cause?.name === 'TimeoutError') return 'timeout';
  if (err.name === 'AbortError') return 'timeout';
  return err.cause?.code ?? err.cause?.message ?? err.message ?? String(e);
}

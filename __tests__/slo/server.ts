import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Reply {
  status?: number;
  delayMs?: number;
  body?: string;
}

export interface TestServer {
  url: string;
  /** Requests served, by path. */
  count: (path?: string) => number;
  /** Most requests in flight at once. */
  maxInFlight: () => number;
  /** Arrival times (ms, performance.now) of the requests. */
  arrivals: number[];
  headers: http.IncomingHttpHeaders[];
  close: () => Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 (an ephemeral port) whose answers are planned per request:
 * `reply(n, path)` gets the 0-based arrival number of the request on that path.
 */
export async function testServer(reply: (n: number, path: string) => Reply): Promise<TestServer> {
  const counts = new Map<string, number>();
  let inFlight = 0;
  let max = 0;
  const arrivals: number[] = [];
  const headers: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    const p = (req.url ?? '/').split('?')[0]!;
    const n = counts.get(p) ?? 0;
    counts.set(p, n + 1);
    arrivals.push(performance.now());
    headers.push(req.headers);
    inFlight++;
    max = Math.max(max, inFlight);
    const r = reply(n, p);
    setTimeout(() => {
      inFlight--;
      res.writeHead(r.status ?? 200, { 'content-type': 'application/json' });
      res.end(r.body ?? '{"ok":true}');
    }, r.delayMs ?? 0);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    count: (p) => (p ? (counts.get(p) ?? 0) : [...counts.values()].reduce((a, b) => a + b, 0)),
    maxInFlight: () => max,
    arrivals,
    headers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on: a server opened and closed again. */
export async function deadPort(): Promise<string> {
  const s = await testServer(() => ({}));
  await s.close();
  return s.url;
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { sink, tmpRepo } from '../helpers.js';
import { deadPort, testServer } from './server.js';

const SLO = 'version: 1\nslos:\n  - id: up\n    availability: 99\n    probe: { path: /health, requests: 20, concurrency: 2 }\n  - id: pool\n    gauge: { path: /ready, json: db.util, max: 0.9 }\n';

async function cli(args: string[], cwd: string) {
  const out = sink();
  const err = sink();
  const code = await main(args, { stdout: out.stream, stderr: err.stream, cwd, env: {}, isTTY: false });
  return { code, out: out.text(), err: err.text() };
}

describe('living-architecture slo probe', async () => {
  let util = 0.5;
  const server = await testServer((_n, p) => (p === '/ready' ? { body: JSON.stringify({ db: { util } }) } : {}));
  afterAll(() => server.close());

  it('prints observed against target, writes --json and --summary, exits 0 when every SLO is met and 1 when one is breached', async () => {
    const root = tmpRepo({ 'infra/selfcheck/slo-monitors.yml': SLO });
    const ok = await cli(['slo', 'probe', '--base-url', server.url, '--json', 'r.json', '--summary', 's.md'], root);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(
      /^SLOs of infra\/selfcheck\/slo-monitors.yml against http:\/\/127\.0\.0\.1:\d+: 2 SLOs met \(22 requests, \d+\.\d s\)\n\n  ✔ up    availability        100%  target ≥ 99%\n  ✔ pool  db\.util              0\.5  target ≤ 0\.9\n$/,
    );
    const json = JSON.parse(readFileSync(path.join(root, 'r.json'), 'utf8'));
    expect(json).toMatchObject({
      breached: [],
      requests: 22,
      slos: [
        { id: 'up', target: { availability: 99 }, observed: { availability: 100 }, breached: false },
        { id: 'pool', breached: false },
      ],
    });
    expect(readFileSync(path.join(root, 's.md'), 'utf8')).toMatch(/^## ✅ SLOs: 2 SLOs met\n/);
    util = 0.97;
    const bad = await cli(['slo', 'probe', '--base-url', server.url, '--only', 'pool'], root);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/: 1 of 1 SLO breached \(2 requests, [^)]*\)\n\n  ✖ pool  db\.util +0\.97  target ≤ 0\.9\n$/);
  });

  it('exits 2 with one line for an unreachable service, a missing --base-url, a missing file, or a budget too small', async () => {
    const root = tmpRepo({ 'infra/selfcheck/slo-monitors.yml': SLO });
    const dead = await deadPort();
    expect(await cli(['slo', 'probe', '--base-url', dead], root)).toMatchObject({
      code: 2,
      err: `error: cannot reach ${dead}: ECONNREFUSED\n  hint: is the service running and is --base-url right?\n`,
    });
    expect(await cli(['slo', 'probe'], root)).toMatchObject({ code: 2, err: 'error: slo probe needs --base-url URL\n  hint: e.g. --base-url http://localhost:8000\n' });
    expect(await cli(['slo', 'probe', '--base-url', server.url, '--slo', 'nope.yml'], root)).toMatchObject({
      code: 2,
      err: 'error: nope.yml: SLO monitors file not found\n  hint: check the path, or leave the option out to skip the SLO checks\n',
    });
    expect((await cli(['slo', 'probe', '--base-url', server.url, '--max-requests', '10'], root)).err).toBe(
      'error: the SLOs ask for 22 requests (preflight included), over the budget of 10\n  hint: lower probe.requests, or raise max-requests in the SLO file (or --max-requests) if the service can take it\n',
    );
    expect((await cli(['slo', 'probe', '--base-url', server.url, '--rate', 'fast'], root)).err).toBe("error: --rate must be a positive number, not 'fast'\n");
  });
});

// Rows: the intelligence map and the SLO probes.
// 1. `map generate` on a generated 4,000-module Python/TypeScript repository, against the run that
//    computes the same facts (import graph and routes) through guardrails: the map's own cost.
// 2. `check --only intelligence-map` with planted drift (missing modules, unmapped modules, critical
//    paths without a route), against the same facts run; findings compared with what was planted.
// 3. `slo probe`: 1,000 requests at concurrency 8 against a local service (its own process) with a
//    planned latency profile, against a plain node:http client loop; observed p95 against the exact one.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fmtMs, row, timeCommand } from './lib.mjs';

const PKGS = 60;
const MODS = 50;
const TS = 1000;

export async function mapRows(repo) {
  const cli = path.join(repo, 'dist/cli.js');
  const dir = generate(path.join(os.tmpdir(), 'la-gen-map'));
  const work = mkdtempSync(path.join(os.tmpdir(), 'la-bench-map-'));
  const facts = path.join(work, 'facts.yaml');
  writeFileSync(facts, 'version: 1\nguardrails:\n  - id: graph\n    check: no-cycles\n  - id: routes\n    check: routes-exist\n    routes: ["GET /health"]\n');
  const mapFile = path.join(work, 'map.json');
  const reference = timeCommand(process.execPath, [cli, 'check', '--root', dir, '--config', facts, '--fail-on', 'none'], {}, 3);
  if (reference.status !== 0) throw new Error(`check failed: ${reference.stderr}`);
  const gen = timeCommand(process.execPath, [cli, 'map', 'generate', '--root', dir, '--config', facts, '--out', mapFile], {}, 3);
  if (gen.status !== 0) throw new Error(`map generate failed: ${gen.stderr}`);
  const map = JSON.parse(readFileSync(mapFile, 'utf8'));
  const modules = Object.keys(map.modules).length;

  // Plant drift: 10 entries for files that do not exist, 10 modules left out, 5 critical paths (2 without a route).
  const keys = Object.keys(map.modules);
  for (const k of keys) map.modules[k].goals = ['core'];
  for (let i = 0; i < 10; i++) map.modules[`app/gone/m${i}.py`] = { goals: ['core'] };
  for (let i = 0; i < 10; i++) delete map.modules[keys[i * 37]];
  map.goals = { core: { title: 'Core', criticalPaths: ['GET /api/p1/items', 'POST /api/p2/items', 'GET /api/p3/items/{id}', 'GET /api/nowhere', 'DELETE /api/p1/items'] } };
  writeFileSync(mapFile, `${JSON.stringify(map, null, 2)}\n`);
  const json = path.join(work, 'r.json');
  const check = timeCommand(process.execPath, [cli, 'check', '--root', dir, '--config', facts, '--map', mapFile, '--only', 'intelligence-map', '--json', json, '--fail-on', 'none'], {}, 3);
  const found = JSON.parse(readFileSync(json, 'utf8')).findings;
  const count = (r) => found.filter((f) => f.ruleId === `intelligence-map/${r}`).length;
  const exact = count('missing-module') === 10 && count('unmapped-module') === 10 && count('missing-route') === 2 && found.length === 22;

  const probe = await sloRow(cli, work);
  rmSync(work, { recursive: true, force: true });
  return [
    row([
      `map: \`map generate\` on a generated repo, ${modules} modules (Python + TS)`,
      fmtMs(gen.ms),
      `the same facts (graph + routes) through \`check\`: ${fmtMs(reference.ms)}`,
      `${(gen.ms / reference.ms).toFixed(2)}×`,
      `${modules} entries with imports, routes and wraps`,
    ]),
    row([
      `map: \`check --only intelligence-map\`, same repo, planted drift`,
      fmtMs(check.ms),
      `the same facts through \`check\`: ${fmtMs(reference.ms)}`,
      `${(check.ms / reference.ms).toFixed(2)}×`,
      `findings ${exact ? 'exactly the planted ones' : 'DIFFERENT from the planted ones'} (missing-module ${count('missing-module')}/10, unmapped-module ${count('unmapped-module')}/10, missing-route ${count('missing-route')}/2)`,
    ]),
    probe,
  ];
}

async function sloRow(cli, work) {
  // Latency of request n (server side): (n mod 100) ms, so the exact p95 of 1,000 requests is 94 ms.
  const script = `const http = require('node:http'); let n = 0;
    const s = http.createServer((req, res) => { const d = n++ % 100; setTimeout(() => res.end('{"ok":true}'), d); });
    s.keepAliveTimeout = 5000; s.listen(0, '127.0.0.1', () => console.log(s.address().port));`;
  const server = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve) => server.stdout.once('data', (d) => resolve(String(d).trim())));
  const url = `http://127.0.0.1:${port}`;
  const slo = path.join(work, 'slo.yml');
  writeFileSync(slo, 'version: 1\nmax-requests: 1001\nrate: 1000\nslos:\n  - id: lat\n    latency: { p95: 1s }\n    probe: { path: /x, requests: 1000, concurrency: 8 }\n');
  const out = path.join(work, 'slo.json');
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [cli, 'slo', 'probe', '--base-url', url, '--slo', slo, '--json', out], { encoding: 'utf8' });
  const ours = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`slo probe failed: ${r.stderr}${r.stdout}`);
  const p95 = JSON.parse(readFileSync(out, 'utf8')).slos[0].observed.p95;
  // Reference: the same 1,000 requests from a bare node:http loop, 8 at a time, no rate limit.
  const loop = `const http = require('node:http'); const agent = new http.Agent({ keepAlive: true }); let left = 1000;
    const one = () => new Promise((ok) => http.get('${url}/x', { agent }, (res) => { res.resume(); res.on('end', ok); }));
    const worker = async () => { while (left-- > 0) await one(); };
    Promise.all(Array.from({ length: 8 }, worker)).then(() => agent.destroy());`;
  const t2 = process.hrtime.bigint();
  spawnSync(process.execPath, ['-e', loop]);
  const reference = Number(process.hrtime.bigint() - t2) / 1e6;
  server.kill();
  return row([
    `slo: \`slo probe\`, 1,000 requests at concurrency 8 (rate limit 1,000/s) against a local service`,
    fmtMs(ours),
    `bare node:http loop, same requests: ${fmtMs(reference)}`,
    `${(ours / reference).toFixed(2)}×`,
    `observed p95 ${p95} ms, exact (server plan) 94 ms: ${p95 >= 93 && p95 < 110 ? 'within one probe plus the round trip' : 'OFF'}`,
  ]);
}

/** app/pN/mM.py importing two modules of lower packages, a router per package; web/cN/fM.ts importing lower files. */
function generate(dir) {
  const stamp = `v1:${PKGS}:${MODS}:${TS}`;
  if (existsSync(path.join(dir, '.stamp')) && readFileSync(path.join(dir, '.stamp'), 'utf8') === stamp) return dir;
  rmSync(dir, { recursive: true, force: true });
  const put = (rel, text) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  const mains = [];
  for (let p = 0; p < PKGS; p++) {
    put(`app/p${p}/__init__.py`, '');
    for (let m = 0; m < MODS; m++) {
      const deps = p === 0 ? [] : [`app.p${(p * 7 + m) % p}.m${(m * 3) % MODS}`, `app.p${(p + m) % p}.m${(m + 1) % MODS}`];
      const head = deps.map((d) => `import ${d}\n`).join('');
      if (m === 0) {
        put(
          `app/p${p}/m0.py`,
          `${head}from fastapi import APIRouter\nimport sqlalchemy\nrouter = APIRouter(prefix="/p${p}")\n\n@router.get("/items")\ndef items(): ...\n\n@router.get("/items/{item_id}")\ndef item(item_id: int): ...\n\n@router.post("/items")\ndef add(): ...\n`,
        );
        mains.push(`from app.p${p} import m0 as r${p}`, `app.include_router(r${p}.router, prefix="/api")`);
      } else {
        put(`app/p${p}/m${m}.py`, `${head}def f${m}():\n    return ${m}\n`);
      }
    }
  }
  put('app/__init__.py', '');
  put('app/main.py', `from fastapi import FastAPI\napp = FastAPI()\n${mains.join('\n')}\n\n@app.get("/health")\ndef health(): ...\n`);
  put('web/package.json', '{}\n');
  for (let i = 0; i < TS; i++) {
    const c = Math.floor(i / 50);
    const deps = i < 50 ? [] : [Math.floor((i * 13) % (c * 50))];
    put(`web/c${c}/f${i}.ts`, `${deps.map((d) => `import { v${d} } from '../c${Math.floor(d / 50)}/f${d}';\n`).join('')}export const v${i} = ${deps.length ? `v${deps[0]} + 1` : i};\n`);
  }
  writeFileSync(path.join(dir, '.stamp'), stamp);
  return dir;
}

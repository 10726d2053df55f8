// Row: route discovery (`living-architecture routes`) and config scanning (config-value guardrails)
// on a generated polyglot repository of ~5,000 files — FastAPI routers included through a router in
// another module (three files deep, some mounted twice), Flask blueprints, Express routers required
// from other files, Next.js route handlers, plus Python/TS modules without routes and settings,
// .env and YAML files — against a plain `grep -rE` over the same files for the same declarations,
// in the same script. grep only finds lines; it cannot compose prefixes, so its counts differ.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fmtMs, row, timeCommand } from './lib.mjs';

const SIZES = { fastapi: 800, flask: 300, express: 500, next: 300, pyNoise: 1500, tsNoise: 1000, settings: 200, envs: 100, yamls: 100 };

export async function production(repo) {
  const { dir, expect, files } = generate(path.join(os.tmpdir(), 'la-gen-production'));
  const cli = path.join(repo, 'dist/cli.js');
  const work = mkdtempSync(path.join(os.tmpdir(), 'la-bench-prod-'));

  // Route discovery: every route of the repository, prefixes composed.
  const ours = timeCommand(process.execPath, [cli, 'routes', '--root', dir, '--format', 'json'], {}, 5);
  if (ours.status !== 0) throw new Error(`routes failed: ${ours.stderr}`);
  const found = JSON.parse(ours.stdout).routes;
  const byFw = (fw) => found.filter((r) => r.framework === fw).length;
  const routeGrep = timeCommand(
    'grep',
    [
      '-rEn',
      '--include=*.py',
      '--include=*.js',
      '--include=*.ts',
      String.raw`@[A-Za-z_.]+\.(get|post|put|delete|patch|route|api_route)\(|\.(get|post|put|delete|patch|all)\(['"]/|^export (async )?(function|const) (GET|POST|PUT|DELETE|PATCH)\b`,
      dir,
    ],
    {},
    5,
  );
  const grepLines = routeGrep.stdout.split('\n').filter(Boolean).length;
  const exact = byFw('fastapi') === expect.fastapi && byFw('flask') === expect.flask && byFw('express') === expect.express && byFw('nextjs') === expect.next;

  // Config scanning: SECRET_KEY and CORS_ORIGINS wherever they are assigned, plus routes-exist.
  const cfg = path.join(work, 'guardrails.yaml');
  writeFileSync(
    cfg,
    [
      'version: 1',
      'guardrails:',
      '  - id: secret-key',
      '    check: config-value',
      '    files: ["**/*.py", "**/.env*", "**/*.yaml"]',
      '    key: SECRET_KEY',
      '    forbid: ["change-me", ""]',
      '  - id: cors',
      '    check: config-value',
      '    files: ["**/*.py", "**/.env*", "**/*.yaml"]',
      '    key: CORS_ORIGINS',
      '    forbid: "*"',
      '  - id: health',
      '    check: routes-exist',
      '    routes: ["GET /health", "GET /api/r0/{id}", "POST /api/users/:id/items", "GET /health/liveness"]',
      '',
    ].join('\n'),
  );
  const json = path.join(work, 'report.json');
  const check = timeCommand(process.execPath, [cli, 'check', '--root', dir, '--config', cfg, '--json', json, '--fail-on', 'none'], {}, 5);
  if (check.status !== 0) throw new Error(`check failed: ${check.stderr}`);
  const findings = JSON.parse(readFileSync(json, 'utf8')).findings;
  const count = (id) => findings.filter((f) => f.ruleId === id).length;
  const cfgGrep = timeCommand('grep', ['-rEn', '--include=*.py', '--include=.env*', '--include=*.yaml', String.raw`(SECRET_KEY|CORS_ORIGINS)[^=:]*[=:]`, dir], {}, 5);
  const cfgLines = cfgGrep.stdout.split('\n').filter(Boolean).length;
  const cfgExact = count('secret-key') === expect.secret && count('cors') === expect.cors && count('health') === 1;
  rmSync(work, { recursive: true, force: true });

  return [
    row([
      `production: \`routes\` on a generated polyglot repo, ${files} files`,
      fmtMs(ours.ms),
      `\`grep -rE\` for the decorators: ${fmtMs(routeGrep.ms)}`,
      `${(ours.ms / routeGrep.ms).toFixed(1)}× grep`,
      `${found.length} routes with prefixes composed (fastapi ${byFw('fastapi')}, flask ${byFw('flask')}, express ${byFw('express')}, nextjs ${byFw('nextjs')}): ${exact ? 'exactly the generated ones' : 'DIFFERENT from the generated ones'}; grep: ${grepLines} lines, no prefixes`,
    ]),
    row([
      `production: \`check\` with 2 config-value + 1 routes-exist guardrails, same repo`,
      fmtMs(check.ms),
      `\`grep -rE\` for the assignments: ${fmtMs(cfgGrep.ms)}`,
      `${(check.ms / cfgGrep.ms).toFixed(1)}× grep`,
      `findings ${cfgExact ? 'exactly the planted ones' : 'DIFFERENT from the planted ones'} (SECRET_KEY ${count('secret-key')}/${expect.secret}, CORS ${count('cors')}/${expect.cors}, missing route 1); grep: ${cfgLines} candidate lines, decoys included`,
    ]),
  ];
}

/** The generated repository (cached by a stamp) and what a correct tool must find in it. */
function generate(dir) {
  const stamp = `v2:${JSON.stringify(SIZES)}`;
  const expect = { fastapi: 0, flask: 0, express: 0, next: 0, secret: 0, cors: 0 };
  const out = new Map();
  const put = (rel, text) => out.set(rel, text);
  const n = SIZES;

  // FastAPI: svc/main.py includes svc/api.py's router, which includes every router module.
  const imports = [];
  const includes = [];
  for (let i = 0; i < n.fastapi; i++) {
    put(
      `svc/routers/r${i}.py`,
      `"""Router ${i}.\n\n    @router.get("/in-a-docstring")\n"""\nfrom fastapi import APIRouter, Depends\n\nrouter = APIRouter(prefix="/r${i}", tags=["r${i}"])\n\n\n@router.get("")\ndef list_${i}(): ...\n\n\n@router.get("/{item_id}")\ndef get_${i}(item_id: int): ...\n\n\n@router.post(\n    "",\n    status_code=201,\n)\n@limiter.limit("5/minute")\ndef create_${i}(): ...\n\n\n# @router.put("/commented-out")\n@router.delete("/{item_id}")\nasync def delete_${i}(item_id: int): ...\n`,
    );
    imports.push(`from svc.routers import r${i}`);
    includes.push(`api.include_router(r${i}.router)`);
    expect.fastapi += 4;
  }
  put('svc/api.py', `from fastapi import APIRouter\n${imports.join('\n')}\n\napi = APIRouter(prefix="/api")\n${includes.join('\n')}\n`);
  const twice = [];
  for (let i = 0; i < n.fastapi; i += 50) {
    twice.push(`app.include_router(r${i}.router, prefix="/v2")`);
    expect.fastapi += 4;
  }
  put(
    'svc/main.py',
    `from fastapi import FastAPI\nfrom svc import api as api_module\n${twice.map((_, k) => `from svc.routers import r${k * 50}`).join('\n')}\n\napp = FastAPI()\napp.include_router(api_module.api)\n${twice.join('\n')}\n\n\n@app.get("/health")\ndef health(): ...\n`,
  );
  expect.fastapi += 1;

  // Flask: blueprints registered with a prefix that replaces their own.
  const bps = [];
  for (let i = 0; i < n.flask; i++) {
    put(
      `flaskapp/bp/b${i}.py`,
      `from flask import Blueprint\n\nbp = Blueprint("b${i}", __name__, url_prefix="/ignored")\n\n\n@bp.route("/", methods=["GET", "POST"])\ndef index(): ...\n\n\n@bp.get("/<int:item_id>")\ndef show(item_id): ...\n`,
    );
    bps.push(`from flaskapp.bp import b${i}`, `app.register_blueprint(b${i}.bp, url_prefix="/flask/b${i}")`);
    expect.flask += 3;
  }
  put('flaskapp/app.py', `from flask import Flask\n\napp = Flask(__name__)\n${bps.join('\n')}\n`);

  // Express: routers required from other files, mounted with app.use.
  const uses = [];
  for (let i = 0; i < n.express; i++) {
    put(
      `node/routes/e${i}.js`,
      `const express = require('express');\nconst router = express.Router();\n// router.get('/commented', h);\nrouter.get('/', list);\nrouter.get('/:id', show);\nrouter\n  .route('/:id/items')\n  .get(items)\n  .post(addItem);\nmodule.exports = router;\n`,
    );
    uses.push(`app.use('/e${i}', require('./routes/e${i}'));`);
    expect.express += 4;
  }
  put(
    'node/server.js',
    `const express = require('express');\nconst users = require('./routes/e0');\nconst app = express();\napp.get('env');\n${uses.join('\n')}\napp.use('/api/users', users);\nmodule.exports = app;\n`,
  );
  expect.express += 4;

  // Next.js route handlers.
  put('web/package.json', '{"dependencies":{"next":"14.2.0"}}\n');
  for (let i = 0; i < n.next; i++) {
    put(
      `web/app/(shop)/api/x${i}/[id]/route.ts`,
      `import { NextResponse } from 'next/server';\n\nexport async function GET(req: Request) {\n  return NextResponse.json({ ok: true });\n}\n\nexport const POST = async () => NextResponse.json({});\n`,
    );
    expect.next += 2;
  }

  // Modules without routes, with look-alikes.
  for (let i = 0; i < n.pyNoise; i++) {
    put(
      `svc/services/s${i}.py`,
      `import logging\n\nlogger = logging.getLogger(__name__)\nCACHE = {}\n\n\ndef fetch_${i}(key):\n    value = CACHE.get("/not/a/route")\n    return value or cache.get(key)\n\n\nclass Service${i}:\n    timeout = 30\n\n    def run(self):\n        return fetch_${i}("k")\n`,
    );
  }
  for (let i = 0; i < n.tsNoise; i++) {
    put(
      `web/lib/m${i}.ts`,
      `const m = new Map<string, number>();\nexport function get${i}(k: string) {\n  return m.get('/not/a/route') ?? m.get(k);\n}\nexport const config${i} = { timeout: ${i}, retries: 3 };\n`,
    );
  }

  // Settings: planted forbidden values and decoys.
  for (let i = 0; i < n.settings; i++) {
    const bad = i % 10 === 0;
    if (bad) expect.secret++;
    const cors = i % 25 === 0;
    if (cors) expect.cors++;
    put(
      `svc/settings/s${i}.py`,
      `"""SECRET_KEY = "change-me" in a docstring is no assignment."""\nfrom pydantic import Field\nfrom pydantic_settings import BaseSettings\n\nINSECURE = {"change-me"}\n\n\nclass Settings${i}(BaseSettings):\n    SECRET_KEY: str = ${bad ? '"change-me"' : 'Field(...)'}\n    CORS_ORIGINS: list[str] = ${cors ? '["https://a.example", "*"]' : '["https://a.example"]'}\n    POOL: int = Field(default=${i % 40})\n`,
    );
  }
  for (let i = 0; i < n.envs; i++) {
    const bad = i % 20 === 0;
    if (bad) expect.secret++;
    put(`deploy/env${i}/.env.production`, `# SECRET_KEY=change-me\nexport SECRET_KEY=${bad ? '' : `"s${'x'.repeat(30)}${i}"`}\nCORS_ORIGINS=https://a.example\n`);
  }
  for (let i = 0; i < n.yamls; i++) {
    const cors = i % 20 === 0;
    if (cors) expect.cors++;
    put(`deploy/env${i}/values.yaml`, `app:\n  name: svc${i}\n  env:\n    CORS_ORIGINS: "${cors ? '*' : 'https://b.example'}"\n    LOG_LEVEL: info\n`);
  }

  if (!(existsSync(path.join(dir, '.generated')) && readFileSync(path.join(dir, '.generated'), 'utf8') === stamp)) {
    rmSync(dir, { recursive: true, force: true });
    for (const [rel, text] of out) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    }
    writeFileSync(path.join(dir, '.generated'), stamp);
    // A git checkout, as the Action sees it (the file list comes from git ls-files).
    const git = (...args) => spawnSync('git', ['-c', 'user.email=bench@example.invalid', '-c', 'user.name=bench', '-c', 'gc.auto=0', ...args], { cwd: dir, stdio: 'ignore' });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'generated');
  }
  return { dir, expect, files: out.size };
}

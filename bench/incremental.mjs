// Row: incremental runs (issue 16 item 7). A generated 100,000-file polyglot monorepo (Python
// services, TypeScript apps, config files; a planted import cycle, a forbidden import and two
// secrets) is checked by dist/cli.js:
//   cold  — an empty --cache-dir (every file read, the cache written),
//   warm  — a pull request changing a handful of files, with the cold run's cache restored,
//   plain — the same pull request without a cache (the findings the warm run must equal),
//   parts — each guardrail alone without a cache (each per-file reader with its graph/check).
// Targets: warm ≥ 10× faster than cold with identical findings; cold ≤ 2× the sum of its parts.
// Cold and warm: the medians of three runs made in turns (on a shared two-core machine a cold run
// took 11 s in one hour and 28 s in another); plain and parts: one run each.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fmtMs, row } from './lib.mjs';

const SERVICES = 150;
const MODULES = 300; // Python: 45,000 files
const APPS = 100;
const COMPONENTS = 400; // TypeScript: 40,000 files
const CONFIGS = 15_000; // YAML + JSON + .env
const FILES = SERVICES * MODULES + APPS * COMPONENTS + CONFIGS;

const GUARDRAILS = `version: 1
guardrails:
  - id: py-no-cycles
    title: No import cycles between Python modules
    severity: error
    check: no-cycles
    paths: ["services/**/*.py"]
    language: python
  - id: svc0-not-svc1
    title: Service 0 never imports service 1
    severity: error
    check: forbidden-imports
    from: ["services/svc0/**"]
    to: ["services/svc1/**"]
  - id: no-committed-secrets
    title: No credentials committed
    severity: error
    check: secrets
    paths: ["**"]
`;

// A deterministic generator (the same tree every run).
let seed = 7;
const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const token = (n) => Array.from({ length: n }, () => 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'[Math.floor(rnd() * 57)]).join('');

function put(root, rel, text) {
  const abs = path.join(root, rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, text);
}

export function generate(root) {
  seed = 7;
  put(root, 'services/__init__.py', '');
  for (let s = 0; s < SERVICES; s++) {
    put(root, `services/svc${s}/__init__.py`, '');
    for (let m = 1; m < MODULES - 1; m++) {
      const deps = [Math.floor(rnd() * m), Math.floor(rnd() * m)].filter((d, i, a) => a.indexOf(d) === i);
      const lines = [
        '"""Module of a generated service."""',
        'import os',
        'from typing import TYPE_CHECKING',
        ...deps.map((d) => `from services.svc${s} import mod${d}`),
        '',
        `def handler_${m}(x):`,
        `    """Handle ${m}."""`,
        '    import json',
        `    return json.dumps({"m": ${m}, "env": os.environ.get("MODE", "dev"), "x": x})`,
        '',
      ];
      put(root, `services/svc${s}/mod${m}.py`, lines.join('\n'));
    }
  }
  for (let a = 0; a < APPS; a++) {
    for (let c = 0; c < COMPONENTS; c++) {
      const dep = c > 0 ? `import { c${Math.floor(rnd() * c)} } from './c${Math.floor(rnd() * c)}';\n` : '';
      put(root, `web/app${a}/src/c${c}.ts`, `${dep}import { readFileSync } from 'node:fs';\n\nexport function c${c}(x: number): string {\n  return \`component ${c} of app ${a}: \${x}\`;\n}\n`);
    }
  }
  for (let i = 0; i < CONFIGS; i++) {
    const kind = i % 3;
    const rel = kind === 0 ? `configs/env${i}/settings.yaml` : kind === 1 ? `configs/env${i}/settings.json` : `configs/env${i}/.env.example`;
    const text =
      kind === 0
        ? `name: env${i}\nreplicas: ${i % 7}\nfeature_flags:\n  beta: ${i % 2 === 0}\n`
        : kind === 1
          ? `${JSON.stringify({ name: `env${i}`, port: 8000 + (i % 1000) }, null, 2)}\n`
          : `MODE=dev\nPORT=${8000 + (i % 1000)}\nAPI_TOKEN=changeme\n`;
    put(root, rel, text);
  }
  // Planted: a cycle (svc0 mod1 → mod2 → mod1), a forbidden import, a committed token.
  put(root, 'services/svc0/mod1.py', 'from services.svc0 import mod2\nfrom services.svc1 import mod3\n');
  put(root, 'configs/env1/settings.json', `${JSON.stringify({ name: 'env1', github_token: `ghp_${token(36)}` }, null, 2)}\n`);
  put(root, 'infra/selfcheck/guardrails.yaml', GUARDRAILS);
}

/** The pull request: five files changed, one more finding (a second committed token). */
export function change(root) {
  put(root, 'services/svc3/mod10.py', 'import os\nfrom services.svc3 import mod2\n');
  put(root, 'services/svc9/mod200.py', 'import sys\n');
  put(root, 'services/svc0/mod5.py', 'from services.svc1 import mod7\n');
  put(root, 'web/app4/src/c17.ts', 'export const c17 = 17;\n');
  put(root, 'configs/env4/settings.yaml', `name: env4\nslack: xoxb-${token(12)}-${token(12)}-${token(24)}\n`);
}

/** Git for the generated tree. No automatic gc: committing 10⁵ loose objects would start a repack in the background that runs beside the measured runs. */
export function git(root, ...args) {
  const quiet = ['-c', 'gc.auto=0', '-c', 'maintenance.auto=false'];
  execFileSync('git', ['-c', 'user.email=bench@example.invalid', '-c', 'user.name=bench', '-c', 'core.fsync=none', ...quiet, ...args], { cwd: root, stdio: 'pipe', maxBuffer: 1 << 30 });
}

function check(repo, root, extra, json) {
  // Through bash, whose `times` gives the processor time of the run (what a loaded machine cannot inflate).
  const args = [path.join(repo, 'dist/cli.js'), 'check', '--root', root, '--no-commands', '--json', json, '--fail-on', 'none', ...extra];
  const t = process.hrtime.bigint();
  const r = spawnSync('bash', ['-c', '"$@" >/dev/null; s=$?; times >&2; exit $s', 'bash', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`check failed (${r.status}): ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  const cpuMs = lines[lines.length - 1]
    .split(/\s+/)
    .map((x) => {
      const m = /^(\d+)m([\d.]+)s$/.exec(x);
      return m ? (Number(m[1]) * 60 + Number(m[2])) * 1000 : 0;
    })
    .reduce((a, b) => a + b, 0);
  return { ms, cpuMs, report: JSON.parse(readFileSync(json, 'utf8')) };
}

/** What a run decides: its findings, counts, result, notices and each guardrail's status (details name threads and timings). */
function verdict(report) {
  const { findings, counts, result, notices, gating } = report;
  return JSON.stringify({ findings, counts, result, notices, gating, guardrails: report.guardrails.map((g) => [g.id, g.status, g.findings]) });
}

export async function incremental(repo) {
  if (!existsSync(path.join(repo, 'dist/cli.js'))) return [row(['incremental', '—', '—', '—', 'skipped: run npm run bundle first'])];
  const work = mkdtempSync(path.join(os.tmpdir(), 'la-bench-incr-'));
  try {
    const root = path.join(work, 'monorepo');
    const t0 = Date.now();
    generate(root);
    git(root, 'init', '-q');
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'base');
    git(root, 'tag', 'base');
    change(root);
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'pull request');
    git(root, 'tag', 'pr');
    const made = Date.now() - t0;
    const out = (n) => path.join(work, `${n}.json`);
    const at = (tag) => git(root, 'checkout', '-q', tag);

    // Cold and warm three times each, in turns (cold on the base commit with an empty cache, then the
    // pull request with that cache restored afresh, as actions/cache restores it): a run of two
    // seconds swings by ±15% on a shared two-core machine, and a cold one by more from one minute to
    // the next, so the medians of runs made in the same minutes are compared, and the spread printed.
    const colds = [];
    const warms = [];
    for (const i of [1, 2, 3]) {
      const cacheCold = path.join(work, `cache-cold-${i}`);
      at('base');
      colds.push(check(repo, root, ['--cache-dir', cacheCold], out(`cold-${i}`)));
      at('pr');
      const cacheWarm = path.join(work, `cache-warm-${i}`);
      cpSync(cacheCold, cacheWarm, { recursive: true });
      warms.push(check(repo, root, ['--cache-dir', cacheWarm], out(`warm-${i}`)));
    }
    const median = (runs) => [...runs].sort((a, b) => a.ms - b.ms)[1];
    const cold = median(colds);
    const warm = median(warms);
    const plain = check(repo, root, [], out('plain'));
    at('base');
    const parts = ['py-no-cycles', 'svc0-not-svc1', 'no-committed-secrets'].map((id) => ({ id, ...check(repo, root, ['--only', id], out(id)) }));
    const sum = parts.reduce((a, p) => a + p.ms, 0);
    const sumCpu = parts.reduce((a, p) => a + p.cpuMs, 0);

    const same = warms.every((w) => verdict(w.report) === verdict(plain.report));
    const speedup = cold.ms / warm.ms;
    const overhead = cold.ms / sum;
    const fc = warm.report.factCache;
    const findings = (r) => r.findings.length;
    return [
      row([
        `Incremental: ${FILES.toLocaleString('en')}-file monorepo, warm pull request (5 files changed, cache restored) vs cold; medians of 3, in turns`,
        fmtMs(warm.ms),
        `cold ${fmtMs(cold.ms)}`,
        `${speedup.toFixed(1)}× faster`,
        `findings identical to an uncached run of the pull request: ${same ? 'yes' : 'NO'} (${findings(warm.report)} vs ${findings(plain.report)}, base ${findings(cold.report)}); ` +
          `warm runs ${warms.map((w) => fmtMs(w.ms)).join(', ')}, cold runs ${colds.map((c) => fmtMs(c.ms)).join(', ')}; processor time ${fmtMs(warm.cpuMs)} vs ${fmtMs(cold.cpuMs)} (${(cold.cpuMs / warm.cpuMs).toFixed(1)}×); uncached pull request ${fmtMs(plain.ms)}; ${fc.hits.toLocaleString('en')} of ${(fc.hits + fc.misses).toLocaleString('en')} per-file facts restored; target ≥ 10×: ${speedup >= 10 && same ? 'met' : 'MISSED'}`,
      ]),
      row([
        'Incremental: cold run (cache written) vs the sum of its parts',
        fmtMs(cold.ms),
        `sum ${fmtMs(sum)}`,
        `${overhead.toFixed(2)}×`,
        `processor time ${fmtMs(cold.cpuMs)} vs ${fmtMs(sumCpu)} (${(cold.cpuMs / sumCpu).toFixed(2)}×); parts, each guardrail alone without a cache (each a whole CLI run, listing included): ${parts.map((p) => `${p.id} ${fmtMs(p.ms)} (processor ${fmtMs(p.cpuMs)})`).join(', ')}; target ≤ 2×: ${overhead <= 2 ? 'met' : 'MISSED'}; tree generated and committed in ${fmtMs(made)}`,
      ]),
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

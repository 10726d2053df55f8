/**
 * A newcomer's path, through the bundles as users run them: the Action's `mode: suggest` writes a
 * first guardrails file to the job summary and to a file; `suggest --out` then `check` keeps the
 * secrets scan; the CLI's help lists every command and flag; `--no-color` works everywhere; an
 * old Node.js gets one line and exit 2.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { tmpRepo } from '../helpers.js';
import { DIST, REPO, runAction, runCli } from './runner.js';

const py = (...imports: string[]) => `${imports.map((m) => `import ${m}\n`).join('')}x = 1\n`;

/** A GitHub token made now, so that no credential-looking string is committed. */
function plantedToken(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return `ghp_${[...randomBytes(36)].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

function tree(token: string, extra: Record<string, string> = {}): string {
  return tmpRepo({
    'app/__init__.py': '',
    'app/api/__init__.py': '',
    'app/api/routes.py': py('app.services.orders'),
    'app/services/__init__.py': '',
    'app/services/orders.py': py('app.db.models'),
    'app/db/__init__.py': '',
    'app/db/models.py': py(),
    'deploy/release.py': `import os\n\nGITHUB_TOKEN = "${token}"\n`,
    ...extra,
  });
}

const validateGuardrails = (() => {
  const ajv = new Ajv({ strict: false, allowUnionTypes: true, validateFormats: false });
  const validate = ajv.compile(JSON.parse(readFileSync(path.join(REPO, 'schemas/guardrails.schema.json'), 'utf8')) as object);
  return (doc: unknown): string | null => (validate(doc) ? null : ajv.errorsText(validate.errors));
})();

/** The fenced block of a Markdown text: from an opening fence to the first closing fence of the same length or longer. */
function fencedBlock(md: string, lang: string): string {
  const lines = md.split('\n');
  const open = lines.findIndex((l) => new RegExp(`^(\`{3,})${lang}$`).test(l));
  expect(open, md).toBeGreaterThanOrEqual(0);
  const fence = /^`+/.exec(lines[open]!)![0];
  const close = lines.findIndex((l, i) => i > open && /^`+\s*$/.test(l) && l.trim().length >= fence.length);
  expect(close, md).toBeGreaterThan(open);
  return `${lines.slice(open + 1, close).join('\n')}\n`;
}

describe('suggest --out, then check: the secrets scan is still there', () => {
  it('dist/cli.js: the suggested file runs no-committed-secrets, which finds the planted token, never printed in full', () => {
    const token = plantedToken();
    const root = tree(token);
    const s = runCli(['suggest', '--out', 'infra/selfcheck/guardrails.yaml'], root);
    expect(s.status, s.stderr).toBe(0);
    const text = readFileSync(path.join(root, 'infra/selfcheck/guardrails.yaml'), 'utf8');
    expect(validateGuardrails(parse(text))).toBeNull();
    const r = runCli(['check', '--format', 'json', '--json', 'report.json', '--sarif', 'g.sarif'], root);
    expect(r.status, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as { guardrails: { id: string; status: string }[]; findings: { ruleId: string; file: string; line: number }[] };
    const ran = report.guardrails.map((g) => g.id);
    expect(ran).toEqual(expect.arrayContaining(['monolith-size', 'no-committed-secrets', 'no-cycles-app']));
    expect(report.findings.filter((f) => f.ruleId === 'no-committed-secrets').map((f) => `${f.file}:${f.line}`)).toEqual(['deploy/release.py:3']);
    const everything = [s.stdout, s.stderr, text, r.stdout, r.stderr, readFileSync(path.join(root, 'report.json'), 'utf8'), readFileSync(path.join(root, 'g.sarif'), 'utf8')].join('\n');
    expect(everything).not.toContain(token.slice(4));
    expect(everything).not.toContain(token.slice(10, 30));
  });
});

describe('the Action, mode: suggest', () => {
  it('writes the suggested guardrails file to the job summary (a fenced block that parses and validates) and to suggestion-file', () => {
    const token = plantedToken();
    // A folder name with backticks cannot close the summary's fence; one that looks like a workflow command forms none.
    const ws = tree(token, { 'pkg```x/a.py': py(), 'pkg```x/b.py': py(), '::warning::x/__init__.py': '', '::warning::x/a.py': py() });
    const run = runAction(ws, { mode: 'suggest' });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.result).toBe('pass');
    const fileOut = run.outputs['suggestion-file']!;
    expect(fileOut).toBeTruthy();
    const fromFile = readFileSync(path.resolve(ws, fileOut), 'utf8');
    expect(run.summary).toMatch(/^## Suggested guardrails\n/);
    const block = fencedBlock(run.summary, 'yaml');
    expect(block).toBe(fromFile);
    const doc = parse(block) as { guardrails: { id: string; check: string }[] };
    expect(validateGuardrails(doc)).toBeNull();
    expect(doc.guardrails.slice(0, 2).map((g) => g.id)).toEqual(['monolith-size', 'no-committed-secrets']);
    expect(block).toContain('pkg```x/'); // the backticked folder is in it, and the block still parses
    expect(Number(run.outputs.suggestions)).toBe(doc.guardrails.length - 2);
    expect(run.stdout).toMatch(/Suggested 2 built-in defaults and \d+ guardrails that hold today/);
    expect(run.stdout.split('\n').filter((l) => /^::/.test(l))).toEqual([]);
    expect(run.annotations).toEqual([]);
    expect(run.summary + run.stdout + fromFile).not.toContain(token.slice(4));

    // Saved where it belongs, the next run checks it, secrets included.
    mkdirSync(path.join(ws, 'infra/selfcheck'), { recursive: true });
    writeFileSync(path.join(ws, 'infra/selfcheck/guardrails.yaml'), fromFile);
    const check = runAction(ws, {});
    expect(check.outputs.result).toBe('fail');
    expect(JSON.parse(check.outputs['failed-guardrails']!)).toEqual(['no-committed-secrets']);
  });

  it('a link planted where the suggested file goes is never written through: refused, exit 2', () => {
    const outside = tmpRepo({ 'victim.txt': 'keep\n' });
    const ws = tree(plantedToken());
    symlinkSync(path.join(outside, 'victim.txt'), path.join(ws, 'living-architecture-guardrails.yaml'));
    const run = runAction(ws, { mode: 'suggest' }, { env: { RUNNER_TEMP: '' } }); // no runner folder: the file goes to the root
    expect(run.status).toBe(2);
    expect(run.annotations.map((a) => a.message.split('\n')[0])).toEqual([
      `the suggested guardrails file 'living-architecture-guardrails.yaml' leads outside the workspace through a symbolic link (to ${path.join(outside, 'victim.txt')})`,
    ]);
    expect(readFileSync(path.join(outside, 'victim.txt'), 'utf8')).toBe('keep\n');
    expect(lstatSync(path.join(ws, 'living-architecture-guardrails.yaml')).isSymbolicLink()).toBe(true);
    expect(run.summary).toBe(''); // nothing half written
  });

  it('an unknown mode names suggest among the modes', () => {
    const run = runAction(tmpRepo({ 'a.py': 'x = 1\n' }), { mode: 'suggets' });
    expect(run.status).toBe(2);
    expect(run.stdout).toContain('use mode: check, drift, slo or suggest');
  });
});

describe('dist/cli.js for a newcomer', () => {
  it('--help lists every command, suggest --out among them', () => {
    const h = runCli(['--help'], REPO);
    expect(h.status).toBe(0);
    for (const c of ['check', 'routes', 'baseline update', 'map generate', 'map diff', 'slo probe --base-url URL', 'suggest']) expect(h.stdout).toContain(`living-architecture ${c} [options]`);
    expect(h.stdout).toMatch(/^suggest options:\n(?:.*\n)*? {2}--out FILE /m);
    expect(h.stdout).toContain('--no-color');
  });

  it('routes --no-color (and --color, and NO_COLOR) work', () => {
    const root = tmpRepo({ 'app.py': 'from fastapi import FastAPI\napp = FastAPI()\n@app.get("/health")\ndef h():\n    return 1\n' });
    for (const [args, env] of [
      [['routes', '--no-color'], {}],
      [['routes', '--color'], {}],
      [['routes'], { NO_COLOR: '1' }],
    ] as const) {
      const r = runCli([...args], root, env);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^GET +\/health +app\.py:3 +fastapi$/m);
    }
  });
});

/** A Node.js older than 22 on this machine (the system one is 20), or none. */
function oldNode(): string | undefined {
  const which = spawnSync('sh', ['-c', 'which -a node nodejs 2>/dev/null; ls /usr/bin/node /usr/local/bin/node 2>/dev/null'], { encoding: 'utf8' });
  for (const bin of new Set(which.stdout.split('\n').filter(Boolean))) {
    const v = spawnSync(bin, ['-p', 'process.versions.node'], { encoding: 'utf8' });
    if (v.status === 0 && Number(v.stdout.split('.')[0]) < 22) return bin;
  }
  return undefined;
}

describe('an old Node.js', () => {
  const node = oldNode();
  it.skipIf(!node)('gets one clear line naming the version needed, exit 2, before the CLI is loaded', () => {
    const version = spawnSync(node!, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
    for (const args of [['--version'], ['suggest'], ['check', '--root', '.']]) {
      const r = spawnSync(node!, [path.join(DIST, 'cli.js'), ...args], { cwd: tmpRepo({}), encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`error: living-architecture needs Node.js 22 or later (the Action runs on Node.js 24); this is Node.js ${version}.\n`);
    }
  });

  it('dist/cli.js imports nothing but the version check before it loads dist/cli-main.js', () => {
    const text = readFileSync(path.join(DIST, 'cli.js'), 'utf8');
    expect(text.length).toBeLessThan(4096);
    expect(text).toMatch(/await import\("\.\/cli-main\.js"\)/);
    expect(text.match(/^import .*$/gm)?.every((l) => /from "node:(module|url|path)";$/.test(l))).toBe(true);
  });
});

describe('installed from the repository (npx --package=github:…), the package is dist/ and nothing else', () => {
  const NODE24 = Number(process.versions.node.split('.')[0]) >= 24 ? process.execPath : path.join(REPO, 'node_modules/node/bin/node');
  const npm = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();

  it('needs no dependency at run time: package.json has none, and files ships dist/', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { dependencies?: object; files: string[]; bin: Record<string, string> };
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.files).toContain('dist/');
    expect(pkg.bin['living-architecture']).toBe('dist/cli.js');
  });

  it.skipIf(!npm)('npm pack, then npx --offline runs suggest from the tarball in an empty folder (nothing fetched)', () => {
    const dir = tmpRepo({ 'proj/a.py': 'x = 1\n' });
    const env = { PATH: `${path.dirname(NODE24)}:${process.env.PATH ?? ''}`, HOME: dir, npm_config_cache: path.join(dir, 'cache'), npm_config_update_notifier: 'false' };
    const pack = spawnSync(npm, ['pack', '--silent', '--pack-destination', dir], { cwd: REPO, env, encoding: 'utf8' });
    expect(pack.status, pack.stderr).toBe(0);
    const tgz = path.join(dir, pack.stdout.trim().split('\n').pop()!);
    const r = spawnSync(npm, ['exec', '--yes', '--offline', `--package=${tgz}`, '--', 'living-architecture', 'suggest'], { cwd: path.join(dir, 'proj'), env, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^# Suggested by living-architecture suggest: 2 built-in default guardrails/);
  });
});

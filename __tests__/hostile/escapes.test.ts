/**
 * Issue 13, item 6: a pull request controls every file and symbolic link of the checkout. No link
 * may redirect a read (guardrails, map, SLO, baseline, rules-file, a command's sarif) or a write
 * (sarif-file, report-file, the drift report) out of the workspace, and no file outside may be
 * deleted. Each attack is replayed through dist/index.js (and dist/cli.js) as the runner runs it.
 */
import { existsSync, lstatSync, readFileSync, readdirSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpRepo, tmpDir } from '../helpers.js';
import { runAction, runCli, type ActionRun } from '../e2e/runner.js';

const MARK = 'OUTSIDE-THE-WORKSPACE-7f3a9c';

/** A folder outside the workspace with files the attacker wants read, overwritten or deleted. */
function outside(): string {
  const dir = tmpDir('la-outside-');
  writeFileSync(path.join(dir, 'secret.txt'), `token: ${MARK}\n`);
  writeFileSync(path.join(dir, 'guardrails.yaml'), `version: 1\nguardrails:\n  - id: ${MARK}\n    check: max-lines\n    max: 1\n`);
  writeFileSync(path.join(dir, 'map.json'), `{"version": 1, "modules": {"${MARK}.py": {}}}`);
  writeFileSync(path.join(dir, 'slo.yml'), `version: 1\nslos:\n  - id: ${MARK}\n    availability: 99\n    probe: { path: /x }\n`);
  writeFileSync(path.join(dir, 'baseline.json'), `{"version": 1, "findings": [], "fixed": [], "${MARK}": 1}`);
  writeFileSync(path.join(dir, 'rules.toml'), `[[rules]]\nid = "${MARK}"\nregex = '''x'''\n`);
  writeFileSync(path.join(dir, 'victim.txt'), 'precious\n');
  mkdirSync(path.join(dir, 'selfcheck'));
  writeFileSync(path.join(dir, 'selfcheck', 'guardrails.yaml'), readFileSync(path.join(dir, 'guardrails.yaml')));
  return dir;
}

function repo(files: Record<string, string> = {}): string {
  return tmpRepo({ 'app/main.py': 'x = 1\n', ...files }, { git: true });
}

function link(ws: string, rel: string, target: string): void {
  mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true });
  symlinkSync(target, path.join(ws, rel));
}

/** Everything the run printed or wrote where a user or GitHub would see it. */
function visible(r: ActionRun, ws: string): string {
  const files = ['guardrails.sarif'].filter((f) => existsSync(path.join(ws, f))).map((f) => readFileSync(path.join(ws, f), 'utf8'));
  const report = path.join(r.dir, 'living-architecture-report.json');
  return [r.stdout, r.stderr, r.summary, JSON.stringify(r.outputs), ...files, existsSync(report) ? readFileSync(report, 'utf8') : ''].join('\n');
}

/** The run was refused with one error annotation naming the input, and nothing from outside leaked. */
function refused(r: ActionRun, ws: string, input: RegExp): void {
  expect(r.status, r.stdout + r.stderr).toBe(2);
  const errors = r.annotations.filter((a) => a.level === 'error');
  expect(errors, r.stdout).toHaveLength(1);
  expect(errors[0]!.message).toMatch(input);
  expect(errors[0]!.message).not.toMatch(/internal error|please report/);
  expect(visible(r, ws)).not.toContain(MARK);
}

describe('reads never follow a link out of the workspace (Action)', () => {
  const cases: [string, (ws: string, out: string) => Record<string, string>, RegExp][] = [
    [
      'the guardrails file is a link to a file outside',
      (ws, out) => (link(ws, 'infra/selfcheck/guardrails.yaml', path.join(out, 'guardrails.yaml')), {}),
      /input 'config' 'infra\/selfcheck\/guardrails\.yaml' leads outside the workspace through a symbolic link/,
    ],
    ['a folder on the way to the guardrails file is a link', (ws, out) => (link(ws, 'infra', out), { config: 'infra/selfcheck/guardrails.yaml' }), /input 'config'.*leads outside the workspace/],
    ['the map is a link', (ws, out) => (link(ws, 'src/observability/system_intelligence_map.json', path.join(out, 'map.json')), {}), /input 'intelligence-map'.*leads outside the workspace/],
    ['the SLO file is a link', (ws, out) => (link(ws, 'infra/selfcheck/slo-monitors.yml', path.join(out, 'slo.yml')), {}), /input 'slo-monitors'.*leads outside the workspace/],
    ['the baseline is a link', (ws, out) => (link(ws, 'infra/selfcheck/guardrails-baseline.json', path.join(out, 'baseline.json')), {}), /input 'baseline'.*leads outside the workspace/],
    ['config names a file outside with ..', () => ({ config: '../../etc/passwd' }), /input 'config' '\.\.\/\.\.\/etc\/passwd' is outside the workspace/],
    ['working-directory is a link to a folder outside', (ws, out) => (link(ws, 'sub', out), { 'working-directory': 'sub' }), /input 'working-directory' 'sub' leads outside the workspace/],
    ['working-directory is outside', () => ({ 'working-directory': '..' }), /input 'working-directory' '\.\.' is outside the workspace/],
  ];
  for (const [name, plant, message] of cases) {
    it(name, () => {
      const out = outside();
      const ws = repo();
      const inputs = plant(ws, out);
      const r = runAction(ws, inputs);
      refused(r, ws, message);
    });
  }

  it('a rules-file reached through a linked folder is refused at its line (the file outside is not read)', () => {
    const out = outside();
    const ws = repo({
      'infra/selfcheck/guardrails.yaml': 'version: 1\nguardrails:\n  - id: no-secrets\n    check: secrets\n    rules-file: rules/rules.toml\n',
    });
    link(ws, 'rules', out);
    const r = runAction(ws, {});
    refused(r, ws, /rules-file 'rules\/rules\.toml' cannot be read/);
    expect(r.annotations[0]!.props).toMatchObject({ file: 'infra/selfcheck/guardrails.yaml', line: '5' });
  });
});

describe('writes and deletes never follow a link out of the workspace (Action)', () => {
  it("a command's sarif path through a linked folder: refused before the command runs, nothing outside deleted", () => {
    const out = outside();
    const ws = repo({
      'infra/selfcheck/guardrails.yaml': `version: 1\nguardrails:\n  - id: lint\n    check: command\n    run: "echo ran > ran.txt"\n    sarif: out/victim.txt\n`,
    });
    link(ws, 'out', out);
    const r = runAction(ws, {});
    refused(r, ws, /sarif 'out\/victim\.txt' leads outside the repository/);
    expect(readFileSync(path.join(out, 'victim.txt'), 'utf8')).toBe('precious\n');
    expect(existsSync(path.join(ws, 'ran.txt'))).toBe(false);
  });

  it('sarif-file through a linked folder: refused, the file outside is not overwritten, nothing written', () => {
    const out = outside();
    const ws = repo();
    link(ws, 'reports', out);
    const r = runAction(ws, { 'sarif-file': 'reports/victim.txt' });
    refused(r, ws, /input 'sarif-file' 'reports\/victim\.txt' leads outside the workspace or RUNNER_TEMP through a symbolic link/);
    expect(readFileSync(path.join(out, 'victim.txt'), 'utf8')).toBe('precious\n');
    expect(readdirSync(out).sort()).toEqual(['baseline.json', 'guardrails.yaml', 'map.json', 'rules.toml', 'secret.txt', 'selfcheck', 'slo.yml', 'victim.txt']);
    expect(existsSync(path.join(r.dir, 'living-architecture-report.json'))).toBe(false); // all or nothing
  });

  it('report-file through a linked folder, or outside with ..: refused', () => {
    const out = outside();
    const ws = repo();
    link(ws, 'reports', out);
    refused(runAction(ws, { 'report-file': 'reports/victim.txt' }), ws, /input 'report-file' 'reports\/victim\.txt' leads outside/);
    refused(runAction(ws, { 'report-file': '../report.json' }), ws, /input 'report-file' '\.\.\/report\.json' is outside the workspace or RUNNER_TEMP/);
    expect(readFileSync(path.join(out, 'victim.txt'), 'utf8')).toBe('precious\n');
    expect(existsSync(path.join(ws, 'guardrails.sarif'))).toBe(false);
  });

  it('a link planted at the sarif-file name: refused when it leads outside; replaced, never written through, when it leads inside', () => {
    const out = outside();
    const ws = repo();
    link(ws, 'guardrails.sarif', path.join(out, 'victim.txt'));
    refused(runAction(ws, {}), ws, /input 'sarif-file' 'guardrails\.sarif' leads outside the workspace or RUNNER_TEMP through a symbolic link/);
    expect(readFileSync(path.join(out, 'victim.txt'), 'utf8')).toBe('precious\n');

    const ws2 = repo();
    link(ws2, 'guardrails.sarif', 'app/main.py');
    const r = runAction(ws2, {});
    expect(r.status, r.stdout).toBe(0);
    expect(readFileSync(path.join(ws2, 'app/main.py'), 'utf8')).toBe('x = 1\n');
    expect(lstatSync(path.join(ws2, 'guardrails.sarif')).isSymbolicLink()).toBe(false);
    expect(JSON.parse(readFileSync(path.join(ws2, 'guardrails.sarif'), 'utf8')).version).toBe('2.1.0');
  });

  it("the default report-file in RUNNER_TEMP (the runner's own folder) keeps working", () => {
    const ws = repo();
    const r = runAction(ws, {});
    expect(r.status, r.stdout).toBe(0);
    expect(existsSync(path.join(r.dir, 'living-architecture-report.json'))).toBe(true);
    expect(r.outputs['report-file']).toMatch(/living-architecture-report\.json$/);
  });

  it('mode: drift writes its Markdown report beside the report file without following a link planted there', () => {
    const out = outside();
    const ws = repo();
    link(ws, 'reports/living-architecture-drift.md', path.join(out, 'victim.txt'));
    const r = runAction(ws, { mode: 'drift', 'report-file': 'reports/report.json', 'github-token': '' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(readFileSync(path.join(out, 'victim.txt'), 'utf8')).toBe('precious\n');
    expect(lstatSync(path.join(ws, 'reports/living-architecture-drift.md')).isFile()).toBe(true);
  });
});

describe('the CLI: links in the repository never redirect; paths the user names outside are theirs', () => {
  it('a linked default guardrails file under --root is refused (exit 2), the file outside is not read', () => {
    const out = outside();
    const ws = repo();
    link(ws, 'infra/selfcheck/guardrails.yaml', path.join(out, 'guardrails.yaml'));
    const r = runCli(['check', '--root', ws], ws);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^error: the guardrails file '.*guardrails\.yaml' leads outside --root or the current folder through a symbolic link/);
    expect(r.stdout + r.stderr).not.toMatch(/internal error/);
    expect(r.stdout + r.stderr).not.toContain(MARK);
  });

  it('--sarif into a linked folder of the repository is refused; --sarif to a path outside named by the user is written', () => {
    const out = outside();
    const ws = repo();
    link(ws, 'reports', out);
    const bad = runCli(['check', '--sarif', 'reports/victim.txt'], ws);
    expect(bad.status, bad.stderr).toBe(2);
    expect(bad.stderr).toMatch(/--sarif 'reports\/victim\.txt' leads outside --root or the current folder through a symbolic link/);
    expect(readFileSync(path.join(out, 'victim.txt'), 'utf8')).toBe('precious\n');
    const mine = path.join(tmpDir('la-mine-'), 'x.sarif');
    const ok = runCli(['check', '--sarif', mine], ws);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(readFileSync(mine, 'utf8')).version).toBe('2.1.0');
  });

  it('baseline update does not write through a linked folder', () => {
    const out = outside();
    const ws = repo();
    link(ws, 'state', out);
    const r = runCli(['baseline', 'update', '--baseline', 'state/selfcheck/b.json'], ws);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/--baseline 'state\/selfcheck\/b\.json' leads outside/);
    expect(existsSync(path.join(out, 'selfcheck', 'b.json'))).toBe(false);
  });
});

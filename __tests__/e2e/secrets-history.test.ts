import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpRepo, write } from '../helpers.js';
import { rng, SECRET_KINDS } from '../secrets/corpus.js';
import { runAction, type ActionRun } from './runner.js';

/** Secrets in history through the bundled Action: pull_request and push payloads naming real commits of a temp repo. */
const ghp = SECRET_KINDS.find((k) => k.rule === 'github-pat')!.make(rng(77));
const YAML = ['version: 1', 'guardrails:', '  - id: no-committed-secrets', '    check: secrets', ''].join('\n');
const BASELINE = 'infra/selfcheck/guardrails-baseline.json';

function repo(): { root: string; base: string; add: string; head: string } {
  const root = tmpRepo({ 'infra/selfcheck/guardrails.yaml': YAML, '.gitignore': 'guardrails.sarif\n', 'app/settings.py': 'DEBUG = False\n' }, { git: true });
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=::error::forged author', ...args], { cwd: root, encoding: 'utf8' }).trim();
  const base = git('rev-parse', 'HEAD');
  write(root, 'app/settings.py', `DEBUG = False\nGITHUB_TOKEN = "${ghp}"\n`);
  git('add', '-A');
  git('commit', '-qm', '::error file=app/x.py::forged by a commit message\n::add-mask::x');
  const add = git('rev-parse', 'HEAD');
  write(root, 'app/settings.py', 'DEBUG = False\n');
  git('add', '-A');
  git('commit', '-qm', 'remove the token');
  return { root, base, add, head: git('rev-parse', 'HEAD') };
}

const prEvent = (base: string, head: string) => ({ pull_request: { number: 3, base: { sha: base }, head: { sha: head } } });

function everything(run: ActionRun, root: string): string[] {
  const sarif = readFileSync(path.join(root, run.outputs['sarif-file'] ?? 'guardrails.sarif'), 'utf8');
  const report = readFileSync(path.resolve(root, run.outputs['report-file']!), 'utf8');
  return [run.stdout, run.stderr, run.summary, JSON.stringify(run.outputs), sarif, report];
}

describe('dist/index.js: secrets committed and removed in the range', () => {
  it('pull_request: the removed token is found with its commit (message, SARIF properties, location), never printed, no forged command', () => {
    const { root, base, add, head } = repo();
    const run = runAction(root, {}, { event: prEvent(base, head), eventName: 'pull_request' });
    expect(run.status, run.stderr).toBe(1);
    const sha = add.slice(0, 7);
    const errors = run.annotations.filter((a) => a.level === 'error' && a.props.file);
    expect(errors.map((a) => `${a.props.file}:${a.props.line}`)).toEqual(['app/settings.py:2']);
    expect(errors[0]!.message).toContain(`committed in ${sha}`);
    const sarif = JSON.parse(readFileSync(path.join(root, 'guardrails.sarif'), 'utf8')) as {
      runs: {
        results: { properties?: Record<string, unknown>; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[];
      }[];
    };
    const [result] = sarif.runs[0]!.results;
    expect(result!.properties).toMatchObject({ commit: sha, commitSha: add, history: true });
    expect(result!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('app/settings.py');
    expect(result!.locations[0]!.physicalLocation.region.startLine).toBe(2);
    for (const text of everything(run, root)) expect(text).not.toContain(ghp.slice(4));
    // Commit messages and author names are never read, let alone echoed as workflow commands.
    expect(run.stdout).not.toMatch(/forged/);
    expect(run.annotations.some((a) => a.props.file === 'app/x.py')).toBe(false);
  });

  it('push: before..after finds it; a baseline holding its fingerprint (no secret) accepts it', () => {
    const { root, base, add, head } = repo();
    const run = runAction(root, { 'fail-on': 'new' }, { event: { before: base, after: head, forced: false, commits: [{ id: add }, { id: head }] }, eventName: 'push' });
    expect(run.status, run.stderr).toBe(1);
    const report = JSON.parse(readFileSync(path.resolve(root, run.outputs['report-file']!), 'utf8')) as {
      findings: { fingerprint: string; ruleId: string; file: string; properties?: Record<string, unknown> }[];
    };
    const [f] = report.findings;
    expect(f!.properties).toMatchObject({ commit: add.slice(0, 7) });
    const day = '2026-01-01';
    write(root, BASELINE, JSON.stringify({ version: 1, findings: [{ fingerprint: f!.fingerprint, rule: f!.ruleId, file: f!.file, firstSeen: day, lastSeen: day, timesSeen: 1 }], fixed: [] }, null, 2));
    const again = runAction(root, { 'fail-on': 'new' }, { event: { before: base, after: head, commits: [{ id: add }, { id: head }] }, eventName: 'push' });
    expect(again.status, again.stdout).toBe(0);
    expect(readFileSync(path.join(root, BASELINE), 'utf8')).not.toContain(ghp.slice(4));
    for (const text of everything(again, root)) expect(text).not.toContain(ghp.slice(4));
  });

  it('a file added with a key and deleted again: found, the run completes and writes every report', () => {
    const root = tmpRepo({ 'infra/selfcheck/guardrails.yaml': YAML, '.gitignore': 'guardrails.sarif\n', 'README.md': '# x\n' }, { git: true });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args], { cwd: root, encoding: 'utf8' }).trim();
    const base = git('rev-parse', 'HEAD');
    write(root, 'deploy/.env', `GITHUB_TOKEN=${ghp}\n`);
    git('add', '-A');
    git('commit', '-qm', 'add');
    rmSync(path.join(root, 'deploy/.env'));
    git('add', '-A');
    git('commit', '-qm', 'delete');
    const run = runAction(root, {}, { event: prEvent(base, git('rev-parse', 'HEAD')), eventName: 'pull_request' });
    expect(run.status, run.stderr).toBe(1);
    expect(run.outputs.errors).toBe('1');
    expect(run.annotations.filter((a) => a.props.file).map((a) => `${a.props.file}:${a.props.line}`)).toEqual(['deploy/.env:1']);
    for (const text of everything(run, root)) expect(text).not.toContain(ghp.slice(4));
  });

  it('a shallow clone (fetch-depth 1) cannot see the range: a notice says so, the run does not fail on it', () => {
    const { root, base, head } = repo();
    const clone = tmpRepo({});
    rmSync(clone, { recursive: true });
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${root}`, clone]);
    const run = runAction(clone, {}, { event: prEvent(base, head), eventName: 'pull_request' });
    expect(run.status, run.stdout).toBe(0);
    expect(run.stdout + run.summary).toMatch(/cannot be proven absent: the base commit [0-9a-f]{7} is not in this clone \(a shallow clone[^)]*\); check out with \\?`fetch-depth: 0\\?`/);
    expect(run.summary.match(/cannot be proven absent/g)?.length).toBe(1);
  });
});

import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpRepo, tmpDir } from '../helpers.js';
import { REPO, runAction, runCli } from './runner.js';

const EXAMPLE = path.join(REPO, 'examples/reference-system');
const STORE = 'living-architecture-facts.json';

/** The reference example as a git repository of its own (the cache keys on git blob ids). */
function exampleRepo(): string {
  const dir = tmpRepo({});
  cpSync(EXAMPLE, dir, { recursive: true });
  commit(dir, 'init');
  return dir;
}

function commit(dir: string, msg: string): void {
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'pipe' });
  if (!existsSync(path.join(dir, '.git'))) git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', msg, '--allow-empty');
}

/** What a run decides: everything of the JSON report but timings and the cache's own counters. */
function verdict(report: Record<string, unknown>): unknown {
  const { durationMs: _d, factCache: _c, ...rest } = report;
  return JSON.parse(JSON.stringify(rest, (k, v) => (k === 'durationMs' ? undefined : v)));
}

describe('dist/index.js with a fact cache (input cache-dir)', () => {
  it('a second run restores every per-file fact and decides exactly as the first; a changed file is read again', () => {
    const repo = exampleRepo();
    const temp = tmpDir('la-temp-');
    const cacheDir = path.join(temp, 'facts'); // inside RUNNER_TEMP, as the default is
    const run = () => {
      const report = path.join(mkdtempSync(path.join(temp, 'report-')), 'r.json');
      const r = runAction(
        repo,
        {
          'working-directory': '.',
          config: 'infra/selfcheck/guardrails.yaml',
          'allow-commands': 'false',
          'cache-dir': cacheDir,
          'report-file': report,
          'sarif-file': path.join(path.dirname(report), 'r.sarif'),
        },
        { eventName: 'push', event: {}, env: { RUNNER_TEMP: temp } },
      );
      expect(r.status === 0 || r.status === 1, r.stderr + r.stdout).toBe(true);
      return { r, report: JSON.parse(readFileSync(report, 'utf8')), sarif: readFileSync(path.join(path.dirname(report), 'r.sarif'), 'utf8') };
    };
    const cold = run();
    expect(cold.report.factCache.hits).toBe(0);
    expect(cold.report.factCache.misses).toBeGreaterThan(10);
    expect(cold.report.factCache.saved).toBe(true);
    expect(cold.report.findings.length).toBeGreaterThan(0);

    const warm = run();
    // Only files with secret candidates are read again (their verdict needs the text, never stored).
    expect(warm.report.factCache.misses).toBeLessThanOrEqual(
      new Set(cold.report.findings.filter((f: { ruleId: string }) => f.ruleId === 'no-committed-secrets').map((f: { file: string }) => f.file)).size + 2,
    );
    expect(warm.report.factCache.hits).toBeGreaterThan(10);
    expect(warm.r.stdout).toContain(`Fact cache: ${warm.report.factCache.hits} of ${warm.report.factCache.hits + warm.report.factCache.misses} per-file facts restored`);
    expect(verdict(warm.report)).toEqual(verdict(cold.report));
    expect(warm.r.outputs.result).toBe(cold.r.outputs.result);
    expect(warm.r.outputs['findings-count'] ?? '').toBe(cold.r.outputs['findings-count'] ?? '');

    // The store never holds a secret of the example (files with secret candidates are not stored at all).
    const store = readFileSync(path.join(cacheDir, STORE), 'utf8');
    const s3 = readFileSync(path.join(EXAMPLE, 'backend/integrations/s3_client.py'), 'utf8');
    const akia = /"(AKIA\w+)"/.exec(s3)![1]!;
    expect(store).not.toContain(akia);
    expect(store).not.toContain(akia.slice(4, 14));

    // A pull request changes one Python file: it alone is read again, and its new import is seen.
    const target = 'backend/integrations/slack.py';
    writeFileSync(path.join(repo, target), `${readFileSync(path.join(repo, target), 'utf8')}\nimport json\n`);
    commit(repo, 'change one file');
    const pr = run();
    expect(pr.report.factCache.misses).toBeGreaterThan(0);
    expect(pr.report.factCache.misses).toBeLessThanOrEqual(warm.report.factCache.misses + 3); // its resolved imports, its statements and its secrets verdict
    expect(pr.report.factCache.hits).toBeGreaterThan(10);
  }, 120_000);

  it('a poisoned store (wrong shapes, deep nesting) changes nothing and crashes nothing', () => {
    const repo = exampleRepo();
    const temp = tmpDir('la-temp-');
    const cacheDir = path.join(temp, 'facts');
    const report = (n: string) => path.join(temp, `${n}.json`);
    const inputs = (n: string) => ({
      'working-directory': '.',
      config: 'infra/selfcheck/guardrails.yaml',
      'allow-commands': 'false',
      'cache-dir': cacheDir,
      'report-file': report(n),
      'sarif-file': `${report(n)}.sarif`,
    });
    const opts = { eventName: 'push', event: {}, env: { RUNNER_TEMP: temp } };
    const first = runAction(repo, inputs('a'), opts);
    expect(first.status === 0 || first.status === 1, first.stderr).toBe(true);
    // The store's first line, and its cold entries (a file's import statements) one per line after it.
    const [line, ...cold] = readFileSync(path.join(cacheDir, STORE), 'utf8').split('\n');
    expect(cold.length).toBeGreaterThan(0);
    const data = JSON.parse(line!);
    // Every entry replaced: "no imports" for Python files, "clean" with a huge size for secret verdicts.
    for (const [r, entries] of Object.entries<Record<string, unknown>>(data.readers)) {
      for (const k of Object.keys(entries)) entries[k] = r.startsWith('python-') ? [{ deep: [[[[1]]]] }] : { clean: 'yes', bytes: -1 };
    }
    const poisoned = cold.map((l) => `${l.split('\t').slice(0, 2).join('\t')}\t[{"deep":[[[[1]]]]}]`);
    writeFileSync(path.join(cacheDir, STORE), [JSON.stringify(data), ...poisoned].join('\n'));
    const second = runAction(repo, inputs('b'), opts);
    expect(second.status, second.stderr).toBe(first.status);
    const a = JSON.parse(readFileSync(report('a'), 'utf8'));
    const b = JSON.parse(readFileSync(report('b'), 'utf8'));
    expect(b.factCache.hits).toBe(0);
    expect(verdict(b)).toEqual(verdict(a));
  }, 120_000);

  it('the CLI takes --cache-dir', () => {
    const repo = exampleRepo();
    const cacheDir = tmpDir('la-facts-');
    const json = path.join(cacheDir, 'r.json');
    const args = ['check', '--root', repo, '--config', path.join(repo, 'infra/selfcheck/guardrails.yaml'), '--only', 'no-committed-secrets', '--no-commands', '--cache-dir', cacheDir, '--json', json];
    runCli(args, REPO);
    const cold = JSON.parse(readFileSync(json, 'utf8'));
    runCli(args, REPO);
    const warm = JSON.parse(readFileSync(json, 'utf8'));
    // Files with a secret candidate are never stored (their verdict needs the text): read every time.
    expect(warm.factCache.misses).toBe(cold.findings.length > 0 ? warm.factCache.misses : 0);
    expect(warm.factCache.misses).toBeLessThan(cold.factCache.misses);
    expect(warm.factCache.hits).toBe(cold.factCache.misses - warm.factCache.misses);
    expect(warm.factCache.hits).toBeGreaterThan(10);
    expect(verdict(warm)).toEqual(verdict(cold));
  }, 60_000);
});

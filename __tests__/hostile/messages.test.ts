/**
 * Issue 13, item 14: hostile or broken input is a user's mistake, never an internal error: a YAML
 * alias bomb, JSON or YAML nested 100,000 deep, a working-directory that does not exist, an output
 * that is a folder or cannot be written. Each is one clear message naming the input or
 * file:line:col, exit 2 for the CLI, one error annotation for the Action, and nothing half written.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpRepo } from '../helpers.js';
import { runAction, runCli, type ActionRun } from '../e2e/runner.js';

/** Billion laughs: ten levels of ten aliases, 10^10 values when expanded. */
function aliasBomb(tail: string): string {
  const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= 10; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(',')}]`);
  return `version: 1\n${lines.join('\n')}\n${tail}`;
}

const DEEP = 100_000;
const GUARDRAILS = 'infra/selfcheck/guardrails.yaml';
const MAP = 'src/observability/system_intelligence_map.json';
const SLO = 'infra/selfcheck/slo-monitors.yml';
const BASELINE = 'infra/selfcheck/guardrails-baseline.json';

function repo(files: Record<string, string> = {}): string {
  return tmpRepo({ 'app/main.py': 'x = 1\n', ...files }, { git: true });
}

/** Exit 2, exactly one annotation (an error), matching `message`, no internal error, no stack trace. */
function oneClearError(r: ActionRun, message: RegExp, at?: { file: string; line?: string; col?: string }): void {
  expect(r.status, r.stdout + r.stderr).toBe(2);
  expect(r.annotations, r.stdout).toHaveLength(1);
  const [a] = r.annotations;
  expect(a!.level).toBe('error');
  expect(a!.message).toMatch(message);
  if (at) expect(a!.props).toMatchObject(at);
  expect(r.stdout + r.stderr).not.toMatch(/internal error|please report|\n\s+at |::debug::/);
  expect(r.outputs.result).toBe('fail');
}

describe('dist/index.js: hostile input is one configuration error (exit 2), never an internal error', () => {
  it('a YAML alias bomb in guardrails.yaml', () => {
    const r = runAction(repo({ [GUARDRAILS]: aliasBomb('guardrails: []\n') }), {});
    oneClearError(r, /YAML aliases expand too far/, { file: GUARDRAILS, line: '3' });
  });

  it('a YAML alias bomb in the SLO file', () => {
    const r = runAction(repo({ [SLO]: aliasBomb('slos: []\n') }), {});
    oneClearError(r, /YAML aliases expand too far/, { file: SLO });
  });

  it('a map nested 100,000 deep', () => {
    const r = runAction(repo({ [MAP]: `{"version": 1, "modules": ${'['.repeat(DEEP)}${']'.repeat(DEEP)}}` }), {});
    // the object is level 1, so level 257 opens at the 256th '[' (column 27 + 255)
    oneClearError(r, /nested more than 256 levels deep/, { file: MAP, line: '1', col: String(27 + 255) });
  });

  it('a baseline nested 100,000 deep', () => {
    const r = runAction(repo({ [BASELINE]: `{"version": 1, "findings": [], "fixed": [], "x": ${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}}` }), {});
    oneClearError(r, /nested more than 256 levels deep/, { file: BASELINE, line: '1' });
  });

  it('guardrails.yaml and the SLO file nested 10,000 deep (the YAML parser stops near 800)', () => {
    const YDEEP = 10_000;
    oneClearError(runAction(repo({ [GUARDRAILS]: `version: 1\nexclude: ${'['.repeat(YDEEP)}${']'.repeat(YDEEP)}\nguardrails: []\n` }), {}), /YAML syntax error: nested too deeply to read/, {
      file: GUARDRAILS,
      line: '2',
    });
    oneClearError(runAction(repo({ [SLO]: `version: 1\nslos: ${'['.repeat(YDEEP)}${']'.repeat(YDEEP)}\n` }), {}), /YAML syntax error: nested too deeply to read/, { file: SLO, line: '2' });
  });

  it('a working-directory that does not exist, or is a file', () => {
    oneClearError(runAction(repo(), { 'working-directory': 'nope' }), /^input 'working-directory' 'nope' does not exist/);
    oneClearError(runAction(repo(), { 'working-directory': 'app/main.py' }), /^input 'working-directory' 'app\/main\.py' is not a folder/);
  });

  it('a sarif-file that is a folder: refused before anything is written', () => {
    const ws = repo({ 'out/keep.txt': 'x' });
    const r = runAction(ws, { 'sarif-file': 'out' });
    oneClearError(r, /^input 'sarif-file' 'out' is a folder, not a file/);
    expect(r.stdout).not.toMatch(/git ls-files|directory walk/); // refused before the checks ran
    expect(existsSync(path.join(r.dir, 'living-architecture-report.json'))).toBe(false);
  });

  it('a report-file under a file: one message, and the SARIF file is not left behind (all or nothing)', () => {
    const ws = repo({ blocker: 'a file, not a folder\n' });
    const r = runAction(ws, { 'report-file': 'blocker/report.json' });
    oneClearError(r, /^input 'report-file' 'blocker\/report\.json' cannot be written: its folder cannot be made \(a file is in the way of its folder\)/);
    expect(existsSync(path.join(ws, 'guardrails.sarif'))).toBe(false);
    expect(readdirSync(ws).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  // /sys refuses new files even to root (a chmod'ed folder would not stop root, who runs these tests in CI containers).
  it.skipIf(!existsSync('/sys/kernel'))('a report-file in a folder nobody may write to (RUNNER_TEMP=/sys): one message, SARIF not left behind', () => {
    const ws = repo();
    const r = runAction(ws, {}, { env: { RUNNER_TEMP: '/sys' } });
    oneClearError(r, /^input 'report-file' '\/sys\/living-architecture-report\.json' cannot be written: the file cannot be made \(no permission\)/);
    expect(existsSync(path.join(ws, 'guardrails.sarif'))).toBe(false);
  });

  it('a configuration error is printed once, as one annotation at its file, line and column', () => {
    const r = runAction(repo({ [GUARDRAILS]: 'version: 1\nguardrails:\n  - id: x\n    check: nope\n' }), {});
    oneClearError(r, /unknown check kind|check/, { file: GUARDRAILS, line: '4' });
    expect(r.stdout.split('\n').filter((l) => l.startsWith('::error'))).toHaveLength(1);
  });
});

describe('dist/cli.js: the same inputs are usage or configuration errors (exit 2)', () => {
  const cliError = (r: { status: number | null; stdout: string; stderr: string }, message: RegExp): void => {
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('error:'))).toHaveLength(1);
    expect(r.stdout + r.stderr).not.toMatch(/internal error|please report|\n\s+at /);
  };

  it('an alias bomb and a deep map name file:line:col', () => {
    const ws = repo({ [GUARDRAILS]: aliasBomb('guardrails: []\n') });
    cliError(runCli(['check'], ws), /^error: infra\/selfcheck\/guardrails\.yaml:3:\d+: YAML aliases expand too far/);
    const ws2 = repo({ [MAP]: `${'['.repeat(DEEP)}${']'.repeat(DEEP)}` });
    cliError(runCli(['check'], ws2), /^error: src\/observability\/system_intelligence_map\.json:1:257: nested more than 256 levels deep/);
  });

  it('--sarif a folder, --json under a file: nothing is written', () => {
    const ws = repo({ 'out/keep.txt': 'x', blocker: 'x' });
    cliError(runCli(['check', '--sarif', 'out'], ws), /^error: --sarif 'out' is a folder, not a file/);
    cliError(runCli(['check', '--sarif', 'g.sarif', '--json', 'blocker/r.json'], ws), /^error: --json 'blocker\/r\.json' cannot be written/);
    expect(existsSync(path.join(ws, 'g.sarif'))).toBe(false);
  });

  it.skipIf(!existsSync('/sys/kernel'))('--json where nobody may write (/sys): exit 2, and --sarif is not written either', () => {
    const ws = repo();
    cliError(runCli(['check', '--sarif', 'g.sarif', '--json', '/sys/r.json'], ws), /^error: --json '\/sys\/r\.json' cannot be written: the file cannot be made \(no permission\)/);
    expect(existsSync(path.join(ws, 'g.sarif'))).toBe(false);
  });

  it('baseline update into a folder that is a file', () => {
    const ws = repo({ blocker: 'x' });
    cliError(runCli(['baseline', 'update', '--baseline', 'blocker/b.json'], ws), /^error: --baseline 'blocker\/b\.json' cannot be written/);
  });

  it('map generate --out into a folder that is a file', () => {
    const ws = repo({ blocker: 'x' });
    cliError(runCli(['map', 'generate', '--out', 'blocker/m.json'], ws), /^error: --out 'blocker\/m\.json' cannot be written/);
  });
});

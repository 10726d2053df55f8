/**
 * Hostile: on pull_request_target (and workflow_run) the workflow runs with the base repository's
 * secrets. A fork cannot change the guardrails file unnoticed, so it changes what the command runs:
 * the script named in `run:`, a package.json script, a Python module. Commands run only when the
 * whole checkout is the base commit's; replayed through dist/index.js as the runner does.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpDir, tmpRepo, write } from '../helpers.js';
import { runAction, runCli } from '../e2e/runner.js';

const gitIn =
  (cwd: string) =>
  (...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args], { cwd, encoding: 'utf8', stdio: 'pipe' }).trim();

/**
 * A base commit whose guardrail runs `sh scripts/check.sh`, which writes `<marker>`; the head commit
 * (checked out, as `actions/checkout` with `ref: head.sha` does) applies `change`.
 */
function scenario(change: (ws: string, marker: string) => void) {
  const markers = tmpRepo({});
  const marker = path.join(markers, 'ran');
  const ws = tmpRepo(
    {
      'infra/selfcheck/guardrails.yaml': 'version: 1\nguardrails:\n  - id: script\n    check: command\n    run: sh scripts/check.sh\n',
      'scripts/check.sh': `echo base >> '${marker}'\n`,
      'package.json': '{"name":"x","scripts":{"lint":"echo lint"}}\n',
      '.gitignore': 'node_modules/\n',
    },
    { git: true },
  );
  const git = gitIn(ws);
  const base = git('rev-parse', 'HEAD');
  change(ws, marker);
  git('add', '-A');
  git('commit', '-qm', 'pull request', '--allow-empty');
  const head = git('rev-parse', 'HEAD');
  const event = { pull_request: { number: 7, base: { sha: base }, head: { sha: head } } };
  return { ws, marker, base, head, event };
}

const evilScript = (ws: string, marker: string) => write(ws, 'scripts/check.sh', `echo fork >> '${marker}'\n`);

describe('pull_request_target: a fork changes what the command runs', () => {
  it("the script `run:` calls is the fork's: not run, the summary says why", () => {
    const { ws, marker, event, base } = scenario(evilScript);
    const r = runAction(ws, {}, { event, eventName: 'pull_request_target', env: { GITHUB_SHA: base } });
    expect(existsSync(marker)).toBe(false);
    expect(r.summary).toContain("commands run only when the checkout is exactly the base branch's commit");
    expect(r.summary).toContain('scripts/check.sh');
    expect(r.stdout).not.toContain('fork');
  });

  it('a file the base does not have (a new module the script imports): not run', () => {
    const { ws, marker, event, base } = scenario((w, m) => write(w, 'scripts/helper.sh', `echo fork >> '${m}'\n`));
    runAction(ws, {}, { event, eventName: 'pull_request_target', env: { GITHUB_SHA: base } });
    expect(existsSync(marker)).toBe(false);
  });

  it('an untracked file dropped into the checkout after it: not run', () => {
    const { ws, marker, event, base } = scenario(() => {});
    gitIn(ws)('checkout', '-q', base);
    write(ws, 'scripts/check.local.sh', 'x\n');
    const r = runAction(ws, {}, { event, eventName: 'pull_request_target', env: { GITHUB_SHA: base } });
    expect(existsSync(marker)).toBe(false);
    expect(r.summary).toContain('scripts/check.local.sh');
  });

  it('nothing changed (the checkout is the base commit): the command runs', () => {
    const { ws, marker, event, base } = scenario(evilScript);
    gitIn(ws)('checkout', '-q', base); // the default checkout on pull_request_target: the base branch
    write(ws, 'node_modules/dep/index.js', 'ignored: installed by an earlier step\n');
    const r = runAction(ws, {}, { event, eventName: 'pull_request_target', env: { GITHUB_SHA: base } });
    expect(readFileSync(marker, 'utf8')).toBe('base\n');
    expect(r.outputs.result).toBe('pass');
  });

  it("allow-commands: unsafe-untrusted-checkout runs the fork's script, with a warning", () => {
    const { ws, marker, event, base } = scenario(evilScript);
    const r = runAction(ws, { 'allow-commands': 'unsafe-untrusted-checkout' }, { event, eventName: 'pull_request_target', env: { GITHUB_SHA: base } });
    expect(readFileSync(marker, 'utf8')).toBe('fork\n');
    expect(r.annotations.some((a) => a.level === 'warning' && a.message.includes('unsafe-untrusted-checkout'))).toBe(true);
  });

  it('any other allow-commands value is a usage error naming the input', () => {
    const { ws, marker, event, base } = scenario(evilScript);
    const r = runAction(ws, { 'allow-commands': 'yes' }, { event, eventName: 'pull_request_target', env: { GITHUB_SHA: base } });
    expect(r.status).toBe(2);
    expect(r.stdout).toContain("input 'allow-commands' must be true or false or unsafe-untrusted-checkout, not 'yes'");
    expect(existsSync(marker)).toBe(false);
  });
});

describe('workflow_run: the checkout must be GITHUB_SHA (the default branch)', () => {
  it("the triggering run's head checked out: not run; the default branch checked out: runs", () => {
    const { ws, marker, base, head } = scenario(evilScript);
    const event = { workflow_run: { head_sha: head, event: 'pull_request' }, repository: { default_branch: 'main' } };
    const r = runAction(ws, {}, { event, eventName: 'workflow_run', env: { GITHUB_SHA: base } });
    expect(existsSync(marker)).toBe(false);
    expect(r.summary).toContain('on workflow_run commands run only when the checkout is exactly');
    gitIn(ws)('checkout', '-q', base);
    runAction(ws, {}, { event, eventName: 'workflow_run', env: { GITHUB_SHA: base } });
    expect(readFileSync(marker, 'utf8')).toBe('base\n');
  });
});

describe('the CLI inside a privileged workflow', () => {
  it("check on pull_request_target with the fork's script: not run", () => {
    const { ws, marker, base, event } = scenario(evilScript);
    const eventFile = path.join(tmpDir('la-event-'), 'event.json'); // outside the checkout
    write(path.dirname(eventFile), path.basename(eventFile), JSON.stringify(event));
    const env = { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_EVENT_PATH: eventFile, GITHUB_SHA: base };
    const r = runCli(['check', '--format', 'json'], ws, env);
    expect(existsSync(marker)).toBe(false);
    expect(r.stdout).toContain("commands run only when the checkout is exactly the base branch's commit");
    runCli(['baseline', 'update'], ws, env);
    expect(existsSync(marker)).toBe(false);
  });
});

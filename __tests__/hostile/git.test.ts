/**
 * Hostile: code execution through git. A pull request controls every file of the checkout, so a
 * folder can hold a git directory layout (HEAD, objects/, refs/, config) whose config names a
 * command (core.fsmonitor, hooks, pager, external diff, textconv, filters, includes). Every git
 * call the Action and the CLI make must run none of it: the listing, the changed files, the
 * pull_request_target trust check. Each test plants commands that create a marker file, replays
 * the run through dist/, and asserts no marker exists.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpDir, tmpRepo, write } from '../helpers.js';
import { runAction, runCli } from '../e2e/runner.js';

const gitIn =
  (cwd: string) =>
  (...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', '-c', 'core.hooksPath=/dev/null', ...args], { cwd, encoding: 'utf8', stdio: 'pipe' }).trim();

const HOOKS = ['pre-commit', 'post-checkout', 'post-index-change', 'reference-transaction', 'fsmonitor-watchman', 'pre-auto-gc', 'post-merge'];

/** Shell that creates `<markers>/<name>` when run (whatever arguments git passes). */
const touch = (markers: string, name: string) => `touch '${path.join(markers, name)}'; false`;

/** Every config key of git that names a command, each creating its own marker. */
function hostileConfig(markers: string, extra = ''): string {
  return [
    '[core]',
    '\trepositoryformatversion = 0',
    `\tfsmonitor = "${touch(markers, 'fsmonitor')}"`,
    `\tpager = "${touch(markers, 'pager')}"`,
    `\tsshCommand = "${touch(markers, 'ssh')}"`,
    `\taskPass = "${touch(markers, 'askpass')}"`,
    `\teditor = "${touch(markers, 'editor')}"`,
    extra,
    '[diff]',
    `\texternal = "${touch(markers, 'diff-external')}"`,
    '[diff "evil"]',
    `\ttextconv = "${touch(markers, 'textconv')}"`,
    `\tcommand = "${touch(markers, 'diff-command')}"`,
    '[filter "evil"]',
    `\tclean = "${touch(markers, 'filter-clean')}"`,
    `\tsmudge = "${touch(markers, 'filter-smudge')}"`,
    `\tprocess = "${touch(markers, 'filter-process')}"`,
    '[pager]',
    `\tls-files = "${touch(markers, 'pager-ls-files')}"`,
    `\tdiff = "${touch(markers, 'pager-diff')}"`,
    '[log]',
    '\tshowSignature = true',
    '[gpg]',
    `\tprogram = "${touch(markers, 'gpg')}"`,
    '[credential]',
    `\thelper = "!${touch(markers, 'credential')}"`,
    '[include]',
    '\tpath = included.config',
    '',
  ].join('\n');
}

/** A git directory layout with hooks and a config that runs commands, written at `dir`. */
function plantGitDir(dir: string, markers: string, extra: string): void {
  mkdirSync(path.join(dir, 'objects', 'info'), { recursive: true });
  mkdirSync(path.join(dir, 'refs', 'heads'), { recursive: true });
  writeFileSync(path.join(dir, 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(path.join(dir, 'config'), '');
  plantConfig(dir, markers, extra);
}

/** Hooks and config entries that run commands, added to the git directory at `dir`. */
function plantConfig(dir: string, markers: string, extra: string): void {
  mkdirSync(path.join(dir, 'hooks'), { recursive: true });
  appendFileSync(path.join(dir, 'config'), hostileConfig(markers, extra));
  writeFileSync(path.join(dir, 'included.config'), `[core]\n\tfsmonitor = "${touch(markers, 'included-fsmonitor')}"\n`);
  for (const h of HOOKS) {
    writeFileSync(path.join(dir, 'hooks', h), `#!/bin/sh\n${touch(markers, `hook-${h}`)}\n`);
    chmodSync(path.join(dir, 'hooks', h), 0o755);
  }
}

/**
 * A real checkout (git init + commit) holding, as plain files a pull request can commit, a folder
 * `evil/` laid out as a git directory whose work tree is itself, plus `.gitattributes` routing
 * every file through its filter and diff drivers.
 */
function hostileWorkspace(opts: { git?: boolean } = { git: true }) {
  const markers = tmpRepo({});
  const ws = tmpRepo({ 'README.md': '# app\n', 'app/main.py': 'import os\n', 'evil/app.py': 'x = 1\n', 'evil/.gitattributes': '* filter=evil diff=evil\n' }, { git: opts.git ?? true });
  plantGitDir(path.join(ws, 'evil'), markers, '\tbare = false\n\tworktree = .');
  return { ws, markers };
}

const ran = (markers: string) => readdirSync(markers);

function prEvent(ws: string) {
  const git = gitIn(ws);
  const base = git('rev-parse', 'HEAD');
  write(ws, 'app/new.py', 'y = 2\n');
  git('add', 'app/new.py');
  git('commit', '-qm', 'pr');
  const head = git('rev-parse', 'HEAD');
  return { pull_request: { number: 1, base: { sha: base }, head: { sha: head } } };
}

describe('a folder laid out as a git directory runs nothing (Action)', () => {
  it('working-directory on it, allow-commands: false: the listing and the changed files run no git config', () => {
    const { ws, markers } = hostileWorkspace();
    const event = prEvent(ws);
    // Prove the layout is live: plain git inside that folder does run the planted fsmonitor.
    const probe = tmpRepo({});
    plantGitDir(path.join(probe, 'p'), probe, '\tbare = false\n\tworktree = .');
    try {
      execFileSync('git', ['ls-files'], { cwd: path.join(probe, 'p'), stdio: 'pipe' });
    } catch {
      // whatever git says, the marker tells
    }
    expect(readdirSync(probe).filter((f) => f.endsWith('fsmonitor'))).toEqual(['included-fsmonitor']);

    const r = runAction(ws, { 'working-directory': 'evil', 'allow-commands': 'false' }, { event, eventName: 'pull_request' });
    expect(ran(markers)).toEqual([]);
    expect(r.outputs.result).toBeDefined();
    // The folder belongs to the checkout's own repository: listed by git, as a normal subfolder.
    expect(r.stdout).toMatch(/files? in evil \(git ls-files\)/);
  });

  it('pull_request_target with a command guardrail in that folder: refused, and the trust check runs no git config', () => {
    const { ws, markers } = hostileWorkspace();
    write(ws, 'evil/infra/selfcheck/guardrails.yaml', `version: 1\nguardrails:\n  - id: cmd\n    check: command\n    run: "${touch(markers, 'command')}"\n`);
    const event = prEvent(ws);
    const r = runAction(ws, { 'working-directory': 'evil' }, { event, eventName: 'pull_request_target', env: { GITHUB_SHA: event.pull_request.base.sha } });
    expect(ran(markers)).toEqual([]);
    expect(r.summary).toMatch(/pull_request_target/);
  });

  it('the workspace itself is not a git checkout: a walk, nothing run', () => {
    const { ws, markers } = hostileWorkspace({ git: false });
    const r = runAction(ws, { 'working-directory': 'evil', 'allow-commands': 'false' }, { event: { pull_request: { base: { sha: 'a'.repeat(40) }, head: { sha: 'b'.repeat(40) } } } });
    expect(ran(markers)).toEqual([]);
    expect(r.stdout).toMatch(/files? in evil \(directory walk\)/);
    expect(r.status).toBe(0);
  });
});

describe('a folder laid out as a git directory runs nothing (CLI)', () => {
  it('check --root on it, inside a checkout and outside one', () => {
    for (const gitInit of [true, false]) {
      const { ws, markers } = hostileWorkspace({ git: gitInit });
      const r = runCli(['check', '--root', 'evil', '--no-commands', '--format', 'json'], ws);
      expect(ran(markers)).toEqual([]);
      expect(r.status, r.stderr).toBe(0);
    }
  });

  it('map generate and suggest on it run nothing either', () => {
    const { ws, markers } = hostileWorkspace({ git: false });
    runCli(['map', 'generate', '--root', 'evil', '--out', path.join(tmpDir('la-map-out-'), 'map.json')], ws);
    runCli(['suggest', '--root', 'evil'], ws);
    expect(ran(markers)).toEqual([]);
  });
});

describe('a .git file or folder below the root runs nothing', () => {
  it('a .git FILE pointing at the planted layout, or at a folder outside the workspace: not followed, the folder is walked', () => {
    const { ws, markers } = hostileWorkspace();
    const outside = tmpRepo({});
    plantGitDir(outside, markers, '\tbare = false');
    write(ws, 'sub/.git', 'gitdir: ../evil\n');
    write(ws, 'sub/a.py', 'a = 1\n');
    write(ws, 'far/.git', `gitdir: ${outside}\n`);
    write(ws, 'far/b.py', 'b = 1\n');
    const event = prEvent(ws);
    for (const dir of ['sub', 'far']) {
      const r = runAction(ws, { 'working-directory': dir, 'allow-commands': 'false' }, { event });
      expect(ran(markers)).toEqual([]);
      expect(r.stdout).toContain(`in ${dir} (directory walk)`);
      const c = runCli(['check', '--root', dir, '--no-commands'], ws);
      expect(c.status, c.stderr).toBe(0);
      expect(ran(markers)).toEqual([]);
    }
  });

  it("a real .git folder in a subfolder (a nested clone) and the checkout's own .git/config: their commands never run", () => {
    const markers = tmpRepo({});
    const guard = `version: 1\nguardrails:\n  - id: cmd\n    check: command\n    run: "${touch(markers, 'command')}"\n`;
    const ws = tmpRepo({ 'README.md': '# app\n', 'nested/x.py': 'x = 1\n', '.gitattributes': '*.py diff=evil filter=evil\n', 'infra/selfcheck/guardrails.yaml': guard }, { git: true });
    const nested = gitIn(path.join(ws, 'nested'));
    nested('init', '-q');
    nested('add', '-A');
    nested('commit', '-qm', 'n');
    const event = prEvent(ws);
    write(ws, 'nested/x.py', 'x = 2\n'); // modified files: git must look at the work tree
    write(ws, 'app/main.py', 'import sys\n');
    for (const gitDir of [path.join(ws, '.git'), path.join(ws, 'nested', '.git')]) plantConfig(gitDir, markers, '');
    for (const dir of ['.', 'nested']) {
      const r = runAction(ws, { 'working-directory': dir, 'allow-commands': 'false' }, { event });
      expect(r.stdout).toMatch(/\(git ls-files\)/);
      const t = runAction(ws, { 'working-directory': dir }, { event, eventName: 'pull_request_target' });
      expect(t.outputs.result).toBeDefined();
      const c = runCli(['check', '--root', dir, '--no-commands'], ws);
      expect(c.stderr).not.toMatch(/internal error/);
    }
    expect(ran(markers)).toEqual([]);
  });
});

describe('environment', () => {
  it('GIT_DIR and friends from the environment do not redirect git to the planted layout', () => {
    const { ws, markers } = hostileWorkspace();
    const env = { GIT_DIR: path.join(ws, 'evil'), GIT_WORK_TREE: path.join(ws, 'evil'), GIT_CONFIG_PARAMETERS: `'core.fsmonitor'='${touch(markers, 'env-params')}'` };
    const r = runAction(ws, { 'allow-commands': 'false' }, { event: prEvent(ws), env });
    expect(ran(markers)).toEqual([]);
    expect(r.stdout).toMatch(/\(git ls-files\)/);
  });
});

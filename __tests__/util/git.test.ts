import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findGitRepo, git, gitEnv } from '../../src/util/git.js';
import { tmpDir, tmpRepo, write } from '../helpers.js';

const real = (p: string) => realpathSync(p);

describe('findGitRepo: only a real .git directory is trusted', () => {
  it('finds the enclosing .git directory from the top and from a subfolder', () => {
    const top = tmpRepo({ 'a/b/c.py': 'x' }, { git: true });
    expect(findGitRepo(top)).toEqual({ gitDir: path.join(real(top), '.git'), workTree: real(top) });
    expect(findGitRepo(path.join(top, 'a', 'b'))).toEqual({ gitDir: path.join(real(top), '.git'), workTree: real(top) });
  });

  it('a folder laid out as a git directory is not a repository (its parent repository holds it)', () => {
    const plain = tmpRepo({ 'bare/HEAD': 'ref: refs/heads/main\n', 'bare/config': '[core]\n\tbare = false\n\tworktree = .\n', 'bare/objects/x': '', 'bare/refs/x': '' });
    expect(findGitRepo(path.join(plain, 'bare'))).toBeNull();
    const top = tmpRepo({ 'bare/HEAD': 'ref: refs/heads/main\n', 'bare/objects/x': '', 'bare/refs/x': '' }, { git: true });
    expect(findGitRepo(path.join(top, 'bare'))?.workTree).toBe(real(top));
  });

  it("a .git file is followed only into a real .git directory's worktrees/ or modules/", () => {
    const main = tmpRepo({ 'a.txt': 'a' }, { git: true });
    const wt = path.join(tmpRepo({}), 'wt');
    execFileSync('git', ['worktree', 'add', '-q', wt], { cwd: main, stdio: 'pipe' });
    expect(findGitRepo(wt)).toEqual({ gitDir: path.join(real(main), '.git', 'worktrees', 'wt'), workTree: real(wt) });

    const ws = tmpRepo({ 'evil/HEAD': 'ref: refs/heads/main\n', 'evil/objects/x': '', 'evil/refs/x': '', 'sub/a.py': '' }, { git: true });
    write(ws, 'sub/.git', 'gitdir: ../evil\n');
    expect(findGitRepo(path.join(ws, 'sub'))).toBeNull();
    // Named like a worktree, but the ".git" on the way is a plain folder of the checkout without being a git directory.
    mkdirSync(path.join(ws, 'x', '.git', 'worktrees', 'w', 'objects'), { recursive: true });
    writeFileSync(path.join(ws, 'x', '.git', 'worktrees', 'w', 'HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(path.join(ws, 'x', '.git', 'worktrees', 'w', 'commondir'), '../..\n');
    write(ws, 'far/.git', `gitdir: ${path.join(ws, 'x', '.git', 'worktrees', 'w')}\n`);
    expect(findGitRepo(path.join(ws, 'far'))).toBeNull();
  });

  it('a .git symlink, a broken .git folder, or a root inside the git directory: no repository', () => {
    const ws = tmpRepo({ 'a/x': '', 'b/.git/nothing': '' }, { git: true });
    symlinkSync(path.join(ws, '.git'), path.join(ws, 'a', '.git'));
    expect(findGitRepo(path.join(ws, 'a'))).toBeNull();
    expect(findGitRepo(path.join(ws, 'b'))).toBeNull();
    expect(findGitRepo(path.join(ws, '.git', 'refs'))).toBeNull();
  });

  it('never above the ceiling', () => {
    const top = tmpRepo({ 'ws/a.py': '' }, { git: true });
    expect(findGitRepo(path.join(top, 'ws'), path.join(top, 'ws'))).toBeNull();
    expect(findGitRepo(path.join(top, 'ws'), top)?.workTree).toBe(real(top));
    expect(findGitRepo(top, path.join(top, 'ws'))).toBeNull(); // start outside the ceiling
  });
});

describe('git: immune to the environment and the repository config', () => {
  it('drops every GIT_* of the caller and sets its own', () => {
    const env = gitEnv({ gitDir: '/r/.git', workTree: '/r' }, { PATH: '/bin', GIT_DIR: '/evil', GIT_CONFIG_PARAMETERS: "'core.fsmonitor'='x'", git_exec_path: '/x' });
    expect(env).toMatchObject({ PATH: '/bin', GIT_DIR: '/r/.git', GIT_WORK_TREE: '/r', GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' });
    expect(env.GIT_CONFIG_PARAMETERS).toBeUndefined();
    expect(env.git_exec_path).toBeUndefined();
  });

  it('runs with the given repository whatever the folder it runs in', async () => {
    const top = tmpRepo({ 'a.txt': 'a', 'sub/b.txt': 'b' }, { git: true });
    const repo = findGitRepo(top)!;
    expect((await git(repo, ['ls-files', '-z'], { cwd: path.join(top, 'sub') })).out).toBe('b.txt\0');
    const buf = await git(repo, ['ls-files', '-z', '--full-name'], { cwd: path.join(top, 'sub'), encoding: 'buffer' });
    expect(Buffer.isBuffer(buf.out)).toBe(true);
    expect(buf.out.toString()).toBe('sub/b.txt\0');
    const bad = await git(repo, ['cat-file', '-e', `${'1'.repeat(40)}^{commit}`]);
    expect(bad).toMatchObject({ ok: false, code: 128 });
  });

  it.skipIf(process.platform === 'win32')('stopped while it reads the filter drivers: git itself never starts', async () => {
    const top = tmpRepo({ 'a.txt': 'a' }, { git: true });
    const repo = findGitRepo(top)!;
    const bin = tmpDir('la-git-log-');
    const log = path.join(bin, 'log');
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(path.join(bin, 'git'), `#!/bin/sh\nfor a in "$@"; do case "$a" in config|diff-files) echo "$a" >> '${log}';; esac; done\nexec '${realGit}' "$@"\n`, { mode: 0o755 });
    const saved = process.env.PATH;
    process.env.PATH = `${bin}${path.delimiter}${saved}`;
    try {
      const abort = new AbortController();
      const stopped = git(repo, ['diff-files', '-z', '--name-only'], { filters: false, signal: abort.signal });
      abort.abort();
      expect(await stopped).toMatchObject({ ok: false, code: null, err: 'stopped' });
      expect(await git(repo, ['diff-files', '-z', '--name-only'], { filters: false })).toMatchObject({ ok: true, out: '' });
    } finally {
      process.env.PATH = saved;
    }
    expect(readFileSync(log, 'utf8')).toBe('config\nconfig\ndiff-files\n');
  });
});

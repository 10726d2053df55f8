/**
 * The one way this project runs git. The checkout is a pull request's: any folder in it can be laid
 * out as a git directory (HEAD, objects/, refs/, a `config` naming commands for core.fsmonitor,
 * hooks, pagers, diff and filter drivers, includes). Left to itself, git discovers such a folder as
 * the repository and runs those commands. So git is never left to discover anything:
 *
 * - the repository is found here, by walking up from the root to the first `.git` entry, and only a
 *   real `.git` directory owned by the user running us is trusted (git itself writes those, a
 *   checkout never does: git refuses `.git` as a path in a commit). A `.git` file (a linked
 *   worktree, a submodule) is followed only into a real `.git` directory's `worktrees/` or
 *   `modules/`; anything else means "not in git", and callers fall back to what they do without
 *   git (the listing walks the folder);
 * - git runs with that directory and its work tree given explicitly (GIT_DIR, GIT_WORK_TREE), every
 *   GIT_* variable of the environment removed, no system or global config, and the command line
 *   overriding every setting that runs a program (fsmonitor, hooks, pager) or reaches the network
 *   (protocol.allow=never). Diff-like callers add `--no-ext-diff --no-textconv` (see NO_DRIVERS),
 *   and those that read the work tree through filters switch them off (`filters: false`).
 */
import { execFile } from 'node:child_process';
import { lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface GitRepo {
  /** The git directory (real path). */
  gitDir: string;
  /** The top of its work tree (real path). */
  workTree: string;
}

/** Add to `diff`, `log`, `show`: no external diff program, no textconv driver. */
export const NO_DRIVERS = ['--no-ext-diff', '--no-textconv'] as const;

/** Config given on the command line: it wins over every config file git reads. */
const OVERRIDES: readonly string[] = [
  'core.fsmonitor=',
  `core.hooksPath=${os.devNull}`,
  'core.pager=cat',
  'core.quotepath=off',
  'core.untrackedCache=false',
  'core.splitIndex=false',
  'safe.bareRepository=explicit',
  'protocol.allow=never',
  'submodule.recurse=false',
  'log.showSignature=false',
  'diff.noprefix=false',
  'gc.auto=0',
  'maintenance.auto=false',
].flatMap((kv) => ['-c', kv]);

function isDir(p: string): boolean {
  return lstatSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

function isFile(p: string): boolean {
  return lstatSync(p, { throwIfNoEntry: false })?.isFile() ?? false;
}

/**
 * What `git` itself requires of a git directory: HEAD, and objects/ + refs/ (or a commondir); and,
 * as git's safe.directory does, owned by the user running us (root, as in container jobs whose
 * workspace another user checked out, trusts any owner).
 */
function looksLikeGitDir(dir: string): boolean {
  const uid = process.getuid?.();
  if (uid !== undefined && uid !== 0 && lstatSync(dir, { throwIfNoEntry: false })?.uid !== uid) return false;
  return isFile(path.join(dir, 'HEAD')) && ((isDir(path.join(dir, 'objects')) && isDir(path.join(dir, 'refs'))) || isFile(path.join(dir, 'commondir')));
}

function realOrNull(p: string): string | null {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
}

/**
 * The git directory a `.git` file points at, when it lies in a real `.git` directory's
 * `worktrees/` or `modules/` (what `git worktree add` and submodules write); else null.
 */
function linkedGitDir(dotGitFile: string): string | null {
  let text: string;
  try {
    text = readFileSync(dotGitFile, 'utf8');
  } catch {
    return null;
  }
  const m = /^gitdir: *(.+?)\s*$/m.exec(text);
  if (!m) return null;
  const target = realOrNull(path.resolve(path.dirname(dotGitFile), m[1]!));
  if (!target || !looksLikeGitDir(target)) return null;
  const parts = target.split(path.sep);
  const at = parts.lastIndexOf('.git', parts.length - 3);
  if (at < 1 || (parts[at + 1] !== 'worktrees' && parts[at + 1] !== 'modules')) return null;
  const home = parts.slice(0, at + 1).join(path.sep);
  // The real .git directory, not reached through a symbolic link, and a git directory itself.
  return realOrNull(home) === home && isDir(home) && looksLikeGitDir(home) ? target : null;
}

/**
 * The repository holding `start`: the first `.git` entry from `start` upwards (never above
 * `ceiling` when given), trusted only as described above; null when there is none to trust.
 */
export function findGitRepo(start: string, ceiling?: string): GitRepo | null {
  const from = realOrNull(start);
  if (!from || !statSync(from, { throwIfNoEntry: false })?.isDirectory()) return null;
  const stop = ceiling ? realOrNull(ceiling) : null;
  if (ceiling && (!stop || !inside(stop, from))) return null;
  for (let dir = from; ; ) {
    const dotGit = path.join(dir, '.git');
    const st = lstatSync(dotGit, { throwIfNoEntry: false });
    if (st) {
      let gitDir: string | null = null;
      if (st.isDirectory()) gitDir = looksLikeGitDir(dotGit) ? dotGit : null;
      else if (st.isFile()) gitDir = linkedGitDir(dotGit);
      // A `.git` that is not trusted (a symlink, a file pointing elsewhere, a broken folder) hides
      // the folder from any repository above it as well: no git at all.
      if (!gitDir) return null;
      // A root inside the git directory itself is no part of the work tree.
      if (inside(gitDir, from)) return null;
      return { gitDir, workTree: dir };
    }
    const up = path.dirname(dir);
    if (up === dir || (stop !== null && dir === stop)) return null;
    dir = up;
  }
}

function inside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The environment git runs with: nothing of the caller's GIT_*, no system or global config. */
export function gitEnv(repo: GitRepo, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) if (!/^GIT_/i.test(k)) env[k] = v;
  return {
    ...env,
    GIT_DIR: repo.gitDir,
    GIT_WORK_TREE: repo.workTree,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: os.devNull,
    GIT_ATTR_NOSYSTEM: '1',
    GIT_NO_REPLACE_OBJECTS: '1',
    GIT_NO_LAZY_FETCH: '1',
    GIT_ALLOW_PROTOCOL: '',
    GIT_TERMINAL_PROMPT: '0',
    GIT_PAGER: 'cat',
    PAGER: 'cat',
    GIT_OPTIONAL_LOCKS: '0',
    LC_ALL: 'C',
  };
}

export interface GitResult<T> {
  ok: boolean;
  /** Exit code (null when git could not start or was killed). */
  code: number | null;
  out: T;
  err: string;
  /** True when the output passed `maxBuffer`: git was stopped and `out` holds what came before. */
  truncated?: boolean;
}

export interface GitOptions {
  /** Where git runs (its pathspecs and `--relative` are relative to it); default the work tree. */
  cwd?: string;
  maxBuffer?: number;
  /**
   * false: switch off every filter driver the repository's config defines (clean, smudge, process),
   * for calls that read the work tree through them (`git diff <commit>`): a pull request's
   * `.gitattributes` picks which files a driver gets.
   */
  filters?: false;
  /** Stops git (the result is then not ok). */
  signal?: AbortSignal;
  /**
   * Work started ahead of need whose threads should not take the main thread's core (the listing's
   * diff-files, whose index preload runs up to 20 threads: src/workspace/prefetch.ts): git runs at
   * a lower priority.
   */
  background?: true;
}

/** The niceness of `background` git. */
const BACKGROUND_PRIORITY = 10;

/** Config pairs that switch off each filter driver the repository defines; null when git cannot tell. */
async function filterOverrides(repo: GitRepo): Promise<[string, string][] | null> {
  const r = await run(repo, ['config', '-z', '--name-only', '--get-regexp', '^filter\\.'], {}, []);
  if (!r.ok && r.code !== 1) return null; // 1: no filter defined
  const names = new Set<string>();
  for (const key of String(r.out).split('\0').filter(Boolean)) {
    const first = key.indexOf('.');
    const last = key.lastIndexOf('.');
    if (last > first) names.add(key.slice(first + 1, last));
  }
  return [...names].flatMap((n): [string, string][] => [
    [`filter.${n}.clean`, ''],
    [`filter.${n}.smudge`, ''],
    [`filter.${n}.process`, ''],
    [`filter.${n}.required`, 'false'],
  ]);
}

/** Run git in `repo`, immune to the repository's own config (see the module comment). */
export function git(repo: GitRepo, args: readonly string[], opts?: GitOptions & { encoding?: 'utf8' }): Promise<GitResult<string>>;
export function git(repo: GitRepo, args: readonly string[], opts: GitOptions & { encoding: 'buffer' }): Promise<GitResult<Buffer>>;
export async function git(repo: GitRepo, args: readonly string[], opts: GitOptions & { encoding?: 'utf8' | 'buffer' } = {}): Promise<GitResult<string | Buffer>> {
  let pairs: [string, string][] = [];
  if (opts.filters === false) {
    const off = await filterOverrides(repo);
    if (off === null) return { ok: false, code: null, out: opts.encoding === 'buffer' ? Buffer.alloc(0) : '', err: 'could not read the filter drivers of the repository config' };
    // stopped while the config was read: git is not started at all
    if (opts.signal?.aborted) return { ok: false, code: null, out: opts.encoding === 'buffer' ? Buffer.alloc(0) : '', err: 'stopped' };
    pairs = off;
  }
  return run(repo, args, opts, pairs);
}

function run(repo: GitRepo, args: readonly string[], opts: GitOptions & { encoding?: 'utf8' | 'buffer' }, pairs: [string, string][]): Promise<GitResult<string | Buffer>> {
  const encoding = opts.encoding ?? 'utf8';
  const env = gitEnv(repo);
  // Through the environment, not `-c`: a driver name may hold any character, `=` included.
  if (pairs.length) {
    env.GIT_CONFIG_COUNT = String(pairs.length);
    pairs.forEach(([k, v], i) => {
      env[`GIT_CONFIG_KEY_${i}`] = k;
      env[`GIT_CONFIG_VALUE_${i}`] = v;
    });
  }
  return new Promise((resolve) => {
    const child = execFile(
      'git',
      ['--no-pager', ...OVERRIDES, ...args],
      { cwd: opts.cwd ?? repo.workTree, env, encoding, maxBuffer: opts.maxBuffer ?? 256 * 1024 * 1024, windowsHide: true, ...(opts.signal ? { signal: opts.signal } : {}) },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : null) : 0;
        const truncated = (err as { code?: unknown } | null)?.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER';
        resolve({ ok: !err, code, out: stdout, err: String(stderr).trim(), ...(truncated ? { truncated } : {}) });
      },
    );
    if (opts.background && child.pid !== undefined) {
      try {
        os.setPriority(child.pid, BACKGROUND_PRIORITY);
      } catch {
        // already gone, or not allowed here: it runs at the usual priority
      }
    }
  });
}

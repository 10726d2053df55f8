import { realpathSync } from 'node:fs';
import { readGitIndexAhead } from './git-index.js';
import { findGitRepo, git, type GitRepo, type GitResult } from '../util/git.js';
import { dropReadAhead } from '../util/read-whole.js';

/**
 * The git commands of a listing (list.ts), and their early start. On a tree of 10⁵ files git's
 * walks of the work tree (the untracked files, the files changed since the index) take half a
 * second of a second core; the CLI's door (src/cli.ts) starts them before it loads the CLI's
 * bundle, which leaves that core idle for a tenth of a second. The listing then takes the
 * commands already running when they are exactly the ones it would start (the same repository,
 * folder and command), and starts its own otherwise. The door and the CLI are separate bundles:
 * what was started is shared through a registry on `globalThis`.
 */
export type ListingCommand = 'all' | 'others' | 'changed' | 'staged';

const ARGS: Record<ListingCommand, readonly string[]> = {
  /** every file: tracked, and untracked but not ignored (a listing without blob ids) */
  all: ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--full-name', '--', '.'],
  /** untracked but not ignored */
  others: ['ls-files', '-z', '--others', '--exclude-standard', '--full-name', '--', '.'],
  /** tracked and changed in the work tree: read through the repository's filter drivers, so never let it run them */
  changed: ['diff-files', '-z', '--name-only', '--', '.'],
  /** the tracked files with their blob ids, when git's index file is not one git-index.ts vouches for (never started early) */
  staged: ['ls-files', '-z', '-s', '-v', '--full-name', '--', '.'],
};

interface Started {
  result: Promise<GitResult<Buffer>>;
  abort: AbortController;
}

const REGISTRY = Symbol.for('living-architecture.listing-prefetch');

function registry(): Map<string, Started> {
  const g = globalThis as { [REGISTRY]?: Map<string, Started> };
  return (g[REGISTRY] ??= new Map());
}

function keyOf(repo: GitRepo, root: string, command: ListingCommand): string {
  return JSON.stringify([repo.gitDir, repo.workTree, root, command]);
}

function start(repo: GitRepo, root: string, command: ListingCommand, signal?: AbortSignal): Promise<GitResult<Buffer>> {
  return git(repo, ARGS[command], {
    cwd: root,
    maxBuffer: 1024 * 1024 * 1024,
    encoding: 'buffer',
    // diff-files' index preload runs up to 20 threads: at a lower priority they weigh about as much
    // as two ordinary ones, and leave the main thread (which reads the index and the fact store
    // meanwhile) its core; the untracked walk is one thread and keeps its priority, so that it does
    // not fall behind on a machine busy with other work
    ...(command === 'changed' ? { filters: false, background: true } : {}),
    ...(signal ? { signal } : {}),
  });
}

/** Run one of the listing's commands in `root` (a real path inside `repo`'s work tree), or take it when it was started early. */
export function listingGit(repo: GitRepo, root: string, command: ListingCommand): Promise<GitResult<Buffer>> {
  const reg = registry();
  const key = keyOf(repo, root, command);
  const early = reg.get(key);
  if (early) {
    reg.delete(key);
    return early.result;
  }
  return start(repo, root, command);
}

/**
 * Start the commands a listing of `root` will run (with blob ids: the untracked and the changed
 * files, and the read of git's index; without: every file), when `root` is in a repository this
 * run would trust; else nothing.
 */
export function prefetchListing(root: string, withBlobs: boolean): void {
  let real: string;
  try {
    real = realpathSync(root);
  } catch {
    return;
  }
  const repo = findGitRepo(real);
  if (!repo) return;
  if (withBlobs) readGitIndexAhead(repo.gitDir);
  const reg = registry();
  for (const command of withBlobs ? (['others', 'changed'] as const) : (['all'] as const)) {
    const key = keyOf(repo, real, command);
    if (reg.has(key)) continue;
    const abort = new AbortController();
    reg.set(key, { result: start(repo, real, command, abort.signal), abort });
  }
}

/** Stop the commands started early that no listing took (a run that ended before it listed the files), and forget the early reads. */
export function dropPrefetched(): void {
  dropReadAhead();
  const reg = registry();
  for (const s of reg.values()) s.abort.abort();
  reg.clear();
}

import { lstatSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { escapeName, utf8Name } from './decode.js';
import { BUILTIN_EXCLUDED_DIRS } from './excludes.js';
import { findGitRepo, git, type GitRepo } from '../util/git.js';
import { toPosix } from '../util/paths.js';

export interface Listing {
  files: string[];
  source: 'git' | 'walk';
  /** Symlinks, sockets and the like: listed by git or met on the walk, never followed. */
  skippedSpecial: number;
  /** The root's path inside the git work tree ('' at its top or outside git). */
  prefix: string;
  /** Files whose names are not valid UTF-8, escaped (`caf\\xe9.txt`): no string path opens them, so they are counted, not read. */
  badNames: string[];
  /**
   * With `blobs: true` in git: the index blob id of each tracked file whose work-tree copy git sees
   * unchanged (`git ls-files -s`, minus `git diff-files`); modified, untracked, conflicted and
   * special entries have none. The fact cache (src/facts/cache.ts) keys per-file facts on it.
   */
  blobs?: Map<string, string>;
}

/**
 * The files of a repository, repo-relative and sorted: `git ls-files` (tracked plus untracked that
 * are not ignored) in a git work tree, else a walk that honours every `.gitignore` on the way.
 * Symbolic links are never followed, so links leading out of the root and link loops are harmless.
 */
export async function listFiles(root: string, opts: { blobs?: boolean } = {}): Promise<Listing> {
  const fromGit = await gitListing(root, opts.blobs === true);
  const listing = fromGit ?? (await walk(root));
  listing.files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return listing;
}

async function gitListing(root: string, withBlobs: boolean): Promise<Listing | null> {
  // Only a repository found safely (src/util/git.ts): a folder laid out as a git directory is walked.
  const repo = findGitRepo(root);
  if (!repo) return null;
  const r = await git(repo, ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--full-name', '--', '.'], { cwd: root, maxBuffer: 1024 * 1024 * 1024, encoding: 'buffer' });
  if (!r.ok) return null; // not a usable work tree, or no git: walk instead
  const out = r.out;
  // --full-name gives paths from the top of the work tree; make them relative to root.
  const prefix = toPosix(path.relative(repo.workTree, realpathSync(root)));
  const seen = new Set<string>();
  const files: string[] = [];
  let skippedSpecial = 0;
  const badNames: string[] = [];
  const builtin = new Set<string>(BUILTIN_EXCLUDED_DIRS);
  const blobs = withBlobs ? await blobIds(repo, root, prefix) : undefined;
  // Synchronous lstat: for tens of thousands of files it is several times faster than promises.
  for (const [entry, valid] of names(out)) {
    const rel = prefix ? (entry.startsWith(`${prefix}/`) ? entry.slice(prefix.length + 1) : null) : entry;
    if (rel === null || seen.has(rel)) continue;
    seen.add(rel);
    if (rel.split('/').some((seg) => builtin.has(seg))) continue;
    if (!valid) {
      badNames.push(rel);
      continue;
    }
    if (blobs?.has(rel)) {
      files.push(rel); // a regular file in the index that git saw unchanged on disk (diff-files reports type changes and deletions)
      continue;
    }
    const st = lstatSync(path.join(root, rel), { throwIfNoEntry: false });
    if (!st) continue; // listed by git but deleted in the work tree
    if (st.isFile()) files.push(rel);
    else if (!st.isDirectory()) skippedSpecial++; // symlink, socket… (a submodule is a directory)
  }
  return { files, source: 'git', skippedSpecial, prefix, badNames, ...(blobs ? { blobs } : {}) };
}

const BLOB_LINE = /^100(?:644|755) ([0-9a-f]{40}|[0-9a-f]{64}) 0\t/;

/** Index blob ids of the tracked regular files git sees unchanged in the work tree, root-relative; null when git cannot tell. */
async function blobIds(repo: GitRepo, root: string, prefix: string): Promise<Map<string, string> | null> {
  const opts = { cwd: root, maxBuffer: 1024 * 1024 * 1024, encoding: 'buffer' as const };
  // diff-files reads the work tree through the repository's filter drivers: never let it run them.
  const [staged, changed] = await Promise.all([git(repo, ['ls-files', '-z', '-s', '--full-name', '--', '.'], opts), git(repo, ['diff-files', '-z', '--name-only', '--', '.'], { ...opts, filters: false })]);
  if (!staged.ok || !changed.ok) return null;
  const dirty = new Set<string>();
  for (const [name, valid] of names(changed.out)) if (valid) dirty.add(name);
  const out = new Map<string, string>();
  for (const [entry, valid] of names(staged.out)) {
    if (!valid) continue;
    const m = BLOB_LINE.exec(entry);
    if (!m) continue; // a link, a submodule, a conflict stage
    const full = entry.slice(m[0].length);
    if (dirty.has(full)) continue; // modified in the work tree: its blob is not what is on disk
    const rel = prefix ? (full.startsWith(`${prefix}/`) ? full.slice(prefix.length + 1) : null) : full;
    if (rel !== null && !out.has(rel)) out.set(rel, m[1]!);
  }
  return out;
}

/**
 * Which of `rels` (root-relative paths) git tracks. A committed or staged file is the repository's
 * own, so a pull request cannot hide one under the name of a file the run writes. When git cannot
 * tell, every one counts as tracked: it stays scanned.
 */
export async function trackedAmong(root: string, rels: readonly string[]): Promise<Set<string>> {
  if (rels.length === 0) return new Set();
  const repo = findGitRepo(root);
  if (!repo) return new Set();
  const r = await git(repo, ['ls-files', '-z', '--cached', '--', ...rels.map((f) => `:(literal)${f}`)], { cwd: root });
  if (!r.ok) return new Set(rels);
  return new Set(r.out.split('\0').filter(Boolean));
}

/** The NUL-separated names of `git ls-files -z` (raw bytes: core.quotepath=off), each as UTF-8 or escaped when it is not. */
function* names(out: Buffer): Generator<[name: string, valid: boolean]> {
  let start = 0;
  while (start < out.length) {
    let end = out.indexOf(0, start);
    if (end === -1) end = out.length;
    if (end > start) {
      const bytes = out.subarray(start, end);
      const name = utf8Name(bytes);
      yield name === null ? [escapeName(bytes), false] : [name, true];
    }
    start = end + 1;
  }
}

const GITIGNORE = Buffer.from('.gitignore');

async function walk(root: string): Promise<Listing> {
  const files: string[] = [];
  let skippedSpecial = 0;
  const badNames: string[] = [];
  const builtin = new Set<string>(BUILTIN_EXCLUDED_DIRS);

  // Synchronous: a tree of thousands of directories is walked several times faster than with promises.
  function visit(dirRel: string, rules: { base: string; ig: Ignore }[]): void {
    const dirAbs = path.join(root, dirRel);
    let entries: import('node:fs').Dirent<Buffer>[];
    try {
      entries = readdirSync(dirAbs, { withFileTypes: true, encoding: 'buffer' });
    } catch {
      return; // unreadable directory: survive, keep going
    }
    const gi = entries.find((e) => e.name.equals(GITIGNORE) && e.isFile());
    let here = rules;
    if (gi) {
      try {
        const text = readFileSync(path.join(dirAbs, '.gitignore'), 'utf8');
        here = [...rules, { base: dirRel, ig: ignore().add(text) }];
      } catch {
        // unreadable .gitignore: ignore it
      }
    }
    const ignored = (rel: string, isDir: boolean): boolean =>
      here.some(({ base, ig }) => {
        const sub = base ? rel.slice(base.length + 1) : rel;
        return ig.ignores(isDir ? `${sub}/` : sub);
      });
    const subdirs: string[] = [];
    for (const e of entries) {
      const name = utf8Name(e.name);
      const rel = dirRel ? `${dirRel}/${name ?? escapeName(e.name)}` : (name ?? escapeName(e.name));
      if (name === null) {
        if (!ignored(rel, e.isDirectory())) badNames.push(rel); // a folder counts once
        continue;
      }
      if (e.isDirectory()) {
        if (builtin.has(name) || ignored(rel, true)) continue;
        subdirs.push(rel);
      } else if (e.isFile()) {
        if (!ignored(rel, false)) files.push(rel);
      } else {
        skippedSpecial++;
      }
    }
    for (const d of subdirs) visit(d, here);
  }

  visit('', []);
  return { files, source: 'walk', skippedSpecial, prefix: '', badNames };
}

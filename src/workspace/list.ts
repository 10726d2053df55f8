import { isUtf8 } from 'node:buffer';
import { lstatSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { escapeName, utf8Name } from './decode.js';
import { ArrayIds, BlobIds } from './blob-ids.js';
import { readGitIndex, type IndexEntries } from './git-index.js';
import { listingGit } from './prefetch.js';
import { BUILTIN_EXCLUDED_DIRS } from './excludes.js';
import { findGitRepo, git } from '../util/git.js';
import { sortedByCodeUnits } from '../util/array.js';
import { inFolder, toPosix } from '../util/paths.js';

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
   * unchanged (the index, git-index.ts, or `git ls-files -s -v`, minus `git diff-files`); modified, untracked, conflicted and
   * special entries have none. The fact cache (src/facts/cache.ts) keys per-file facts on it.
   */
  blobs?: BlobIds;
}

/**
 * The files of a repository, repo-relative and sorted: `git ls-files` (tracked plus untracked that
 * are not ignored) in a git work tree, else a walk that honours every `.gitignore` on the way.
 * Symbolic links are never followed, so links leading out of the root and link loops are harmless.
 */
export async function listFiles(root: string, opts: { blobs?: boolean; onTracked?: (files: readonly string[]) => void } = {}): Promise<Listing> {
  const fromGit = await gitListing(root, opts.blobs === true, opts.onTracked);
  const listing = fromGit ?? (await walk(root));
  // git lists tracked files sorted (by bytes: the same order for ASCII names), untracked ones after
  sortedByCodeUnits(listing.files);
  return listing;
}

/**
 * `onTracked`: given the tracked files (sorted) while git still walks the work tree, for work that
 * the final listing can take over when it holds exactly those files (src/workspace/workspace.ts).
 */
async function gitListing(root: string, withBlobs: boolean, onTracked?: (files: readonly string[]) => void): Promise<Listing | null> {
  // Only a repository found safely (src/util/git.ts): a folder laid out as a git directory is walked.
  const repo = findGitRepo(root);
  if (!repo) return null;
  // --full-name gives paths from the top of the work tree; make them relative to root.
  const prefix = toPosix(path.relative(repo.workTree, realpathSync(root)));
  let listing = new Collector(root, prefix);
  if (!withBlobs) {
    const r = await listingGit(repo, root, 'all');
    if (!r.ok) return null; // not a usable work tree, or no git: walk instead
    let last: string | undefined;
    names(r.out, false, (entry, valid) => {
      if (entry !== last) listing.add(entry, valid, false); // a conflicted file is listed once per stage, together
      last = entry;
    });
    return listing.done();
  }
  // The untracked files and the tracked ones changed in the work tree (two git commands walking the
  // work tree at once; diff-files reads it through the repository's filter drivers: never let it run
  // them), and meanwhile the tracked files with their blob ids, read from the index file itself
  // (git-index.ts), or from `ls-files -s -v` (which lists what `--cached` does) when that reader
  // cannot vouch for the file. Each name is decoded once.
  // (prefetch.ts: the CLI's door may have started both already)
  const othersRun = listingGit(repo, root, 'others');
  const changedRun = listingGit(repo, root, 'changed');
  const staged = (await readGitIndex(repo.gitDir)) ?? (await listingGit(repo, root, 'staged').then((r) => (r.ok ? indexEntries(r.out) : null)));
  // The tracked files as the index has them, while git still walks the work tree: a regular file at
  // stage 0 (not a link, a submodule, a conflict) with its blob id. What diff-files then reports
  // changed (modified, type changed, deleted) loses its id and is looked at as it is now.
  let blobs: BlobIds | undefined = staged ? new BlobIds(staged.names, staged.ids, prefix) : undefined;
  const tracked = (into: Collector, ids: boolean) => {
    for (let i = 0; i < staged!.names.length; i++) into.add(staged!.names[i]!, staged!.valid[i] === 1, ids && staged!.ids.at(i) !== null);
  };
  if (staged) {
    tracked(listing, true);
    onTracked?.(listing.sortedSoFar());
  }
  const [others, changed] = await Promise.all([othersRun, changedRun]);
  if (!staged || !others.ok) return null; // not a usable work tree, or no git: walk instead
  if (changed.ok)
    names(changed.out, false, (name, valid) => {
      if (valid) listing.changed(name, blobs!);
    });
  else {
    // When git cannot tell what changed, no file has a blob id: every tracked file is looked at.
    blobs = undefined;
    listing = new Collector(root, prefix);
    tracked(listing, false);
  }
  // Untracked: never in the index, so never a name listed above.
  names(others.out, false, (entry, valid) => listing.add(entry, valid, false));
  return listing.done(blobs);
}

/** The root's files from git's names (paths from the top of the work tree), each lstat-ed unless git vouches for it. */
class Collector {
  private readonly files: string[] = [];
  private readonly badNames: string[] = [];
  private skippedSpecial = 0;
  private readonly excluded = builtinExcluded();
  private readonly cut: number;

  constructor(
    private readonly root: string,
    private readonly prefix: string,
  ) {
    this.cut = prefix ? prefix.length + 1 : 0;
  }

  /** The root-relative path of a name from the top of the work tree; null outside the root. */
  private relOf(full: string): string | null {
    const { prefix } = this;
    if (prefix && !(full.startsWith(prefix) && full.charCodeAt(prefix.length) === 0x2f)) return null;
    return this.cut ? full.slice(this.cut) : full;
  }

  /** Files listed on their blob id that turned out changed and are no longer regular files (`changed`). */
  private dropped: Set<string> | undefined;

  /** One listed name; `blob`: it has an index blob id (a regular file git vouches for, unless `changed` says otherwise). */
  add(full: string, valid: boolean, blob: boolean): void {
    const rel = this.relOf(full);
    if (rel === null) return;
    if (this.excluded(rel)) return;
    if (!valid) {
      this.badNames.push(rel);
      return;
    }
    if (blob) {
      this.files.push(rel); // a regular file in the index: what is on disk, unless diff-files reports it (`changed`)
      return;
    }
    if (this.isFile(rel)) this.files.push(rel);
  }

  /**
   * Whether `rel` is a regular file in the work tree now; a symlink, socket… in its place is counted
   * (a submodule is a directory; a name deleted there is neither). Synchronous lstat: for tens of
   * thousands of files it is several times faster than promises.
   */
  private isFile(rel: string): boolean {
    const st = lstatSync(path.join(this.root, rel), { throwIfNoEntry: false });
    if (st && !st.isFile() && !st.isDirectory()) this.skippedSpecial++;
    return st?.isFile() ?? false;
  }

  /**
   * A tracked name that git reports changed in the work tree (diff-files: modified, type changed,
   * deleted): it has no blob id, and a file listed on its id is looked at as it is now, as `add`
   * looks at a name without one.
   */
  changed(full: string, blobs: BlobIds): void {
    const rel = this.relOf(full);
    if (rel === null || !blobs.drop(rel) || this.excluded(rel)) return; // (a name without an id was looked at already)
    if (!this.isFile(rel)) (this.dropped ??= new Set()).add(rel); // deleted, or now a folder or a link…
  }

  /** The files listed so far, sorted as the listing will be (a copy). */
  sortedSoFar(): string[] {
    return sortedByCodeUnits(this.files.slice());
  }

  done(blobs?: BlobIds): Listing {
    const dropped = this.dropped;
    const files = dropped ? this.files.filter((f) => !dropped.has(f)) : this.files;
    return { files, source: 'git', skippedSpecial: this.skippedSpecial, prefix: this.prefix, badNames: this.badNames, ...(blobs ? { blobs } : {}) };
  }
}

/**
 * Whether a root-relative path lies in a built-in excluded directory (any of its folders is one,
 * e.g. `a/node_modules/b.js`), decided once per folder: git lists a folder's files together.
 */
export function builtinExcluded(): (rel: string) => boolean {
  const builtin = new Set<string>(BUILTIN_EXCLUDED_DIRS);
  const dirs = new Map<string, boolean>();
  const dirExcluded = (dir: string): boolean => {
    let hit = dirs.get(dir);
    if (hit === undefined) {
      const slash = dir.lastIndexOf('/');
      hit = builtin.has(dir.slice(slash + 1)) || (slash > 0 && dirExcluded(dir.slice(0, slash)));
      dirs.set(dir, hit);
    }
    return hit;
  };
  // Names are compared only when their length is one of the built-in names' (most are not).
  const lengths = new Set<number>(BUILTIN_EXCLUDED_DIRS.map((d) => d.length));
  const named = (rel: string, from: number, to: number) => lengths.has(to - from) && builtin.has(rel.slice(from, to));
  // The folder of the last path, and its verdict: git lists a folder's files in a row.
  let lastDir = '';
  let lastHit = false;
  return (rel) => {
    const slash = rel.lastIndexOf('/');
    // The last segment too: git lists a submodule or a link named like one (`vendor`) as an entry.
    if (named(rel, slash + 1, rel.length)) return true;
    if (slash <= 0) return false;
    if (!inFolder(rel, slash, lastDir)) {
      lastDir = rel.slice(0, slash);
      lastHit = dirExcluded(lastDir);
    }
    return lastHit;
  };
}

/** The blob id of a `100644 <id> 0\t<path>` line (or mode 100755; a SHA-1 or SHA-256 id), else null: a link, a submodule, a conflict stage. */
function blobId(entry: string, tab: number): string | null {
  if (!(entry.startsWith('100644 ') || entry.startsWith('100755 '))) return null;
  const len = tab - 2 - 7; // `<mode> ` before, ` 0` after the id
  if ((len !== 40 && len !== 64) || !entry.startsWith(' 0', tab - 2)) return null;
  for (let i = 7; i < tab - 2; i++) {
    const c = entry.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return null;
  }
  return entry.slice(7, tab - 2);
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

/**
 * The entries of `ls-files -s -v -z` (`<tag> <mode> <id> <stage>\t<path>`): each path once (a
 * conflicted file is listed once per stage, together), whether its name is valid UTF-8, and its
 * blob id when it is a regular file at stage 0 with a well-formed id and the tag `H`: not
 * assume-unchanged (a lower-case tag) nor skip-worktree (`S`), whose work-tree copies git does not
 * compare (diff-files does not report them changed). As git-index.ts reads them.
 */
export function indexEntries(out: Buffer): IndexEntries {
  const list: string[] = [];
  const ids: (string | null)[] = [];
  const valid: number[] = [];
  let last: string | undefined;
  names(out, true, (entry, ok) => {
    const tab = entry.indexOf('\t');
    if (tab < 2 || entry.charCodeAt(1) !== 0x20) return; // not a `<tag> <mode> <id> <stage>\t<path>` line
    const full = entry.slice(tab + 1);
    if (full === last) return;
    last = full;
    list.push(full);
    valid.push(ok ? 1 : 0);
    ids.push(ok && entry.charCodeAt(0) === 0x48 ? blobId(entry.slice(2), tab - 2) : null);
  });
  return { names: list, valid: Uint8Array.from(valid), ids: new ArrayIds(ids) };
}

/**
 * The NUL-separated names of `git ls-files -z` (raw bytes: core.quotepath=off), each as UTF-8 or
 * escaped when it is not. Valid UTF-8 throughout (the usual case) is decoded in one go: a NUL byte
 * never sits inside a UTF-8 sequence, so the whole is valid exactly when every name is. `staged`:
 * `ls-files -s -v` lines, whose ASCII `<tag> <mode> <id> <stage>\t` is kept and only the path escaped.
 */
function names(out: Buffer, staged: boolean, each: (name: string, valid: boolean) => void): void {
  // (a callback, not a generator of pairs: this runs once per file of the tree)
  if (isUtf8(out)) {
    for (const name of out.toString('utf8').split('\0')) if (name !== '') each(name, true);
    return;
  }
  let start = 0;
  while (start < out.length) {
    let end = out.indexOf(0, start);
    if (end === -1) end = out.length;
    if (end > start) {
      const bytes = out.subarray(start, end);
      const head = staged ? bytes.indexOf(0x09) + 1 : 0;
      const name = utf8Name(bytes.subarray(head));
      const lead = head > 0 ? bytes.subarray(0, head).toString('latin1') : '';
      if (name === null) each(lead + escapeName(bytes.subarray(head)), false);
      else each(lead + name, true);
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

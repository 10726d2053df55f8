import { promises as fs, lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkspaceStats } from '../types.js';
import { binarySearch } from '../util/array.js';
import { compileMatcher, relativeInside } from '../util/paths.js';
import { realOfSync } from '../util/confine.js';
import type { BlobIds } from './blob-ids.js';
import { decodeText } from './decode.js';
import { listFiles, trackedAmong } from './list.js';

export { isBinary } from './decode.js';

export interface WorkspaceOptions {
  /** Extra exclude globs (the config's `exclude`). */
  exclude?: readonly string[];
  /** Root-relative paths left out exactly (no glob) unless git tracks them: the files this run writes itself, so that a second run never scans them. */
  omit?: readonly string[];
  /** Files larger than this are not read as text (counted as skipped). */
  maxTextBytes?: number;
  /** Bytes of file text kept in memory for checks that read the same files. */
  cacheBytes?: number;
  /** Learn each tracked, unmodified file's git blob id (for the fact cache); costs two more git calls. */
  blobIds?: boolean;
  /**
   * Work to start on the tracked files while git still walks the work tree (listed with `blobIds`):
   * given a provisional workspace of them (no blob ids), that reads as this one will. When the
   * listing then holds exactly those files, the workspace keeps the provisional file list itself,
   * so that what was computed for it (memos keyed by the list: the Python layout) is taken over;
   * otherwise it is dropped.
   */
  whileListing?: (provisional: Workspace) => void;
}

const DEFAULT_MAX_TEXT = 8 * 1024 * 1024;
const DEFAULT_CACHE = 256 * 1024 * 1024;

/**
 * The repository as the checks see it: the file list (after built-in and configured excludes),
 * glob selection, and safe reads (never outside the root, never through a symlink, binary and
 * huge files skipped and counted). File text is cached so checks share reads.
 */
export class Workspace {
  readonly root: string;
  /** Root-relative, sorted as `<` orders strings (what `has` relies on). */
  readonly files: readonly string[];
  private readonly source: 'git' | 'walk';
  private readonly maxTextBytes: number;
  private readonly cacheBytes: number;
  private readonly cache = new Map<string, string | null>();
  private cached = 0;
  private readonly skippedBinary = new Set<string>();
  private readonly skippedLarge = new Set<string>();
  private readonly unreadable = new Set<string>();
  private readonly skippedSpecial: number;
  private readonly badNames: readonly string[];
  /** The root's path inside its git work tree ('' at the top or outside git). */
  readonly prefix: string;
  private readonly blobs: BlobIds | undefined;

  private constructor(root: string, files: string[], source: 'git' | 'walk', skippedSpecial: number, opts: WorkspaceOptions, prefix = '', badNames: readonly string[] = [], blobs?: BlobIds) {
    this.root = root;
    this.blobs = blobs;
    this.badNames = badNames;
    this.prefix = prefix;
    this.files = files;
    this.source = source;
    this.skippedSpecial = skippedSpecial;
    this.maxTextBytes = opts.maxTextBytes ?? DEFAULT_MAX_TEXT;
    this.cacheBytes = opts.cacheBytes ?? DEFAULT_CACHE;
  }

  static async open(root: string, opts: WorkspaceOptions = {}): Promise<Workspace> {
    const real = await fs.realpath(root);
    const matcher = compileMatcher(undefined, opts.exclude ?? []);
    // Work started on the tracked files while git walks the work tree (whileListing): its list is
    // kept when the listing ends with those same files, as it mostly does (nothing untracked,
    // changed into something else, or deleted), and then not filtered a second time.
    let provisional: { from: readonly string[]; ws: Workspace } | undefined;
    const whileListing = opts.whileListing;
    const onTracked = whileListing
      ? (from: readonly string[]) => {
          // (the files this run writes itself are left out as if untracked: if one is tracked, the lists differ)
          const omitted = new Set(opts.omit ?? []);
          provisional = {
            from,
            ws: new Workspace(
              real,
              from.filter((f) => !omitted.has(f) && matcher(f)),
              'git',
              0,
              opts,
            ),
          };
          whileListing(provisional.ws);
        }
      : undefined;
    const listing = await listFiles(real, { blobs: opts.blobIds === true, ...(onTracked ? { onTracked } : {}) });
    const tracked = listing.source === 'git' ? await trackedAmong(real, opts.omit ?? []) : new Set<string>();
    const omit = new Set((opts.omit ?? []).filter((f) => !tracked.has(f)));
    const keep = (f: string): boolean => !omit.has(f) && matcher(f);
    // the provisional list when the listing ended with the files it was made of (not filtered again), or filters to the same
    const p = provisional as { from: readonly string[]; ws: Workspace } | undefined;
    const unchanged = p !== undefined && tracked.size === 0 && sameList(p.from, listing.files);
    let files = unchanged ? (p.ws.files as string[]) : listing.files.filter(keep);
    if (p && !unchanged && sameList(p.ws.files, files)) files = p.ws.files as string[];
    return new Workspace(real, files, listing.source, listing.skippedSpecial, opts, listing.prefix, listing.badNames.filter(keep), listing.blobs);
  }

  /** For tests and tools that already know the files. */
  static fromList(root: string, files: string[], opts: WorkspaceOptions = {}): Workspace {
    return new Workspace(root, [...files].sort(), 'walk', 0, opts);
  }

  /**
   * The git blob id of a listed file whose work-tree copy is the one in the index (opened with
   * `blobIds`), else null: modified, untracked, outside git. Names content, not the file.
   */
  blobOf(file: string): string | null {
    return this.blobs?.get(file) ?? null;
  }

  /**
   * Whether `file` is listed. A binary search of the sorted list (the listing's order, list.ts):
   * a set of 10⁵ names would cost every run tens of milliseconds to build, for the few files a warm
   * run reads.
   */
  has(file: string): boolean {
    return binarySearch(this.files, file) >= 0;
  }

  /** Files matching any of `include` (all files when empty) and none of `exclude`. */
  select(include: readonly string[] | undefined, exclude: readonly string[] = []): string[] {
    const m = compileMatcher(include, exclude);
    return this.files.filter(m);
  }

  /**
   * Absolute path of a repo-relative file, or null when it would leave the root, also through a
   * linked folder on its way (a path the listing does not hold, e.g. a rules-file, is judged by its
   * real location: the repository may link a folder anywhere).
   */
  resolve(file: string): string | null {
    const abs = path.resolve(this.root, file);
    if (relativeInside(this.root, abs) === null) return null;
    if (this.has(file)) return abs;
    return relativeInside(this.root, realOfSync(path.dirname(abs))) === null ? null : abs;
  }

  /** Size in bytes, or null when the file cannot be read safely. */
  async size(file: string): Promise<number | null> {
    const abs = this.resolve(file);
    if (!abs) return null;
    try {
      const st = await fs.lstat(abs);
      return st.isFile() ? st.size : null;
    } catch {
      return null;
    }
  }

  /**
   * Whether a file is larger than the text size limit (then counted as skipped, as `readText`
   * would). For readers that hand file names to a library that reads them itself (dependency-cruiser).
   */
  overTextLimit(file: string): boolean {
    const abs = this.has(file) ? `${this.root}${path.sep}${file}` : this.resolve(file);
    const st = abs ? lstatSync(abs, { throwIfNoEntry: false }) : undefined;
    return st !== undefined && st.isFile() && !this.readable(file, st);
  }

  /** Count a file a reader of raw bytes (the secrets scanner) did not scan, for the report. */
  noteSkipped(file: string, why: 'binary' | 'large' | 'unreadable'): void {
    (why === 'binary' ? this.skippedBinary : why === 'large' ? this.skippedLarge : this.unreadable).add(file);
  }

  /**
   * The raw bytes of a file (any size), or null when it is not a regular file inside the root.
   * Checks that only count or stream (line counts) use this; it is not cached.
   */
  async readBytes(file: string): Promise<Buffer | null> {
    const abs = this.resolve(file);
    if (!abs) return null;
    try {
      const st = await fs.lstat(abs);
      if (!st.isFile()) return null;
      return await fs.readFile(abs);
    } catch {
      this.unreadable.add(file);
      return null;
    }
  }

  /**
   * The text of a file (UTF-8, BOM removed), or null when it is binary, larger than the text
   * limit, unreadable, a symlink or outside the root. Skips are counted for the report.
   */
  async readText(file: string): Promise<string | null> {
    const hit = this.cache.get(file);
    if (hit !== undefined) return hit;
    return this.remember(file, await this.load(file));
  }

  /** Keep what was read (text within the cache budget; a skip always) for the next check that asks. */
  private remember(file: string, text: string | null): string | null {
    if (text === null) this.cache.set(file, null);
    else if (this.cached + text.length <= this.cacheBytes) {
      this.cache.set(file, text);
      this.cached += text.length;
    }
    return text;
  }

  private async load(file: string): Promise<string | null> {
    const abs = this.resolve(file);
    if (!abs) return null;
    let handle: fs.FileHandle | undefined;
    try {
      const st = await fs.lstat(abs);
      if (!this.readable(file, st)) return null;
      handle = await fs.open(abs, 'r');
      return this.decode(file, await handle.readFile());
    } catch {
      this.unreadable.add(file);
      return null;
    } finally {
      await handle?.close();
    }
  }

  /**
   * `readText`, read synchronously: same rules, same cache and counters. For a builder that reads
   * thousands of small files (the Python import graph), where the promise API's thread-pool round
   * trip per system call costs several times the reading itself.
   */
  readTextSync(file: string): string | null {
    const hit = this.cache.get(file);
    if (hit !== undefined) return hit;
    return this.remember(file, this.loadSync(file));
  }

  private loadSync(file: string): string | null {
    // a listed file is inside the root by construction; anything else goes through resolve()
    const abs = this.has(file) ? `${this.root}${path.sep}${file}` : this.resolve(file);
    if (!abs) return null;
    try {
      const st = lstatSync(abs);
      if (!this.readable(file, st)) return null;
      return this.decode(file, readFileSync(abs));
    } catch {
      this.unreadable.add(file);
      return null;
    }
  }

  /** A regular file within the text size limit (a larger one is counted as skipped). */
  private readable(file: string, st: { isFile(): boolean; size: number }): boolean {
    if (!st.isFile()) return false;
    if (st.size > this.maxTextBytes) {
      this.skippedLarge.add(file);
      return false;
    }
    return true;
  }

  /** UTF-8 (or UTF-16 with a byte-order mark) text without the mark, or null (counted) for a binary file. */
  private decode(file: string, buf: Buffer): string | null {
    const text = decodeText(buf);
    if (text === null) this.skippedBinary.add(file);
    return text;
  }

  stats(): WorkspaceStats {
    return {
      files: this.files.length,
      skippedBinary: this.skippedBinary.size,
      skippedLarge: this.skippedLarge.size,
      unreadable: this.unreadable.size + this.skippedSpecial,
      source: this.source,
      skippedNames: this.badNames.length,
      skippedSpecial: this.skippedSpecial,
      notScanned: {
        binary: firstSorted(this.skippedBinary),
        large: firstSorted(this.skippedLarge),
        names: firstSorted(this.badNames),
      },
    };
  }
}

/** How many skipped files the report names per reason (the counts are always complete). */
export const NAMED_SKIPS = 20;

function firstSorted(files: Iterable<string>): string[] {
  return [...files].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).slice(0, NAMED_SKIPS);
}

/** Whether two lists hold the same strings in the same order. */
function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

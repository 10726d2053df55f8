import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeAll } from '../report/write.js';
import { Cold, MAX_ENTRIES } from './cold-lines.js';
import { countOf, DELTA_NAME, MAX_STORE_BYTES, packed, pushUsed, readStore, readStoresAhead, STORE_NAME, storeText, type Section } from './store-file.js';

/**
 * Per-file facts (a file's imports, its secret-scan verdict…) kept between runs, keyed by what the
 * fact was computed from: the reader (its id and version), the tool version and the file's content
 * (its git blob id, or a git-style hash of its text outside git or when modified). A pull request
 * whose cache was restored (actions/cache) re-reads only the files it changed.
 *
 * The cache comes back from actions/cache, which a pull request can poison in some setups: it is
 * read as hostile input. A store over MAX_STORE_BYTES, nested deeper than a store ever is, not
 * JSON, of another format or tool version, is dropped whole; each entry is checked by its reader's
 * `decode` before use; anything that does not fit is a miss (the file is read again), never an
 * error. Nothing here stores file text: readers store facts (import statements, "no candidate") and
 * never a secret's text.
 */

export interface FactReader<T> {
  /** Stable name of the reader, e.g. `python-imports`. */
  id: string;
  /** Bump (or hash the reader's inputs into it) whenever the same content could give another fact. */
  version: string;
  /**
   * What the store keeps for a fact: plain JSON, as compact as the reader likes (the store of a
   * large tree is read and written on every run, so its size is its cost).
   */
  encode(value: T): unknown;
  /** The fact a restored value stands for, or undefined when it does not have the shape `encode` writes (a miss). */
  decode(stored: unknown): T | undefined;
  /**
   * Facts most runs do not need (a file's import statements, needed only when its resolution is
   * not restored): kept after the store's first line, one entry per line, parsed only on first use.
   */
  cold?: boolean;
  /**
   * The key of a file's fact, when it depends on more than the file's content (`content`, its blob
   * id or text hash): a fact about a file at its path (empty `__init__.py` files share one blob).
   */
  keyOf?(content: string, file: string): string;
  /**
   * For a value that holds the facts of many files (a whole-tree fact): the contents (blob ids) it
   * holds facts of, given the value as stored. Cold facts of those contents are then kept with it.
   */
  contents?(stored: unknown): Iterable<string>;
}

/** A reader that stores its facts as they are, restored when they pass `valid`. */
export function plainReader<T>(id: string, version: string, valid: (v: unknown) => v is T): FactReader<T> {
  return { id, version, encode: (v) => v, decode: (v) => (valid(v) ? v : undefined) };
}

/** What the cache needs of a workspace: its files, text, and blob ids (src/workspace/workspace.ts). */
export interface FileSource {
  readonly files: readonly string[];
  readTextSync(file: string): string | null;
  readText?(file: string): Promise<string | null>;
  blobOf?(file: string): string | null;
}

export interface CacheStats {
  /** Facts restored from the cache / computed by reading the file. */
  hits: number;
  misses: number;
  byReader: Record<string, { hits: number; misses: number }>;
}

/** The delta is written instead of the whole store while it and the store's unused part each stay under this share of the store. */
const DELTA_SHARE = 0.25;
export { DELTA_NAME, MAX_STORE_BYTES, STORE_NAME } from './store-file.js';
export class FactCache {
  /** Facts this run computed, by reader (misses: written back beside the used entries). */
  private readonly next = new Map<string, Map<string, unknown>>();
  /** Cold facts this run computed, by `reader<TAB>key`. */
  private readonly nextCold = new Map<string, unknown>();
  /** Entries used or computed by this run (at most MAX_ENTRIES are kept). */
  private count = 0;
  private usedBase = 0;
  private changed = false;
  private readonly stats: CacheStats = { hits: 0, misses: 0, byReader: {} };

  private constructor(
    readonly dir: string,
    /** The store as it was last written whole, by `reader@version@salt`. */
    private readonly base: Map<string, Section>,
    /** What later runs added (DELTA_NAME). */
    private readonly delta: Map<string, Section>,
    /** Why the restored store was dropped, for the log. */
    readonly dropped: string | null,
    private readonly baseCold = new Cold(null),
    private readonly deltaCold = new Cold(null),
  ) {}

  /**
   * Load the store of `dir` and its delta; a missing, oversized, corrupt or foreign file is empty.
   * Read in the thread pool (src/util/read-whole.ts) while git lists the files and the index is parsed.
   */
  static async load(dir: string): Promise<FactCache> {
    readStoresAhead(dir); // the delta is read while the store is parsed (reads the door started are taken as they are)
    const base = await readStore(path.join(dir, STORE_NAME), 0);
    const delta = await readStore(path.join(dir, DELTA_NAME), typeof base === 'string' ? 0 : countOf(base.hot));
    return new FactCache(
      dir,
      typeof base === 'string' ? new Map() : base.hot,
      typeof delta === 'string' ? new Map() : delta.hot,
      typeof base === 'string' && base !== 'missing' ? base : null,
      new Cold(typeof base === 'string' ? null : base.cold),
      new Cold(typeof delta === 'string' ? null : delta.cold),
    );
  }

  /** An empty cache that is never written (tests, and runs without a cache folder). */
  static memory(): FactCache {
    return new FactCache('', new Map(), new Map(), null);
  }

  /** The last reader key built (a run looks up one reader's facts for thousands of files in a row). */
  private last: { reader: FactReader<unknown>; salt: string; key: string } | undefined;

  private readerKeyOf(reader: FactReader<unknown>, salt: string): string {
    const l = this.last;
    if (l !== undefined && l.reader === reader && l.salt === salt) return l.key;
    const key = readerKey(reader, salt);
    this.last = { reader, salt, key };
    return key;
  }

  /** The fact stored under `key`, counted as a hit or a miss of its reader unless `count` is false. */
  get<T>(reader: FactReader<T>, salt: string, key: string, count = true): T | undefined {
    const r = this.readerKeyOf(reader as FactReader<unknown>, salt);
    if (reader.contents) this.wholeReaders.set(r, reader as FactReader<unknown>);
    if (reader.cold) return this.getCold(reader, `${r}\t${key}`);
    const v = this.restore(reader, this.base.get(r), this.delta.get(r), this.next.get(r), key);
    if (count) this.tally(reader.id, v !== undefined);
    return v;
  }

  /**
   * `get` for many keys of one (hot) reader at once, each counted: the facts under `keys` (undefined
   * for a miss or a null key). A warm run looks up a fact of every file of the tree: its sections
   * are found once.
   */
  getMany<T>(reader: FactReader<T>, salt: string, keys: readonly (string | null)[]): (T | undefined)[] {
    if (reader.cold || reader.contents) return keys.map((k) => (k === null ? undefined : this.get(reader, salt, k)));
    const r = this.readerKeyOf(reader as FactReader<unknown>, salt);
    const b = this.base.get(r);
    const d = this.delta.get(r);
    const m = this.next.get(r);
    const out = new Array<T | undefined>(keys.length);
    let hits = 0;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (key === null || key === undefined) continue;
      const v = this.restore(reader, b, d, m, key);
      if (v !== undefined) {
        out[i] = v;
        hits++;
      }
    }
    const s = (this.stats.byReader[reader.id] ??= { hits: 0, misses: 0 });
    const misses = keys.length - hits;
    s.hits += hits;
    s.misses += misses;
    this.stats.hits += hits;
    this.stats.misses += misses;
    return out;
  }

  /**
   * The fact under `key` in a reader's sections (base `b`, delta `d`, this run's `m`), decoded, its
   * entry marked as used (only what decoded is written back); not counted.
   */
  private restore<T>(reader: FactReader<T>, b: Section | undefined, d: Section | undefined, m: Map<string, unknown> | undefined, key: string): T | undefined {
    // The delta first: it holds what later runs wrote, the newer value of a key that is replaced
    // (a whole-tree fact: see `put`); facts keyed by content are the same in both.
    let from = d;
    let at = d?.find(key);
    if (at === undefined) {
      from = b;
      at = b?.find(key);
    }
    const stored = at !== undefined ? from!.valueAt(at) : m?.get(key);
    const v = stored === undefined ? undefined : reader.decode(stored);
    if (v !== undefined && at !== undefined && from!.used[at] === 0 && this.count < MAX_ENTRIES) {
      from!.used[at] = 1;
      this.count++;
      if (from === b) this.usedBase++;
    }
    return v;
  }

  private getCold<T>(reader: FactReader<T>, rk: string): T | undefined {
    for (const part of [this.baseCold, this.deltaCold]) {
      const hit = part.get(rk);
      const v = hit === undefined ? undefined : reader.decode(hit.value);
      if (v !== undefined) {
        part.markUsed(hit!.line);
        this.tally(reader.id, true);
        return v;
      }
    }
    const stored = this.nextCold.get(rk);
    const v = stored === undefined ? undefined : reader.decode(stored);
    this.tally(reader.id, v !== undefined);
    return v;
  }

  put<T>(reader: FactReader<T>, salt: string, key: string, value: T): void {
    const r = this.readerKeyOf(reader as FactReader<unknown>, salt);
    if (reader.contents) this.wholeReaders.set(r, reader as FactReader<unknown>);
    if (reader.cold) {
      const rk = `${r}\t${key}`;
      if (this.nextCold.has(rk) || this.count >= MAX_ENTRIES) return;
      this.nextCold.set(rk, reader.encode(value));
      this.count++;
      this.changed = true;
      return;
    }
    let m = this.next.get(r);
    if (!m) this.next.set(r, (m = new Map()));
    if (m.has(key) || this.count >= MAX_ENTRIES) return;
    this.unuse(r, key);
    m.set(key, reader.encode(value));
    this.count++;
    this.changed = true;
  }

  /** Forget the restored entry of `key` (a whole-tree value that another replaces): it is not written back. */
  drop<T>(reader: FactReader<T>, salt: string, key: string): void {
    this.unuse(this.readerKeyOf(reader as FactReader<unknown>, salt), key);
    this.changed = true;
  }

  /**
   * A restored entry of `key` that a new value replaces is not written back beside it (a key
   * keyed by content never gets a new value: only whole-tree facts, keyed by what they cover, do).
   */
  private unuse(r: string, key: string): void {
    for (const store of [this.base, this.delta]) {
      const s = store.get(r);
      const at = s?.find(key);
      if (s === undefined || at === undefined || s.used[at] === 0) continue;
      s.used[at] = 0;
      this.count--;
      if (store === this.base) this.usedBase--;
    }
  }

  /** The readers of whole-tree values this run used or computed, by reader key (their contents are live: `isLive`). */
  private readonly wholeReaders = new Map<string, FactReader<unknown>>();

  /** Work to do before the store is written (a reader that keeps one value for many files builds it then). */
  private readonly pending: (() => void)[] = [];

  beforeSave(fn: () => void): void {
    this.pending.push(fn);
  }

  /** Count a fact of reader `id` as restored or computed (a reader that keeps the facts of many files in one value counts each file). */
  tally(id: string, hit: boolean): void {
    const s = (this.stats.byReader[id] ??= { hits: 0, misses: 0 });
    if (hit) {
      s.hits++;
      this.stats.hits++;
    } else {
      s.misses++;
      this.stats.misses++;
    }
  }

  summary(): CacheStats {
    return structuredClone(this.stats);
  }

  /**
   * Write back what this run used (facts of deleted or changed files fall out; so do those of
   * readers it did not run: restored values are written back only once their reader has checked
   * their shape). When the store's entries this run used are nearly all of it and what is new
   * beside them is small (a pull request changing a few files), only the new entries are written,
   * as the delta, and the store stays as it is; otherwise the store is written whole and the delta
   * removed. Facts are keyed by content, so a store and any delta always agree. Each file is
   * written atomically (temporary file + rename). Returns a reason when nothing was written; never throws.
   */
  async save(): Promise<string | null> {
    if (!this.dir) return 'no cache folder';
    for (const fn of this.pending.splice(0)) fn();
    if (!this.changed) return 'nothing new to keep';
    const size = countOf(this.base);
    const added = this.count - this.usedBase;
    const asDelta = size > 0 && added <= size * DELTA_SHARE && size - this.usedBase <= size * DELTA_SHARE;
    // Each reader's entries as one flat array, key, value, key, value…: JSON.parse reads arrays
    // several times faster than objects with hundreds of thousands of keys; packed when they are
    // keyed by blob ids (store-file.ts), as content-keyed facts are.
    const out: Record<string, unknown[]> = {};
    const sections = asDelta ? [this.delta] : [this.base, this.delta];
    for (const store of sections) for (const [r, s] of store) pushUsed((out[r] ??= []), s);
    for (const [r, m] of this.next) {
      const flat = (out[r] ??= []);
      for (const [k, v] of m) flat.push(k, v);
    }
    const readers: Record<string, unknown> = {};
    for (const [r, flat] of Object.entries(out)) if (flat.length > 0) readers[r] = packed(flat);
    // Cold entries: the delta's, or (written whole) the store's and the delta's, that this run used
    // or whose file is still in the tree (a hot entry of its key was used or computed), and the new ones.
    const cold: string[] = [];
    const seen = new Set<string>();
    const live = (key: string) => this.isLive(key);
    if (!asDelta) this.baseCold.keep(live, cold, seen);
    this.deltaCold.keep(live, cold, seen);
    for (const [rk, v] of this.nextCold) if (!seen.has(rk)) cold.push(`${rk}\t${JSON.stringify(v)}`);
    const text = storeText(readers, cold);
    if (text.length > MAX_STORE_BYTES) return 'too large to keep';
    try {
      await writeAll([{ path: path.join(this.dir, asDelta ? DELTA_NAME : STORE_NAME), content: text, what: 'the fact cache' }]);
      if (!asDelta) await fs.rm(path.join(this.dir, DELTA_NAME), { force: true }).catch(() => {}); // a folder there is never read
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  }

  /** The contents this run used or computed a (hot) fact of (built on first need, when cold lines are written back). */
  private contents: Set<string> | undefined;

  /**
   * Whether this run used or computed a (hot) fact of content `key`: its file is still in the tree.
   * A hot key may name a path after its content (FactReader.keyOf): `<content>:<…>`.
   */
  private isLive(key: string): boolean {
    if (!this.contents) {
      const contents = new Set<string>();
      const add = (k: unknown) => {
        if (typeof k !== 'string') return;
        const colon = k.indexOf(':', k.startsWith('t:') ? 2 : 0);
        contents.add(colon < 0 ? k : k.slice(0, colon));
      };
      for (const store of [this.base, this.delta]) for (const sec of store.values()) for (let j = 0; j < sec.used.length; j++) if (sec.used[j] === 1) add(sec.keyAt(j));
      for (const m of this.next.values()) for (const k of m.keys()) add(k);
      // and the contents a kept whole-tree value holds facts of
      for (const [r, reader] of this.wholeReaders) {
        const values: unknown[] = [...(this.next.get(r)?.values() ?? [])];
        for (const store of [this.base, this.delta]) {
          const sec = store.get(r);
          if (sec) for (let j = 0; j < sec.used.length; j++) if (sec.used[j] === 1) values.push(sec.valueAt(j));
        }
        for (const v of values) for (const c of reader.contents!(v)) add(c);
      }
      this.contents = contents;
    }
    return this.contents.has(key);
  }
}

function readerKey(reader: FactReader<unknown>, salt: string): string {
  return `${reader.id}@${reader.version}${salt ? `:${salt}` : ''}`;
}

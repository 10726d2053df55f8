import { createHash } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeAll } from '../report/write.js';
import { VERSION } from '../version.js';

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

export const STORE_NAME = 'living-architecture-facts.json';
/**
 * What runs added since the store was last written whole: a pull request that changes a few files
 * writes their facts here instead of rewriting the whole store (see `save`).
 */
export const DELTA_NAME = 'living-architecture-facts.delta.json';
const FORMAT = 3;
/** A bigger store (or delta) is not read (and not written): the run reads files instead. */
export const MAX_STORE_BYTES = 256 * 1024 * 1024;
/** Entries kept per store; beyond, new facts are not stored. */
export const MAX_ENTRIES = 2_000_000;
/** The delta is written instead of the whole store while it and the store's unused part each stay under this share of the store. */
export const DELTA_SHARE = 0.25;
const READER = /^[a-z0-9-]{1,64}@[A-Za-z0-9._:+-]{1,128}$/;

type Entries = Map<string, unknown>;

export class FactCache {
  /** What this run used or computed (what is written back for the readers it used). */
  private readonly next = new Map<string, Entries>();
  private count = 0;
  private changed = false;
  private readonly stats: CacheStats = { hits: 0, misses: 0, byReader: {} };

  private constructor(
    readonly dir: string,
    /** The store as it was last written whole, by `reader@version@salt`. */
    private readonly base: Map<string, Entries>,
    /** What later runs added (DELTA_NAME). */
    private readonly delta: Map<string, Entries>,
    /** Why the restored store was dropped, for the log. */
    readonly dropped: string | null,
  ) {}

  /**
   * Load the store of `dir` and its delta; a missing, oversized, corrupt or foreign file is empty.
   * Read synchronously: called while git lists the files, and a single read of a large file is
   * several times faster than the promise API's chunks.
   */
  static async load(dir: string): Promise<FactCache> {
    const base = await readStore(path.join(dir, STORE_NAME), 0);
    const delta = await readStore(path.join(dir, DELTA_NAME), typeof base === 'string' ? 0 : countOf(base));
    return new FactCache(dir, typeof base === 'string' ? new Map() : base, typeof delta === 'string' ? new Map() : delta, typeof base === 'string' && base !== 'missing' ? base : null);
  }

  /** An empty cache that is never written (tests, and runs without a cache folder). */
  static memory(): FactCache {
    return new FactCache('', new Map(), new Map(), null);
  }

  get<T>(reader: FactReader<T>, salt: string, key: string): T | undefined {
    const r = readerKey(reader, salt);
    const stored = this.base.get(r)?.get(key) ?? this.delta.get(r)?.get(key) ?? this.next.get(r)?.get(key);
    const v = stored === undefined ? undefined : reader.decode(stored);
    if (v === undefined) {
      this.count1(reader.id, false);
      return undefined;
    }
    this.keep(r, key, stored); // kept as stored: only what decoded is written back
    this.count1(reader.id, true);
    return v;
  }

  put<T>(reader: FactReader<T>, salt: string, key: string, value: T): void {
    this.changed = true;
    this.keep(readerKey(reader, salt), key, reader.encode(value));
  }

  private keep(r: string, key: string, v: unknown): void {
    let m = this.next.get(r);
    if (!m) this.next.set(r, (m = new Map()));
    if (m.has(key)) return;
    if (this.count >= MAX_ENTRIES) return;
    m.set(key, v);
    this.count++;
  }

  private count1(id: string, hit: boolean): void {
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
    if (!this.changed) return 'nothing new to keep';
    // Each reader's entries as one flat array, key, value, key, value…: JSON.parse reads arrays
    // several times faster than objects with hundreds of thousands of keys.
    const whole: Record<string, unknown[]> = {};
    const fresh: Record<string, unknown[]> = {};
    let used = 0;
    let added = 0;
    for (const [r, m] of this.next) {
      const base = this.base.get(r);
      const all: unknown[] = (whole[r] = []);
      for (const [k, v] of m) {
        all.push(k, v);
        if (base !== undefined && base.get(k) === v) used++;
        else {
          (fresh[r] ??= []).push(k, v);
          added++;
        }
      }
    }
    const size = countOf(this.base);
    const asDelta = size > 0 && added <= size * DELTA_SHARE && size - used <= size * DELTA_SHARE;
    const text = JSON.stringify({ format: FORMAT, tool: VERSION, readers: asDelta ? fresh : whole });
    if (text.length > MAX_STORE_BYTES) return 'too large to keep';
    try {
      await writeAll([{ path: path.join(this.dir, asDelta ? DELTA_NAME : STORE_NAME), content: text, what: 'the fact cache' }]);
      if (!asDelta) await fs.rm(path.join(this.dir, DELTA_NAME), { force: true }).catch(() => {}); // a folder there is never read
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  }
}

function countOf(store: Map<string, Entries>): number {
  let n = 0;
  for (const m of store.values()) n += m.size;
  return n;
}

/** A store file's entries, or why it was not used ('missing' when there is none). */
async function readStore(file: string, counted: number): Promise<Map<string, Entries> | string> {
  const st = await fs.lstat(file).catch(() => null);
  if (!st) return 'missing';
  if (!st.isFile()) return 'not a regular file';
  if (st.size > MAX_STORE_BYTES) return 'too large';
  let text: string;
  try {
    text = readFileSync(file).toString('utf8');
  } catch {
    return 'unreadable';
  }
  return parseStore(text, counted);
}

function readerKey(reader: FactReader<unknown>, salt: string): string {
  return `${reader.id}@${reader.version}${salt ? `:${salt}` : ''}`;
}

/**
 * The store's entries by reader, or why it was dropped. No prototype is ever touched: entries become
 * Maps. Deep nesting is harmless here: V8's JSON.parse does not recurse, readers' shape checks are
 * flat, and only values that passed them are ever written back (JSON.stringify does recurse).
 */
export function parseStore(text: string, counted = 0): Map<string, Entries> | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  if (!isObject(data) || data.format !== FORMAT) return 'another format';
  if (data.tool !== VERSION) return 'another tool version';
  if (!isObject(data.readers)) return 'another format';
  const out = new Map<string, Entries>();
  let n = counted;
  for (const [r, flat] of Object.entries(data.readers)) {
    if (!READER.test(r.split(':')[0]!) || !Array.isArray(flat)) continue;
    const m: Entries = new Map();
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const k: unknown = flat[i];
      // (keys are not checked: only the run's own keys, blob ids, are ever looked up and written back)
      if (typeof k !== 'string' || ++n > MAX_ENTRIES) continue;
      if (!m.has(k)) m.set(k, flat[i + 1]);
    }
    out.set(r, m);
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Git's blob id of a text (sha1 of `blob <length>\0` + bytes), marked as a text hash. */
export function textKey(text: string): string {
  const buf = Buffer.from(text, 'utf8');
  return `t:${createHash('sha1').update(`blob ${buf.length}\0`).update(buf).digest('hex')}`;
}

const caches = new WeakMap<object, { cache: FactCache; salt: string }>();

/**
 * Use `cache` for the facts of `source`'s files. The salt names every `.gitattributes` of the
 * tree: they decide how a blob is written to the work tree (eol, encoding), so a change there
 * invalidates facts read from the work-tree copies.
 */
export function attachCache(source: FileSource, cache: FactCache): void {
  const attrs = source.files.filter((f) => f === '.gitattributes' || f.endsWith('/.gitattributes'));
  const h = createHash('sha1');
  for (const f of attrs) h.update(`${f}\0${source.blobOf?.(f) ?? textKey(source.readTextSync(f) ?? '')}\0`);
  caches.set(source, { cache, salt: attrs.length ? h.digest('hex').slice(0, 12) : '' });
}

export function cacheOf(source: object): FactCache | undefined {
  return caches.get(source)?.cache;
}

/** The key of a file's content without reading it when git knows it; null when uncachable. */
function keyOf(source: FileSource, file: string, text: () => string | null): string | null {
  const blob = source.blobOf?.(file);
  if (blob) return blob;
  const t = text();
  return t === null ? null : textKey(t);
}

/**
 * The fact `reader` computes for `file`: restored when the cache has it for this content, else
 * computed (and kept, unless it is null or undefined: a file that could not be read is read again
 * next time, so its skip is counted as before). Without a cache attached, just `compute()`.
 */
export function cachedSync<T>(source: FileSource, reader: FactReader<T>, file: string, compute: () => T): T {
  const c = caches.get(source);
  if (!c) return compute();
  const key = keyOf(source, file, () => source.readTextSync(file));
  if (key === null) return compute();
  const hit = c.cache.get(reader, c.salt, key);
  if (hit !== undefined) return hit;
  const v = compute();
  if (v !== null && v !== undefined) c.cache.put(reader, c.salt, key, v);
  return v;
}

/** `cachedSync` for readers that are asynchronous; only git blob ids are used as keys (no extra read). */
export async function cached<T>(source: FileSource, reader: FactReader<T>, file: string, compute: () => Promise<T>): Promise<T> {
  const hit = lookup(source, reader, file);
  if (hit !== undefined) return hit;
  const v = await compute();
  store(source, reader, file, v);
  return v;
}

/** A restored fact for a file git knows, or undefined (no cache, no blob id, a miss). */
export function lookup<T>(source: FileSource, reader: FactReader<T>, file: string): T | undefined {
  const c = caches.get(source);
  const key = source.blobOf?.(file);
  if (!c || !key) return undefined;
  return c.cache.get(reader, c.salt, key);
}

/** Keep a fact computed for a file git knows (no-op without a cache or a blob id). */
export function store<T>(source: FileSource, reader: FactReader<T>, file: string, value: T): void {
  const c = caches.get(source);
  const key = source.blobOf?.(file);
  if (!c || !key || value === null || value === undefined) return;
  c.cache.put(reader, c.salt, key, value);
}

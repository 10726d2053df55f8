import { createHash } from 'node:crypto';
import type { FactCache, FactReader, FileSource } from './cache.js';

/**
 * The fact cache as the readers use it (src/facts/cache.ts holds the store): a cache attached to a
 * workspace (or any file source), and each file's fact restored or computed and kept, keyed by its
 * content. A run without a cache computes every fact.
 */

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
function keyOf(source: FileSource, reader: FactReader<unknown>, file: string, text: () => string | null): string | null {
  let key = source.blobOf?.(file);
  if (!key) {
    const t = text();
    if (t === null) return null;
    key = textKey(t);
  }
  return contentKey(reader, key, file);
}

/** The key of a file's fact from its content's key (the reader's own when it keys on more than content). */
function contentKey(reader: FactReader<unknown>, content: string, file: string): string {
  return reader.keyOf ? reader.keyOf(content, file) : content;
}

/**
 * The fact `reader` computes for `file`: restored when the cache has it for this content, else
 * computed (and kept, unless it is null or undefined: a file that could not be read is read again
 * next time, so its skip is counted as before). Without a cache attached, just `compute()`.
 */
export function cachedSync<T>(source: FileSource, reader: FactReader<T>, file: string, compute: () => T): T {
  const c = caches.get(source);
  if (!c) return compute();
  const key = keyOf(source, reader as FactReader<unknown>, file, () => source.readTextSync(file));
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
  return c.cache.get(reader, c.salt, contentKey(reader as FactReader<unknown>, key, file));
}

/**
 * `lookup` for many files at once: their restored facts, undefined where there is none. Files git
 * does not know are not counted (as `lookup` does not count them), nor those `wanted` leaves out (by place).
 */
export function lookupMany<T>(source: FileSource, reader: FactReader<T>, files: readonly string[], wanted?: (i: number) => boolean): (T | undefined)[] {
  const c = caches.get(source);
  if (!c || !source.blobOf) return new Array<T | undefined>(files.length);
  const keys: string[] = [];
  const at: number[] = [];
  for (let i = 0; i < files.length; i++) {
    if (wanted && !wanted(i)) continue;
    const blob = source.blobOf(files[i]!);
    if (!blob) continue;
    keys.push(contentKey(reader as FactReader<unknown>, blob, files[i]!));
    at.push(i);
  }
  const found = c.cache.getMany(reader, c.salt, keys);
  const out = new Array<T | undefined>(files.length);
  for (let j = 0; j < at.length; j++) out[at[j]!] = found[j];
  return out;
}

/** Keep a fact computed for a file git knows (no-op without a cache or a blob id). */
export function store<T>(source: FileSource, reader: FactReader<T>, file: string, value: T): void {
  const c = caches.get(source);
  const key = source.blobOf?.(file);
  if (!c || !key || value === null || value === undefined) return;
  c.cache.put(reader, c.salt, contentKey(reader as FactReader<unknown>, key, file), value);
}

/** A fact that is not one file's (a whole-tree fact: the key names what it covers), or undefined; not counted. */
export function lookupKey<T>(source: FileSource, reader: FactReader<T>, key: string): T | undefined {
  const c = caches.get(source);
  return c ? c.cache.get(reader, c.salt, key, false) : undefined;
}

/** Keep a whole-tree fact under `key`, replacing the value restored under it (no-op without a cache). */
export function storeKey<T>(source: FileSource, reader: FactReader<T>, key: string, value: T): void {
  caches.get(source)?.cache.put(reader, caches.get(source)!.salt, key, value);
}

/** Drop the whole-tree fact restored under `key`: it is not written back (no-op without a cache). */
export function dropKey<T>(source: FileSource, reader: FactReader<T>, key: string): void {
  const c = caches.get(source);
  c?.cache.drop(reader, c.salt, key);
}

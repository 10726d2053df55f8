import path from 'node:path';
import { readAhead, readWhole } from '../util/read-whole.js';
import { VERSION } from '../version.js';

/**
 * The fact cache's files (src/facts/cache.ts): how a store file is read, parsed and checked. A store
 * is one line of JSON (each reader's entries as a flat `key, value, …` array, or packed: Section)
 * and, after it, the cold entries one per line. It comes back from actions/cache, so it is read as hostile input.
 */

export const FORMAT = 5;
/** A bigger store (or delta) is not read (and not written): the run reads files instead. */
export const MAX_STORE_BYTES = 256 * 1024 * 1024;

export const STORE_NAME = 'living-architecture-facts.json';
/**
 * What runs added since the store was last written whole: a pull request that changes a few files
 * writes their facts here instead of rewriting the whole store (see `save` in cache.ts).
 */
export const DELTA_NAME = 'living-architecture-facts.delta.json';

/** Start reading the store and the delta of cache directory `dir` (the CLI's door: src/cli/prefetch.ts). */
export function readStoresAhead(dir: string): void {
  for (const name of [STORE_NAME, DELTA_NAME]) readAhead(path.join(dir, name), MAX_STORE_BYTES);
}
/** Entries kept per store; beyond, new facts are not stored. */
export const MAX_ENTRIES = 2_000_000;
const READER = /^[a-z0-9-]{1,64}@[A-Za-z0-9._:+-]{1,128}$/;

/**
 * One reader's entries as the store holds them, by place (0, 1, 2…), and which of them this run
 * used (a hit marks its entry instead of copying it: a warm run restores every entry of the store).
 * Two forms: the flat array `key, value, key, value…` (FlatSection), and, for a reader whose keys are
 * all blob ids, the ids in one string beside the values (PackedSection: a store of 10⁵ files
 * parses its keys as one string instead of 10⁵, and is searched without a Map of them).
 */
export interface Section {
  /** How many entries it holds. */
  readonly size: number;
  /** The place of `key`'s entry (the first, when two have it), or undefined. */
  find(key: string): number | undefined;
  keyAt(j: number): string;
  valueAt(j: number): unknown;
  readonly used: Uint8Array;
}

/** A section's entries as the flat array `key, value, …` (entries whose key is no string are never found). */
export class FlatSection implements Section {
  private readonly index = new Map<string, number>();
  readonly used: Uint8Array;

  constructor(
    private readonly flat: readonly unknown[],
    max: number,
  ) {
    // Backwards, so that the first of two entries with one key wins without a second lookup.
    // (Keys are not checked: only the run's own keys, blob ids, are ever looked up and written back.)
    const end = Math.min(flat.length >> 1, Math.max(0, max));
    for (let j = end - 1; j >= 0; j--) {
      const k: unknown = flat[2 * j];
      if (typeof k === 'string') this.index.set(k, j);
    }
    this.used = new Uint8Array(end);
  }

  get size(): number {
    return this.index.size;
  }

  find(key: string): number | undefined {
    return this.index.get(key);
  }

  keyAt(j: number): string {
    return this.flat[2 * j] as string;
  }

  valueAt(j: number): unknown {
    return this.flat[2 * j + 1];
  }
}

/** Widths of the keys a section may be packed with: SHA-1 and SHA-256 blob ids, in lowercase hex. */
const PACKED_WIDTHS = [40, 64];
/** Probes of the packed table before a key counts as absent (a store is hostile: a crowd of like keys costs misses, never time). */
const MAX_PROBES = 32;

/**
 * A section whose keys are blob ids of one width, stored as `{ width, keys, values }`: `keys` the ids
 * end to end, `values` the values in the same order. Found through an open-addressing table of the
 * ids' first eight hex digits (blob ids are uniform), each candidate compared in place.
 */
export class PackedSection implements Section {
  private readonly table: Int32Array;
  private readonly mask: number;
  readonly used: Uint8Array;
  readonly size: number;

  constructor(
    private readonly width: number,
    private readonly keys: string,
    private readonly values: readonly unknown[],
    max: number,
  ) {
    const n = Math.min(values.length, Math.max(0, max));
    let slots = 16;
    while (slots < 2 * n) slots *= 2;
    this.mask = slots - 1;
    this.table = new Int32Array(slots).fill(-1);
    let size = 0;
    for (let j = 0; j < n; j++) {
      // the first of two entries with one key wins: a later one is never placed
      let h = head(keys, j * width) & this.mask;
      for (let probe = 0; probe < MAX_PROBES; probe++, h = (h + 1) & this.mask) {
        const k = this.table[h]!;
        if (k === -1) {
          this.table[h] = j;
          size++;
          break;
        }
        if (sameKey(keys, k * width, j * width, width)) break;
      }
    }
    this.size = size;
    this.used = new Uint8Array(n);
  }

  find(key: string): number | undefined {
    if (key.length !== this.width) return undefined;
    let h = head(key, 0) & this.mask;
    for (let probe = 0; probe < MAX_PROBES; probe++, h = (h + 1) & this.mask) {
      const k = this.table[h]!;
      if (k === -1) return undefined;
      if (this.keys.startsWith(key, k * this.width)) return k;
    }
    return undefined;
  }

  keyAt(j: number): string {
    return this.keys.slice(j * this.width, (j + 1) * this.width);
  }

  valueAt(j: number): unknown {
    return this.values[j];
  }
}

/** The first eight characters of a key at `at` as hex digits (any other character gives some digit: it only costs a miss). */
function head(s: string, at: number): number {
  let x = 0;
  for (let i = at; i < at + 8; i++) {
    const c = s.charCodeAt(i);
    x = (x << 4) | (((c & 15) + (c >> 6) * 9) & 15);
  }
  return x;
}

function sameKey(s: string, a: number, b: number, width: number): boolean {
  for (let i = 0; i < width; i++) if (s.charCodeAt(a + i) !== s.charCodeAt(b + i)) return false;
  return true;
}

/**
 * A reader's entries as they are written: packed when every key is a blob id of one width (and
 * there are enough of them to be worth it), else the flat array.
 */
export function packed(flat: readonly unknown[]): unknown {
  const n = flat.length >> 1;
  const first = flat[0];
  if (n < 64 || typeof first !== 'string' || !PACKED_WIDTHS.includes(first.length)) return flat;
  const width = first.length;
  const keys: string[] = [];
  const values: unknown[] = [];
  for (let j = 0; j < n; j++) {
    const k = flat[2 * j];
    if (typeof k !== 'string' || k.length !== width || !HEX.test(k)) return flat;
    keys.push(k);
    values.push(flat[2 * j + 1]);
  }
  return { width, keys: keys.join(''), values };
}

const HEX = /^[0-9a-f]+$/;

/**
 * The cold entries of a store file (FactReader.cold): the lines after its first, each
 * `reader<TAB>key<TAB>value JSON`. A few lookups search the bytes for their line (a pull request's
 * handful of changed files); more, or writing them back, index every line once. A value is decoded
 * and parsed only when looked up. A line is known by the byte offset where it starts.
 */
export class Cold {
  private index: Map<string, number> | undefined;
  private searches = 0;
  private readonly used = new Set<number>();

  constructor(private readonly bytes: Buffer | null) {}

  private lineEnd(at: number): number {
    const nl = this.bytes!.indexOf(0x0a, at);
    return nl < 0 ? this.bytes!.length : nl;
  }

  private indexed(): Map<string, number> {
    if (this.index) return this.index;
    const index = new Map<string, number>();
    const b = this.bytes;
    const starts: number[] = [];
    for (let at = 0; b && at < b.length && starts.length < MAX_ENTRIES; at = this.lineEnd(at) + 1) starts.push(at);
    for (let i = starts.length - 1; i >= 0; i--) {
      // backwards: the first of two lines with one key wins, as a search finds it
      const at = starts[i]!;
      const end = this.lineEnd(at);
      const t1 = b!.indexOf(0x09, at);
      const t2 = t1 < 0 || t1 >= end ? -1 : b!.indexOf(0x09, t1 + 1);
      if (t2 > 0 && t2 < end) index.set(b!.toString('utf8', at, t2), at);
    }
    return (this.index = index);
  }

  private find(rk: string): number | undefined {
    const b = this.bytes;
    if (!b || b.length === 0) return undefined;
    if (this.index || ++this.searches > 16) return this.indexed().get(rk);
    const head = Buffer.from(`${rk}\t`);
    if (b.subarray(0, head.length).equals(head)) return 0;
    const at = b.indexOf(Buffer.from(`\n${rk}\t`));
    return at < 0 ? undefined : at + 1;
  }

  /** The stored value of `reader<TAB>key` and its line, or undefined (absent, or not JSON). */
  get(rk: string): { value: unknown; line: number } | undefined {
    const at = this.find(rk);
    if (at === undefined) return undefined;
    try {
      return { value: JSON.parse(this.bytes!.toString('utf8', at + Buffer.byteLength(rk) + 1, this.lineEnd(at))), line: at };
    } catch {
      return undefined;
    }
  }

  markUsed(line: number): void {
    this.used.add(line);
  }

  /** The lines to write back: those used, and those whose key `live` says is still in the tree (not parsed: checked when used). */
  keep(live: (key: string) => boolean, into: string[], seen: Set<string>): void {
    for (const [rk, at] of this.indexed()) {
      if (seen.has(rk)) continue;
      const tab = rk.indexOf('\t');
      if (this.used.has(at) || (READER.test(rk.slice(0, tab).split(':')[0]!) && live(rk.slice(tab + 1)))) {
        seen.add(rk);
        into.push(this.bytes!.toString('utf8', at, this.lineEnd(at)));
      }
    }
  }
}

export function pushUsed(into: unknown[], s: Section): void {
  for (let j = 0; j < s.used.length; j++) if (s.used[j] === 1) into.push(s.keyAt(j), s.valueAt(j));
}

export function countOf(store: Map<string, Section>): number {
  let n = 0;
  for (const s of store.values()) n += s.size;
  return n;
}

/** A store file's entries, or why it was not used ('missing' when there is none). */
export async function readStore(file: string, counted: number): Promise<{ hot: Map<string, Section>; cold: Buffer | null } | string> {
  const bytes = await readWhole(file, MAX_STORE_BYTES);
  if (typeof bytes === 'string') return bytes;
  // The first line is the store; the cold entries after it are decoded only when a run needs one.
  const nl = bytes.indexOf(0x0a);
  const hot = parseStore(bytes.toString('utf8', 0, nl < 0 ? bytes.length : nl), counted);
  return typeof hot === 'string' ? hot : { hot, cold: nl < 0 ? null : bytes.subarray(nl + 1) };
}

/**
 * The store's entries by reader, or why it was dropped. No prototype is ever touched: entries become
 * Maps. Deep nesting is harmless here: V8's JSON.parse does not recurse, readers' shape checks are
 * flat, and only values that passed them are ever written back (JSON.stringify does recurse).
 */
export function parseStore(text: string, counted = 0): Map<string, Section> | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  if (!isObject(data) || data.format !== FORMAT) return 'another format';
  if (data.tool !== VERSION) return 'another tool version';
  if (!isObject(data.readers)) return 'another format';
  const out = new Map<string, Section>();
  let n = counted;
  for (const [r, entries] of Object.entries(data.readers)) {
    if (!READER.test(r.split(':')[0]!)) continue;
    let section: Section;
    if (Array.isArray(entries)) section = new FlatSection(entries, MAX_ENTRIES - n);
    else if (
      isObject(entries) &&
      PACKED_WIDTHS.includes(entries.width as number) &&
      typeof entries.keys === 'string' &&
      Array.isArray(entries.values) &&
      entries.keys.length === (entries.width as number) * entries.values.length
    )
      section = new PackedSection(entries.width as number, entries.keys, entries.values, MAX_ENTRIES - n);
    else continue;
    n += section.size;
    out.set(r, section);
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

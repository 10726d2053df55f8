import path from 'node:path';
import { type Front, readAhead, readFront } from '../util/read-whole.js';
import { type ColdBytes, coldFile, MAX_ENTRIES, READER } from './cold-lines.js';
import { VERSION } from '../version.js';

/**
 * The fact cache's files (src/facts/cache.ts): how a store file is read, parsed and checked. A store
 * is one line of JSON (each reader's entries as a flat `key, value, …` array, or packed: Section)
 * and, after it, the cold entries one per line, sorted by key. The first line starts with its own
 * length (`{"format":6,"hot":"000007613228",…`), so that a run reads that line and not the cold
 * lines after it (10 MB of a tree of 10⁵ files, of which a pull request needs a handful: found by
 * a binary search of the file, Cold). It comes back from actions/cache, so it is read as hostile input.
 */

export const FORMAT = 6;
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
  for (const name of [STORE_NAME, DELTA_NAME]) readAhead(path.join(dir, name), MAX_STORE_BYTES, FIRST_LINE);
}

/** How the first line starts: the format, then the line's length in bytes in a fixed width. */
const HEAD = `{"format":${FORMAT},"hot":"`;
const LENGTH_DIGITS = 12;
const HEAD_BYTES = HEAD.length + LENGTH_DIGITS + 2; // …digits",

/** The length of the first line that a store file's first bytes give, or null when they do not start with the head. */
function headLength(first: Buffer): number | null {
  if (first.length < HEAD_BYTES || first.toString('latin1', 0, HEAD.length) !== HEAD) return null;
  const digits = first.toString('latin1', HEAD.length, HEAD.length + LENGTH_DIGITS);
  if (!/^\d+$/.test(digits) || first.toString('latin1', HEAD.length + LENGTH_DIGITS, HEAD_BYTES) !== '",') return null;
  return Number(digits);
}

/** A store file's first line, as its head measures it; a file without that head is read whole (and dropped: another format). */
export const FIRST_LINE: Front = {
  tag: `store${FORMAT}`,
  length(first: Buffer, size: number): number {
    const n = headLength(first);
    return n !== null && n >= HEAD_BYTES && n <= size ? n : size;
  },
};

/**
 * The text of a store file: its first line, made of `tool` and `readers` after the head that gives
 * the line's length, and the cold lines (`reader<TAB>key<TAB>value JSON`) sorted by their key's bytes.
 */
export function storeText(readers: Record<string, unknown>, cold: string[]): string {
  const rest = JSON.stringify({ tool: VERSION, readers }).slice(1);
  const bytes = HEAD_BYTES + Buffer.byteLength(rest);
  const hot = `${HEAD}${String(bytes).padStart(LENGTH_DIGITS, '0')}",${rest}`;
  if (cold.length === 0) return hot;
  const keyed = cold.map((line) => ({ key: Buffer.from(line.slice(0, keyEnd(line))), line }));
  keyed.sort((a, b) => Buffer.compare(a.key, b.key));
  return `${hot}\n${keyed.map((k) => k.line).join('\n')}`;
}

/** Where a cold line's key (`reader<TAB>key`) ends: at its second tab (the whole line when it has none). */
function keyEnd(line: string): number {
  const t1 = line.indexOf('\t');
  const t2 = t1 < 0 ? -1 : line.indexOf('\t', t1 + 1);
  return t2 < 0 ? line.length : t2;
}

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

export function pushUsed(into: unknown[], s: Section): void {
  for (let j = 0; j < s.used.length; j++) if (s.used[j] === 1) into.push(s.keyAt(j), s.valueAt(j));
}

export function countOf(store: Map<string, Section>): number {
  let n = 0;
  for (const s of store.values()) n += s.size;
  return n;
}

/** A store file's entries, or why it was not used ('missing' when there is none). */
export async function readStore(file: string, counted: number): Promise<{ hot: Map<string, Section>; cold: ColdBytes | null } | string> {
  // The first line only (its head gives its length); the cold lines after it are read when a run needs one.
  const first = await readFront(file, MAX_STORE_BYTES, FIRST_LINE);
  if (typeof first === 'string') return first;
  // (a file without the head was read whole: its first line tells what it is, another format mostly)
  const nl = headLength(first.bytes) === first.bytes.length ? -1 : first.bytes.indexOf(0x0a);
  const hot = parseStore(first.bytes.toString('utf8', 0, nl < 0 ? first.bytes.length : nl), counted);
  if (typeof hot === 'string') return hot;
  const start = first.bytes.length + 1;
  return { hot, cold: start < first.size ? coldFile(file, first.identity, start, first.size) : null };
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

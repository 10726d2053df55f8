import { readWhole } from '../util/read-whole.js';
import { VERSION } from '../version.js';

/**
 * The fact cache's files (src/facts/cache.ts): how a store file is read, parsed and checked. A store
 * is one line of JSON (each reader's entries as a flat `key, value, …` array) and, after it, the
 * cold entries one per line. It comes back from actions/cache, so it is read as hostile input.
 */

export const FORMAT = 4;
/** A bigger store (or delta) is not read (and not written): the run reads files instead. */
export const MAX_STORE_BYTES = 256 * 1024 * 1024;
/** Entries kept per store; beyond, new facts are not stored. */
export const MAX_ENTRIES = 2_000_000;
const READER = /^[a-z0-9-]{1,64}@[A-Za-z0-9._:+-]{1,128}$/;

/**
 * One reader's entries as the store holds them: the flat array `key, value, key, value…`, an index
 * from key to the key's position in it, and which entries this run used (a hit marks its entry
 * instead of copying it: a warm run restores every entry of the store).
 */
export interface Section {
  readonly flat: readonly unknown[];
  readonly index: Map<string, number>;
  readonly used: Uint8Array;
}

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
  for (let j = 0; j < s.used.length; j++) if (s.used[j] === 1) into.push(s.flat[2 * j], s.flat[2 * j + 1]);
}

export function countOf(store: Map<string, Section>): number {
  let n = 0;
  for (const s of store.values()) n += s.index.size;
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
  for (const [r, flat] of Object.entries(data.readers)) {
    if (!READER.test(r.split(':')[0]!) || !Array.isArray(flat)) continue;
    const index = new Map<string, number>();
    // Backwards, so that the first of two entries with one key wins without a second lookup.
    // (Keys are not checked: only the run's own keys, blob ids, are ever looked up and written back.)
    const end = Math.min(flat.length >> 1, Math.max(0, MAX_ENTRIES - n));
    for (let j = end - 1; j >= 0; j--) {
      const k: unknown = flat[2 * j];
      if (typeof k === 'string') index.set(k, 2 * j);
    }
    n += index.size;
    out.set(r, { flat, index, used: new Uint8Array(end) });
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

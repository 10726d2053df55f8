import { binarySearch, isSorted } from '../util/array.js';

/** The blob id of each index entry, or null where it has none. */
export interface IdList {
  at(i: number): string | null;
  /** Entry `i` has no id from now on. */
  clear(i: number): void;
}

/**
 * Ids of one width (40 hex digits for SHA-1) end to end in one string, each read out when asked for
 * (a slice of it, not a copy): 10⁵ separate strings would cost the index's reader 50 ms and their
 * page faults, for ids most of which a warm run asks for once.
 */
export class PackedIds implements IdList {
  constructor(
    private readonly hex: string,
    private readonly width: number,
    /** 1 where entry i has an id. */
    private readonly present: Uint8Array,
  ) {}

  at(i: number): string | null {
    if (this.present[i] !== 1) return null;
    const w = this.width;
    return this.hex.slice(i * w, i * w + w);
  }

  clear(i: number): void {
    if (i < this.present.length) this.present[i] = 0;
  }
}

/** Ids one string each (from `git ls-files -s`, git-index.ts's fallback). */
export class ArrayIds implements IdList {
  constructor(private readonly ids: (string | null)[]) {}

  at(i: number): string | null {
    return this.ids[i] ?? null;
  }

  clear(i: number): void {
    if (i < this.ids.length) this.ids[i] = null;
  }
}

/**
 * The index blob ids of a listing's files (list.ts), by root-relative name, read off git's own
 * arrays: the index's names (sorted) and their ids (git-index.ts). A map of 10⁵ names would cost
 * every run with a fact cache tens of milliseconds to build, and as much again in page faults; here
 * a lookup is a binary search, or a single comparison when the run asks in the listing's order (the
 * name after the last one found). git sorts names by their bytes, which for a name beyond U+FFFF
 * is not the order of `<`: a tree with such names gets a map instead, built once.
 */
export class BlobIds implements Iterable<[string, string]> {
  private readonly map: Map<string, string> | undefined;
  /** The root's path from the top of the work tree, with its slash ('' at the top). */
  private readonly prefix: string;
  /** Where the next name in order would be (see `find`). */
  private next = 0;

  /**
   * `names`: each path once from the top of the work tree, in index order; `ids`: their blob ids
   * (taken over: `drop` clears entries); `prefix`: the root inside the work tree ('' at the top).
   */
  constructor(
    private readonly names: readonly string[],
    private readonly ids: IdList,
    prefix: string,
  ) {
    this.prefix = prefix ? `${prefix}/` : '';
    if (!isSorted(names)) {
      this.map = new Map();
      for (let i = 0; i < names.length; i++) {
        const id = ids.at(i);
        if (id) this.map.set(names[i]!, id);
      }
    }
  }

  /** The blob id of `rel`, a root-relative path; undefined when it has none. */
  get(rel: string): string | undefined {
    const full = this.prefix + rel;
    if (this.map) return this.map.get(full);
    const i = this.find(full);
    return i < 0 ? undefined : (this.ids.at(i) ?? undefined);
  }

  has(rel: string): boolean {
    return this.get(rel) !== undefined;
  }

  /** Forget the id of `rel` (changed in the work tree); whether it had one. */
  drop(rel: string): boolean {
    const full = this.prefix + rel;
    if (this.map) return this.map.delete(full);
    const i = this.find(full);
    if (i < 0 || !this.ids.at(i)) return false;
    this.ids.clear(i);
    return true;
  }

  /** Every root-relative path with an id, and the id, in index order. */
  *[Symbol.iterator](): Iterator<[string, string]> {
    const { prefix } = this;
    const pairs: Iterable<[string, string | null]> = this.map ?? this.names.map((n, i): [string, string | null] => [n, this.ids.at(i)]);
    for (const [name, id] of pairs) if (id && name.startsWith(prefix)) yield [name.slice(prefix.length), id];
  }

  keys(): string[] {
    return [...this].map(([rel]) => rel);
  }

  private find(full: string): number {
    const { names } = this;
    const n = this.next;
    if (n < names.length && names[n] === full) {
      this.next = n + 1;
      return n;
    }
    const i = binarySearch(names, full);
    if (i >= 0) this.next = i + 1;
    return i;
  }
}

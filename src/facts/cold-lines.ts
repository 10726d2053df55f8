import { closeSync, readSync } from 'node:fs';
import { openSame } from '../util/read-whole.js';

/**
 * A fact store's cold lines (src/facts/store-file.ts): the entries after its first line, one per
 * line, sorted by key, that most runs never read; found by a binary search of the file or indexed
 * once. Here too, the limits every part of a store is read within.
 */

/** Entries kept per store; beyond, new facts are not stored. */
export const MAX_ENTRIES = 2_000_000;
/** What a reader's key in a store looks like before its salt (`id@version`, then `:salt`). */
export const READER = /^[a-z0-9-]{1,64}@[A-Za-z0-9._:+-]{1,128}$/;

/**
 * Bytes of a store's cold lines, read by position: the rest of a store file after its first line
 * (coldFile), or a buffer (coldBuffer). `open` gives a reader for one search (null when the bytes can no longer
 * be read as they were: the file was replaced since its first line was read).
 */
export interface ColdBytes {
  readonly size: number;
  open(): { read(pos: number, len: number): Buffer; close(): void } | null;
}

/** Cold lines held in memory (tests). */
export function coldBuffer(b: Buffer): ColdBytes {
  return { size: b.length, open: () => ({ read: (pos, len) => b.subarray(pos, Math.min(b.length, pos + len)), close: () => {} }) };
}

/** The cold lines of store file `file` from byte `start`, while the file is the one `identity` names. */
export function coldFile(file: string, identity: string, start: number, size: number): ColdBytes {
  return {
    size: Math.max(0, size - start),
    open() {
      const fd = openSame(file, identity);
      if (fd === null) return null;
      return {
        read(pos: number, len: number): Buffer {
          const buf = Buffer.allocUnsafe(Math.max(0, Math.min(len, size - start - pos)));
          let got = 0;
          while (got < buf.length) {
            const n = readSync(fd, buf, got, buf.length - got, start + pos + got);
            if (n === 0) break;
            got += n;
          }
          return buf.subarray(0, got);
        },
        close: () => closeSync(fd),
      };
    },
  };
}

/** A search reads this much at a time; a span this small is read whole and its lines compared in turn. */
const CHUNK = 4096;
/** Searches before every line is indexed once (a run that needs many cold facts: a changed layout). */
const SEARCHES = 16;

/**
 * The cold entries of a store file (FactReader.cold): the lines after its first, each
 * `reader<TAB>key<TAB>value JSON`, sorted by their key's bytes (`reader<TAB>key`, storeText). A few
 * lookups (a pull request's handful of changed files) each search the file (a binary search reading
 * a few kilobytes); more, or writing them back, read the lines once and index them. A line out of
 * order (the store is hostile) costs misses, never an error; a line without its two tabs is never
 * found and never written back. A value is parsed only when looked up. A line is known by the
 * byte offset where it starts.
 */
export class Cold {
  private bytes: Buffer | null | undefined;
  private index: Map<string, number> | undefined;
  private searches = 0;
  private readonly used = new Set<number>();

  constructor(private readonly src: ColdBytes | null) {}

  /** Every cold line's bytes, read once (null: none, or no longer readable). */
  private all(): Buffer | null {
    if (this.bytes !== undefined) return this.bytes;
    const r = this.src && this.src.size > 0 ? this.src.open() : null;
    if (!r) return (this.bytes = null);
    try {
      return (this.bytes = r.read(0, this.src!.size));
    } catch {
      return (this.bytes = null);
    } finally {
      r.close();
    }
  }

  private static lineEnd(b: Buffer, at: number): number {
    const nl = b.indexOf(0x0a, at);
    return nl < 0 ? b.length : nl;
  }

  private indexed(): Map<string, number> {
    if (this.index) return this.index;
    const index = new Map<string, number>();
    const b = this.all();
    const starts: number[] = [];
    for (let at = 0; b && at < b.length && starts.length < MAX_ENTRIES; at = Cold.lineEnd(b, at) + 1) starts.push(at);
    for (let i = starts.length - 1; i >= 0; i--) {
      // backwards: the first of two lines with one key wins
      const at = starts[i]!;
      const key = keyOf(b!.subarray(at, Cold.lineEnd(b!, at)));
      if (key) index.set(key.toString('utf8'), at);
    }
    return (this.index = index);
  }

  /** The stored value of `reader<TAB>key` and its line, or undefined (absent, or not JSON). */
  get(rk: string): { value: unknown; line: number } | undefined {
    if (!this.src || this.src.size === 0) return undefined;
    if (this.index || ++this.searches > SEARCHES) {
      const at = this.indexed().get(rk);
      return at === undefined ? undefined : parseValue(this.bytes!.subarray(at, Cold.lineEnd(this.bytes!, at)), rk, at);
    }
    const r = this.src.open();
    if (!r) return undefined;
    try {
      return search(r, this.src.size, Buffer.from(rk));
    } catch {
      return undefined;
    } finally {
      r.close();
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
        into.push(this.bytes!.toString('utf8', at, Cold.lineEnd(this.bytes!, at)));
      }
    }
  }
}

/** The key bytes of a cold line (`reader<TAB>key`, up to its second tab), or null when it has no two tabs. */
function keyOf(line: Buffer): Buffer | null {
  const t1 = line.indexOf(0x09);
  const t2 = t1 < 0 ? -1 : line.indexOf(0x09, t1 + 1);
  return t2 < 0 ? null : line.subarray(0, t2);
}

/** A cold line's value when the line is `rk<TAB>value JSON`. */
function parseValue(line: Buffer, rk: string, at: number): { value: unknown; line: number } | undefined {
  const n = Buffer.byteLength(rk);
  if (line.length <= n || line[n] !== 0x09 || line.toString('utf8', 0, n) !== rk) return undefined;
  try {
    return { value: JSON.parse(line.toString('utf8', n + 1)), line: at };
  } catch {
    return undefined;
  }
}

/**
 * The line of key `key` among sorted cold lines (`size` bytes, read through `r`): a binary search
 * over byte positions, each step comparing the key of the first well-formed line after the middle;
 * a span of a few kilobytes is then read and its lines compared in turn.
 */
function search(r: { read(pos: number, len: number): Buffer }, size: number, key: Buffer): { value: unknown; line: number } | undefined {
  const rk = key.toString('utf8');
  /** The line starting at `at`: its bytes up to the newline (or the end), read in chunks. */
  const lineAt = (at: number): Buffer => {
    let len = CHUNK;
    for (;;) {
      const b = r.read(at, len);
      const nl = b.indexOf(0x0a);
      if (nl >= 0) return b.subarray(0, nl);
      if (at + b.length >= size || b.length < len) return b;
      len *= 4;
    }
  };
  // Invariant: the line sought, when present and in order, starts in [lo, hi); lo starts a line.
  let lo = 0;
  let hi = size;
  while (hi - lo > CHUNK) {
    const mid = lo + ((hi - lo) >> 1);
    // the first line that starts after mid, and is well-formed
    let s = -1;
    let k: Buffer | null = null;
    let line: Buffer | null = null;
    for (let p = mid; p < hi; ) {
      const b = r.read(p, CHUNK);
      const nl = b.indexOf(0x0a);
      if (nl < 0) {
        if (b.length === 0) break;
        p += b.length;
        continue;
      }
      const start = p + nl + 1;
      if (start >= hi) break;
      line = lineAt(start);
      k = keyOf(line);
      if (k) {
        s = start;
        break;
      }
      p = start;
    }
    if (s < 0) {
      hi = mid + 1; // no line to compare starts in (mid, hi): the one sought starts at or before mid
      continue;
    }
    const c = Buffer.compare(k!, key);
    if (c === 0) return parseValue(line!, rk, s);
    if (c < 0) lo = s;
    else hi = s;
  }
  // a few lines left: each compared in turn
  for (let at = lo; at < hi; ) {
    const line = lineAt(at);
    const k = keyOf(line);
    if (k && k.equals(key)) return parseValue(line, rk, at);
    at += line.length + 1;
  }
  return undefined;
}

import { createHash } from 'node:crypto';
import type { FactReader } from '../facts/cache.js';
import { isPos, isStr } from '../facts/readers.js';
import type { PyLayout } from './python-resolve.js';
import type { EdgeKind, ImportEdge } from './types.js';

/**
 * The Python graph's resolved imports, kept between runs (src/facts/cache.ts) as one value per
 * layout, so that a warm run neither decodes nor resolves the import statements of a file it has
 * seen, and restores the tree's imports from one compact value instead of one entry per file. What
 * a file's statements resolve to depends on its content, its path and the layout (source roots and
 * module names), a function of the Python paths and the roots: the value is stored under a hash of
 * the layout, and holds, for each of the layout's modules in order, the blob id of the content it
 * was read from and the file's resolved imports. A file counts only when its blob id is the one
 * stored (a pull request re-reads what it changed); a value of another layout is never looked up,
 * and the files' statements are then restored from their own cold reader (PY_IMPORTS), so a pull
 * request that adds a file re-resolves every file but reads none again.
 *
 * The value, as the run sees it: `[node count, blob ids, flat]`: blob ids one per module ('' when
 * not kept: unreadable, changed in the work tree, or not read), and per module in `flat`: the number
 * of edges, each edge as `target, specifier, line, column, kind index` (the target by its place
 * among the layout's modules, the specifier '' when it is the target's module name, what most `from
 * a import b` say), then the number of unresolved imports, each as `specifier, line`. As stored
 * (StoredImports, `encodeValue`): the blob ids in one string joined by commas, and `flat` as one
 * base64 string of variable-length integers with its few distinct strings beside it: a warm run
 * of 45,000 modules parses three strings instead of 45,000 strings and an array of 500,000 values
 * (77 ms and 4 MB of a fresh process's memory). The value comes back from actions/cache: its frame
 * is checked whole on restore, and each module's part when it is used (a part that does not fit is
 * a miss).
 *
 * A pull request that changes a few modules does not rewrite the whole value (tens of thousands of
 * modules): it keeps a patch beside it, `[node count, places, blob ids, flat]`, the parts of the
 * modules it names only (each a fact about one module's content, true whatever whole value it is
 * read with). A module's part in the patch, when its blob id is the module's, wins.
 */

export interface ResolvedFile {
  /** Sorted as the graph sorts them (by line, column, target). */
  edges: ImportEdge[];
  unresolved: { from: string; specifier: string; line: number }[];
}

export const READER_ID = 'python-resolved';
const KINDS: readonly EdgeKind[] = ['static', 'deferred', 'type-only', 'main', 'dynamic'];

/** A hash of what resolution depends on besides a file's content and path: its modules and roots. */
export function layoutHash(nodes: readonly string[], layout: PyLayout): string {
  const h = createHash('sha1');
  h.update(`roots\0${layout.roots.length}\0`);
  for (const r of layout.roots) h.update(`${r}\0`);
  h.update(`nodes\0${nodes.length}\0`);
  h.update(nodes.join('\0'));
  return h.digest('hex').slice(0, 16);
}

/** A value as the run builds and reads it (see above). */
export type PlainImports = [number, string[], (number | string)[]] | [number, number[], string[], (number | string)[]];
/** A value as stored: `[node count, blob ids joined, flat encoded, flat's strings]`, a patch with its places after the count. */
export type StoredImports = [number, string, string, string[]] | [number, number[], string, string, string[]];

/** The largest integer `flat` holds (lines, columns, counts, places), either sign. */
const MAX_INT = 2 ** 30;

/**
 * `flat` as stored: each value a variable-length integer (seven bits a byte, low first), base64: an
 * integer x as 2·zigzag(x), a string as 2·(its place among `strings`) + 1.
 */
export function encodeFlat(flat: readonly (number | string)[]): { data: string; strings: string[] } {
  const strings: string[] = [];
  const placeOf = new Map<string, number>();
  const tagged = (text: string): number => {
    let j = placeOf.get(text);
    if (j === undefined) placeOf.set(text, (j = strings.push(text) - 1));
    return 2 * j + 1;
  };
  const bytes = Buffer.allocUnsafe(Math.max(16, flat.length * 5));
  let n = 0;
  for (const x of flat) {
    // (no line, column or count comes near the bound: one beyond is kept as its text, which restores as a part that does not fit, a miss)
    let t = typeof x === 'string' ? tagged(x) : Number.isSafeInteger(x) && Math.abs(x) < MAX_INT ? 2 * (x >= 0 ? 2 * x : -2 * x - 1) : tagged(String(x));
    while (t >= 128) {
      bytes[n++] = (t % 128) + 128;
      t = Math.floor(t / 128);
    }
    bytes[n++] = t;
  }
  return { data: bytes.toString('base64', 0, n), strings };
}

/** The tagged integers of an encoded `flat` (see encodeFlat), or undefined when it is not one. */
function decodeFlat(data: string): Uint32Array | undefined {
  const b = Buffer.from(data, 'base64');
  const out = new Uint32Array(b.length);
  let n = 0;
  for (let p = 0; p < b.length; ) {
    let t = 0;
    let scale = 1;
    for (let k = 0; ; k++) {
      if (p >= b.length || k === 5) return undefined; // cut short, or longer than any value stored
      const byte = b[p++]!;
      t += (byte & 127) * scale;
      scale *= 128;
      if (byte < 128) break;
    }
    if (t >= 2 ** 32) return undefined;
    out[n++] = t;
  }
  return out.subarray(0, n);
}

/** The value at `p` of a decoded `flat`: an integer, a string, or undefined (past its end, or a string it does not have). */
function valueAt(flat: Uint32Array, strings: readonly string[], p: number): number | string | undefined {
  if (p >= flat.length) return undefined;
  const t = flat[p]!;
  if (t % 2 === 1) return strings[(t - 1) / 2];
  const z = t / 2;
  return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
}

/** A value as stored, from the value as built. */
export function encodeValue(v: PlainImports): StoredImports {
  const patch = v.length === 4;
  const blobs = patch ? v[2] : v[1];
  const { data, strings } = encodeFlat(patch ? v[3] : v[2]);
  return patch ? [v[0], v[1], blobs.join(','), data, strings] : [v[0], blobs.join(','), data, strings];
}

/** A stored value's frame: whole or patch, its count, places and joined blob ids, and its flat values decoded; undefined when it is none. */
interface Frame {
  patch: boolean;
  n: number;
  /** A patch's places (unchecked), else null. */
  places: unknown[] | null;
  /** How many modules it holds a part of (n, or a patch's places). */
  count: number;
  joined: string;
  flat: Uint32Array;
  strings: readonly string[];
}

function frameOf(v: unknown): Frame | undefined {
  if (!Array.isArray(v) || (v.length !== 4 && v.length !== 5)) return undefined;
  const patch = v.length === 5;
  const [n, places, joined, data, strings] = (patch ? v : [v[0], null, v[1], v[2], v[3]]) as unknown[];
  if (typeof n !== 'number' || typeof joined !== 'string' || typeof data !== 'string' || !Array.isArray(strings)) return undefined;
  if (patch && !Array.isArray(places)) return undefined;
  const count = patch ? (places as unknown[]).length : n;
  if (count === 0 && joined !== '') return undefined;
  const flat = decodeFlat(data);
  return flat ? { patch, n, places: patch ? (places as unknown[]) : null, count, joined, flat, strings: strings as string[] } : undefined;
}

/** The value as built, from a value as stored (tests poison it so); undefined when it does not decode. */
export function decodeValue(v: unknown): PlainImports | undefined {
  const f = frameOf(v);
  if (!f) return undefined;
  const plain: (number | string)[] = [];
  for (let p = 0; p < f.flat.length; p++) {
    const x = valueAt(f.flat, f.strings, p);
    if (x === undefined) return undefined;
    plain.push(x);
  }
  const blobs = f.count === 0 ? [] : f.joined.split(',');
  if (blobs.length !== f.count) return undefined;
  return f.places ? [f.n, f.places as number[], blobs, plain] : [f.n, blobs, plain];
}

/**
 * The resolved imports of a layout's modules as restored: each module's blob id (where it starts
 * and ends in the joined ids; -1: not kept) and where its part starts in the decoded flat values
 * (-1: not kept), decoded when a module is asked for.
 */
export class RestoredImports {
  constructor(
    /** Whether this is a patch (the parts of some modules, kept beside a whole value). */
    readonly patch: boolean,
    private readonly joined: string,
    private readonly blobStarts: Int32Array,
    private readonly blobEnds: Int32Array,
    private readonly flat: Uint32Array,
    private readonly strings: readonly string[],
    private readonly starts: Int32Array,
    private readonly nodes: readonly string[],
    private readonly moduleNames: ReadonlyMap<string, string>,
  ) {}

  /** Whether module `i` was read from content `blob` (compared in place: no string made per module). */
  private holds(i: number, blob: string): boolean {
    const at = this.blobStarts[i]!;
    return at >= 0 && this.blobEnds[i]! - at === blob.length && this.joined.startsWith(blob, at);
  }

  private at(p: number): number | string | undefined {
    return valueAt(this.flat, this.strings, p);
  }

  /** The stored imports of module `i`, when they were read from content `blob`; undefined otherwise (or when they do not fit). */
  imports(i: number, blob: string | null): ResolvedFile | undefined {
    const at = this.starts[i]!;
    if (at < 0 || blob === null || !this.holds(i, blob)) return undefined;
    const file = this.nodes[i]!;
    const out: ResolvedFile = { edges: [], unresolved: [] };
    const k = this.at(at) as number;
    let p = at + 1;
    for (let e = 0; e < k; e++, p += 5) {
      const place = this.at(p);
      const to = typeof place === 'number' && place >= 0 ? this.nodes[place] : undefined;
      const written = this.at(p + 1);
      const specifier = written === '' && to !== undefined ? this.moduleNames.get(to) : written;
      const line = this.at(p + 2);
      const column = this.at(p + 3);
      const kindAt = this.at(p + 4);
      const kind = typeof kindAt === 'number' ? KINDS[kindAt] : undefined;
      if (to === undefined || to === file || !isStr(specifier) || !isPos(line) || !isPos(column) || kind === undefined) return undefined;
      out.edges.push({ from: file, to, line, column, kind, specifier });
    }
    const u = this.at(p++) as number;
    for (let j = 0; j < u; j++, p += 2) {
      const specifier = this.at(p);
      const line = this.at(p + 1);
      if (!isStr(specifier) || !isPos(line)) return undefined;
      out.unresolved.push({ from: file, specifier, line });
    }
    return out;
  }

  /** Module `i`'s blob id and stored part as they are (a part that `imports` has checked), pushed onto the next value's arrays. */
  copyTo(i: number, blobs: string[], flat: (number | string)[]): void {
    const at = this.starts[i]!;
    const k = this.at(at) as number;
    const end = at + 2 + 5 * k + 2 * (this.at(at + 1 + 5 * k) as number);
    blobs.push(this.joined.slice(this.blobStarts[i]!, this.blobEnds[i]!));
    for (let p = at; p < end; p++) flat.push(this.at(p)!);
  }
}

/**
 * The value under construction for the next run: each module's blob id and part, in module order —
 * every module's (a whole value) or, for a patch, those of the modules given.
 */
export class NextImports {
  private readonly blobs: string[] = [];
  private readonly flat: (number | string)[] = [];
  private readonly places: number[] = [];

  constructor(
    private readonly nodes: readonly string[],
    private readonly moduleNames: ReadonlyMap<string, string>,
    private readonly placeOf: (file: string) => number,
    private readonly patch = false,
  ) {}

  /** Module `i`'s imports, read from content `blob` (nothing kept when either is missing); once per module, in order. */
  add(i: number, blob: string | null, v: ResolvedFile | undefined): void {
    if (this.patch) this.places.push(i);
    if (blob === null || v === undefined || blob.includes(',')) {
      this.blobs.push('');
      this.flat.push(0, 0);
      return;
    }
    this.blobs.push(blob);
    this.flat.push(v.edges.length);
    for (const e of v.edges) this.flat.push(this.placeOf(e.to), e.specifier === this.moduleNames.get(e.to) ? '' : e.specifier, e.line, e.column, KINDS.indexOf(e.kind));
    this.flat.push(v.unresolved.length);
    for (const u of v.unresolved) this.flat.push(u.specifier, u.line);
  }

  /** The next module's part as restored, unchanged (its content is the one it was read from, checked by `imports`). */
  copy(from: RestoredImports, i: number): void {
    if (this.patch) this.places.push(i);
    from.copyTo(i, this.blobs, this.flat);
  }

  /** The modules held so far. */
  get size(): number {
    return this.patch ? this.places.length : this.blobs.length;
  }

  value(): StoredImports {
    return encodeValue(this.patch ? [this.nodes.length, this.places, this.blobs, this.flat] : [this.nodes.length, this.blobs, this.flat]);
  }
}

/** The reader of one layout's resolved imports (`nodes`: its modules, sorted). */
export class ResolvedReader implements FactReader<RestoredImports | StoredImports> {
  readonly id = READER_ID;
  readonly version = '5';

  constructor(
    private readonly nodes: readonly string[],
    private readonly moduleNames: ReadonlyMap<string, string>,
  ) {}

  encode(v: RestoredImports | StoredImports): unknown {
    return v; // only a value built by NextImports is stored
  }

  /** The blob ids a stored value holds imports of (their files' statements are kept with it). */
  contents(stored: unknown): string[] {
    const joined = Array.isArray(stored) ? (stored as unknown[])[stored.length === 5 ? 2 : 1] : undefined;
    return typeof joined === 'string' ? joined.split(',').filter((b) => b !== '') : [];
  }

  /**
   * The restored value, when its frame fits: a whole value (one blob id per module) or a patch (one
   * per module it names, by place, in order), each module's counts within the flat values.
   */
  decode(v: unknown): RestoredImports | undefined {
    const f = frameOf(v);
    if (!f || f.n !== this.nodes.length) return undefined;
    const { patch, n, places, count, joined, flat, strings } = f;
    const at = (p: number) => valueAt(flat, strings, p);
    const starts = new Int32Array(n).fill(-1);
    const blobStarts = new Int32Array(n).fill(-1);
    const blobEnds = new Int32Array(n);
    // the blob ids: `count` of them, joined by commas ('' for none)
    let b = 0;
    let p = 0;
    let last = -1;
    for (let j = 0; j < count; j++) {
      const i = places ? places[j] : j;
      const comma = joined.indexOf(',', b);
      const blobEnd = comma < 0 ? joined.length : comma;
      if (comma < 0 !== (j === count - 1)) return undefined; // more or fewer ids than modules
      const k = at(p);
      if (typeof i !== 'number' || !Number.isInteger(i) || i <= last || i >= n) return undefined;
      if (!isPos(k) || p + 1 + 5 * k >= flat.length) return undefined;
      const u = at(p + 1 + 5 * k);
      if (!isPos(u)) return undefined;
      const end = p + 2 + 5 * k + 2 * u;
      if (end > flat.length) return undefined;
      if (blobEnd > b) {
        starts[i] = p;
        blobStarts[i] = b;
        blobEnds[i] = blobEnd;
      }
      last = i;
      p = end;
      b = blobEnd + 1;
    }
    if (p !== flat.length) return undefined;
    return new RestoredImports(patch, joined, blobStarts, blobEnds, flat, strings, starts, this.nodes, this.moduleNames);
  }
}

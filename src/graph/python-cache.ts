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
 * Stored: `[node count, blob ids, flat]`: blob ids one per module ('' when not kept: unreadable, changed in the work tree, or
 * not read), and per module in `flat`: the number of edges, each edge as `target, specifier, line,
 * column, kind index` (the target by its place among the layout's modules, the specifier '' when it
 * is the target's module name, what most `from a import b` say), then the number of unresolved
 * imports, each as `specifier, line`. The value comes back from actions/cache: its frame is checked
 * whole on restore, and each module's part when it is used (a part that does not fit is a miss).
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

export type StoredImports = [number, string[], unknown[]] | [number, number[], string[], unknown[]];

/**
 * The resolved imports of a layout's modules as restored: where each module's part starts in the
 * flat array (-1: not kept), decoded when a module is asked for.
 */
export class RestoredImports {
  constructor(
    /** Whether this is a patch (the parts of some modules, kept beside a whole value). */
    readonly patch: boolean,
    private readonly blobs: readonly string[],
    private readonly flat: readonly unknown[],
    private readonly starts: Int32Array,
    private readonly nodes: readonly string[],
    private readonly moduleNames: ReadonlyMap<string, string>,
  ) {}

  /** The stored imports of module `i`, when they were read from content `blob`; undefined otherwise (or when they do not fit). */
  imports(i: number, blob: string | null): ResolvedFile | undefined {
    const at = this.starts[i]!;
    if (at < 0 || blob === null || this.blobs[i] !== blob) return undefined;
    const f = this.flat;
    const file = this.nodes[i]!;
    const out: ResolvedFile = { edges: [], unresolved: [] };
    const k = f[at] as number;
    let p = at + 1;
    for (let e = 0; e < k; e++, p += 5) {
      const place = f[p];
      const to = Number.isSafeInteger(place) ? this.nodes[place as number] : undefined;
      const written = f[p + 1];
      const specifier = written === '' && to !== undefined ? this.moduleNames.get(to) : written;
      const line = f[p + 2];
      const column = f[p + 3];
      const kind = Number.isInteger(f[p + 4]) ? KINDS[f[p + 4] as number] : undefined;
      if (to === undefined || to === file || !isStr(specifier) || !isPos(line) || !isPos(column) || kind === undefined) return undefined;
      out.edges.push({ from: file, to, line, column, kind, specifier });
    }
    const u = f[p++] as number;
    for (let j = 0; j < u; j++, p += 2) {
      const specifier = f[p];
      const line = f[p + 1];
      if (!isStr(specifier) || !isPos(line)) return undefined;
      out.unresolved.push({ from: file, specifier, line });
    }
    return out;
  }

  /** Module `i`'s blob id and stored part as they are (a part that `imports` has checked), pushed onto the next value's arrays. */
  copyTo(i: number, blobs: string[], flat: unknown[]): void {
    const f = this.flat;
    const at = this.starts[i]!;
    const k = f[at] as number;
    const end = at + 2 + 5 * k + 2 * (f[at + 1 + 5 * k] as number);
    blobs.push(this.blobs[i]!);
    for (let p = at; p < end; p++) flat.push(f[p]);
  }
}

/**
 * The value under construction for the next run: each module's blob id and part, in module order —
 * every module's (a whole value) or, for a patch, those of the modules given.
 */
export class NextImports {
  private readonly blobs: string[] = [];
  private readonly flat: unknown[] = [];
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
    if (blob === null || v === undefined) {
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
    return this.patch ? [this.nodes.length, this.places, this.blobs, this.flat] : [this.nodes.length, this.blobs, this.flat];
  }
}

/** The reader of one layout's resolved imports (`nodes`: its modules, sorted). */
export class ResolvedReader implements FactReader<RestoredImports | StoredImports> {
  readonly id = READER_ID;
  readonly version = '4';

  constructor(
    private readonly nodes: readonly string[],
    private readonly moduleNames: ReadonlyMap<string, string>,
  ) {}

  encode(v: RestoredImports | StoredImports): unknown {
    return v; // only a value built by NextImports is stored
  }

  /** The blob ids a stored value holds imports of (their files' statements are kept with it). */
  contents(stored: unknown): string[] {
    const blobs = Array.isArray(stored) ? (stored as unknown[])[stored.length === 4 ? 2 : 1] : undefined;
    return Array.isArray(blobs) ? blobs.filter((b): b is string => typeof b === 'string' && b !== '') : [];
  }

  /**
   * The restored value, when its frame fits: a whole value (one blob id per module) or a patch (one
   * per module it names, by place, in order), each module's counts within the array.
   */
  decode(v: unknown): RestoredImports | undefined {
    if (!Array.isArray(v) || (v.length !== 3 && v.length !== 4)) return undefined;
    const patch = v.length === 4;
    const [n, places, blobs, flat] = (patch ? v : [v[0], null, v[1], v[2]]) as unknown[];
    if (n !== this.nodes.length || !Array.isArray(blobs) || !Array.isArray(flat)) return undefined;
    if (patch ? !Array.isArray(places) || places.length !== blobs.length : blobs.length !== n) return undefined;
    const starts = new Int32Array(n).fill(-1);
    const all = patch ? new Array<string>(n).fill('') : (blobs as string[]);
    let p = 0;
    let last = -1;
    for (let j = 0; j < blobs.length; j++) {
      const i = patch ? (places as unknown[])[j] : j;
      const blob = blobs[j];
      const k = flat[p];
      if (typeof i !== 'number' || !Number.isInteger(i) || i <= last || i >= n) return undefined;
      if (typeof blob !== 'string' || !isPos(k) || p + 1 + 5 * k >= flat.length) return undefined;
      const u = flat[p + 1 + 5 * k];
      if (!isPos(u)) return undefined;
      const end = p + 2 + 5 * k + 2 * u;
      if (end > flat.length) return undefined;
      if (blob !== '') starts[i] = p;
      if (patch) all[i] = blob;
      last = i;
      p = end;
    }
    if (p !== flat.length) return undefined;
    return new RestoredImports(patch, all, flat, starts, this.nodes, this.moduleNames);
  }
}

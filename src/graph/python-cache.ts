import { createHash } from 'node:crypto';
import type { FactReader } from '../facts/cache.js';
import { isPos, isStr } from '../facts/readers.js';
import type { PyLayout } from './python-resolve.js';
import type { EdgeKind, ImportEdge } from './types.js';

/**
 * A Python file's imports resolved against the tree, kept between runs (src/facts/cache.ts) so that
 * a warm run over an unchanged set of Python paths neither decodes nor resolves import statements
 * again. What a file's statements resolve to depends on its content (the cache key, its blob id),
 * its path, and the layout (source roots and module names), which is a function of the Python paths
 * and the roots: the stored value names the file and a hash of the layout, and counts only for them.
 *
 * Stored: `[layout hash, the file's place among the layout's sorted modules, edges, unresolved]`,
 * edges flat as `target, specifier, line, column, kind index`, the target by its place among the
 * layout's sorted modules and the specifier as '' when it is the target's module name (what most
 * `from a import b` say); unresolved as `specifier, line`. A value of another layout is a miss: the
 * file's statements are then restored from their own cold reader (PY_IMPORTS), so a pull request
 * that adds a file re-resolves every file but reads none again.
 */

export interface ResolvedFile {
  /** Sorted as the graph sorts them (by line, column, target). */
  edges: ImportEdge[];
  unresolved: { from: string; specifier: string; line: number }[];
}

const KINDS: readonly EdgeKind[] = ['static', 'deferred', 'type-only', 'main', 'dynamic'];

/** A hash of what resolution depends on besides a file's content and path: its modules and roots. */
export function layoutHash(nodes: readonly string[], layout: PyLayout): string {
  const h = createHash('sha1');
  h.update(`roots\0${layout.roots.length}\0`);
  for (const r of layout.roots) h.update(`${r}\0`);
  h.update(`nodes\0${nodes.length}\0`);
  for (const n of nodes) h.update(`${n}\0`);
  return h.digest('hex').slice(0, 16);
}

/** The reader of resolved imports for one layout; `nodes` are its modules (a restored edge must name one). */
export class ResolvedReader implements FactReader<ResolvedFile> {
  readonly id = 'python-resolved';
  readonly version = '3';
  /** The file being looked up (set by `expect`): a value stored for another path is a miss. */
  private file = '';

  constructor(
    private readonly hash: string,
    /** The layout's modules, sorted. */
    private readonly nodes: readonly string[],
    private readonly moduleNames: ReadonlyMap<string, string>,
  ) {}

  private places: Map<string, number> | undefined;

  private placeOf(file: string): number {
    if (!this.places) {
      this.places = new Map();
      for (let i = 0; i < this.nodes.length; i++) this.places.set(this.nodes[i]!, i);
    }
    return this.places.get(file) ?? -1;
  }

  /** Keyed by content and place: files of one content (the empty `__init__.py` of every package) resolve apart. */
  keyOf(content: string, file: string): string {
    return `${content}:${this.placeOf(file)}`;
  }

  /** Before a lookup: the file it is for. */
  expect(file: string): void {
    this.file = file;
  }

  encode(v: ResolvedFile): unknown {
    const edges: unknown[] = [];
    for (const e of v.edges) edges.push(this.placeOf(e.to), e.specifier === this.moduleNames.get(e.to) ? '' : e.specifier, e.line, e.column, KINDS.indexOf(e.kind));
    const unresolved: unknown[] = [];
    for (const u of v.unresolved) unresolved.push(u.specifier, u.line);
    return [this.hash, this.placeOf(this.file), edges, unresolved];
  }

  decode(v: unknown): ResolvedFile | undefined {
    if (!Array.isArray(v) || v.length !== 4) return undefined;
    const [hash, place, edges, unresolved] = v as unknown[];
    const file = this.file;
    if (hash !== this.hash || place !== this.placeOf(file)) return undefined;
    if (!Array.isArray(edges) || edges.length % 5 !== 0 || !Array.isArray(unresolved) || unresolved.length % 2 !== 0) return undefined;
    const out: ResolvedFile = { edges: [], unresolved: [] };
    for (let i = 0; i < edges.length; i += 5) {
      const place = edges[i];
      const to = Number.isSafeInteger(place) ? this.nodes[place as number] : undefined;
      const written = edges[i + 1];
      const specifier = written === '' && to !== undefined ? this.moduleNames.get(to) : written;
      const line = edges[i + 2];
      const column = edges[i + 3];
      const kind = edges[i + 4];
      if (to === undefined || to === file || !isStr(specifier) || !isPos(line) || !isPos(column) || !Number.isInteger(kind)) return undefined;
      const k = KINDS[kind as number];
      if (k === undefined) return undefined;
      out.edges.push({ from: file, to, line, column, kind: k, specifier });
    }
    for (let i = 0; i < unresolved.length; i += 2) {
      const specifier = unresolved[i];
      const line = unresolved[i + 1];
      if (!isStr(specifier) || !isPos(line)) return undefined;
      out.unresolved.push({ from: file, specifier, line });
    }
    return out;
  }
}

import { isMap, isPair, isScalar, isSeq, visit, type Document, type LineCounter, type Node } from 'yaml';
import { ConfigError } from '../errors.js';
import type { SourcePos } from '../types.js';

type Path = readonly (string | number)[];

/** Source positions in a parsed YAML document, for errors and for findings that point at config. */
export class YamlPositions {
  constructor(
    private readonly doc: Document,
    private readonly lc: LineCounter,
    readonly file: string,
  ) {}

  private pos(offset: number): SourcePos {
    const { line, col } = this.lc.linePos(offset);
    return { file: this.file, line, column: col };
  }

  /** The node at a path, or the nearest existing ancestor. */
  private nodeAt(path: Path): { node: Node | null; depth: number } {
    for (let d = path.length; d >= 0; d--) {
      const n = d === 0 ? (this.doc.contents as Node | null) : (this.doc.getIn(path.slice(0, d), true) as Node | undefined);
      if (n && typeof n === 'object' && 'range' in n && n.range) return { node: n, depth: d };
    }
    return { node: null, depth: 0 };
  }

  /** Where the value at `path` starts. */
  at(path: Path): SourcePos {
    const { node } = this.nodeAt(path);
    return node?.range ? this.pos(node.range[0]) : { file: this.file, line: 1, column: 1 };
  }

  /** Where the key of the last path segment is written (falls back to the value, then the parent). */
  keyAt(path: Path): SourcePos {
    if (path.length > 0) {
      const parent = this.nodeAt(path.slice(0, -1));
      const last = path[path.length - 1];
      if (parent.depth === path.length - 1 && isMap(parent.node)) {
        for (const item of parent.node.items) {
          if (isPair(item) && isScalar(item.key) && String(item.key.value) === String(last) && item.key.range) {
            return this.pos(item.key.range[0]);
          }
        }
      }
    }
    return this.at(path);
  }

  /** Key → position for each key of the map at `path` (empty when it is not a map). */
  keysOf(path: Path): Record<string, SourcePos> {
    const { node, depth } = this.nodeAt(path);
    const out: Record<string, SourcePos> = {};
    if (depth !== path.length || !isMap(node)) return out;
    for (const item of node.items) {
      if (isPair(item) && isScalar(item.key) && item.key.range) out[String(item.key.value)] = this.pos(item.key.range[0]);
    }
    return out;
  }

  /** Number of items of the sequence at `path`, or -1. */
  seqLength(path: Path): number {
    const { node, depth } = this.nodeAt(path);
    return depth === path.length && isSeq(node) ? node.items.length : -1;
  }
}

/**
 * The document's value, with aliases bounded: an alias bomb ("billion laughs") is a ConfigError at
 * the first alias, never an internal error or an exhausted heap.
 */
export function yamlToJs(doc: Document, lc: LineCounter, display: string, maxAliasCount: number): unknown {
  try {
    return doc.toJS({ maxAliasCount });
  } catch (e) {
    if (!(e instanceof ReferenceError) || !/alias/i.test(e.message)) throw e;
    let offset = 0;
    visit(doc, { Alias: (_, node) => ((offset = node.range?.[0] ?? 0), visit.BREAK) });
    const { line, col } = lc.linePos(offset);
    throw new ConfigError(`YAML aliases expand too far (${e.message.replace(/\.$/, '').toLowerCase()})`, {
      file: display,
      line,
      column: col,
      hint: `write the values out, or use fewer aliases (at most ${maxAliasCount} expansions)`,
    });
  }
}

/** A YAML parser message in words a user can act on (the parser gives up on very deep nesting). */
export function yamlSyntaxMessage(message: string): string {
  return /call stack/i.test(message) ? 'nested too deeply to read' : message;
}

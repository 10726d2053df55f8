import { isMap, isPair, isScalar, type Document, type LineCounter, type Node } from 'yaml';
import type { SourcePos } from '../types.js';

type Path = readonly (string | number)[];

export type Pos = ReturnType<typeof yamlPositions>;

/** Where values and keys of a parsed YAML document are written (1-based line and column). */
export function yamlPositions(doc: Document, lc: LineCounter, file: string): { at(path: Path): SourcePos; keyAt(path: Path): SourcePos } {
  const pos = (offset: number): SourcePos => {
    const { line, col } = lc.linePos(offset);
    return { file, line, column: col };
  };
  const nodeAt = (path: Path): { node: Node | null; depth: number } => {
    for (let d = path.length; d >= 0; d--) {
      const n = d === 0 ? (doc.contents as Node | null) : (doc.getIn(path.slice(0, d), true) as Node | undefined);
      if (n && typeof n === 'object' && 'range' in n && n.range) return { node: n, depth: d };
    }
    return { node: null, depth: 0 };
  };
  const at = (path: Path): SourcePos => {
    const { node } = nodeAt(path);
    return node?.range ? pos(node.range[0]) : { file, line: 1, column: 1 };
  };
  const keyAt = (path: Path): SourcePos => {
    if (path.length > 0) {
      const parent = nodeAt(path.slice(0, -1));
      const last = path[path.length - 1];
      if (parent.depth === path.length - 1 && isMap(parent.node)) {
        for (const item of parent.node.items) {
          if (isPair(item) && isScalar(item.key) && String(item.key.value) === String(last) && item.key.range) return pos(item.key.range[0]);
        }
      }
    }
    return at(path);
  };
  return { at, keyAt };
}

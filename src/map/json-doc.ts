import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { ConfigError } from '../errors.js';
import type { SourcePos } from '../types.js';
import { MAX_JSON_DEPTH, tooDeepAt } from '../util/json-depth.js';
import { LineIndex } from '../util/text.js';

type Path = readonly (string | number)[];

export interface Positions {
  at(path: Path): SourcePos;
  keyAt(path: Path): SourcePos;
}

/**
 * A JSON document read with the position of every value (JSONC tolerated: comments and trailing
 * commas are accepted and reported as `lenient`). Syntax errors and duplicate keys are one
 * ConfigError with file, line and column.
 */
export function parseJsonDoc(text: string, display: string, posFile: string): { data: unknown; lenient: boolean } & Positions {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (src.trim() === '') throw new ConfigError('the file is empty', { file: display, line: 1, column: 1 });
  const lines = new LineIndex(src);
  const pos = (offset: number): SourcePos => ({ file: posFile, ...toLineCol(lines.pos(offset)) });
  const errPos = (offset: number) => ({ file: display, ...toLineCol(lines.pos(offset)) });
  const deep = tooDeepAt(src);
  if (deep !== -1) throw new ConfigError(`nested more than ${MAX_JSON_DEPTH} levels deep`, { ...errPos(deep), hint: 'a map is a few levels deep; this file is not one' });
  const strict: ParseError[] = [];
  const tree = parseTree(src, strict, { allowTrailingComma: false, disallowComments: true });
  const lenientErrors: ParseError[] = [];
  const lenientTree = parseTree(src, lenientErrors, { allowTrailingComma: true, disallowComments: false });
  if (lenientErrors.length > 0 || !lenientTree) {
    const e = lenientErrors[0]!;
    throw new ConfigError(`JSON syntax error: ${describeJsonError(printParseErrorCode(e.error))}`, errPos(e.offset));
  }
  const root = tree && strict.length === 0 ? tree : lenientTree;
  checkDuplicateKeys(root, errPos);
  // The deepest node on a path; objects are indexed by key on first use, so a lookup costs the
  // path's length, not the object's size (findNodeAtLocation scans: quadratic over a big map).
  const index = new WeakMap<JsonNode, Map<string, JsonNode>>();
  const child = (n: JsonNode, seg: string | number): JsonNode | undefined => {
    if (n.type === 'array') return typeof seg === 'number' ? n.children?.[seg] : undefined;
    if (n.type !== 'object') return undefined;
    let keys = index.get(n);
    if (!keys) {
      keys = new Map();
      for (const p of n.children ?? []) if (p.children?.[0] && p.children[1]) keys.set(String(p.children[0].value), p.children[1]);
      index.set(n, keys);
    }
    return keys.get(String(seg));
  };
  const walk = (path: Path): { node: JsonNode; exact: boolean } => {
    let n = root;
    for (const seg of path) {
      const next = child(n, seg);
      if (!next) return { node: n, exact: false };
      n = next;
    }
    return { node: n, exact: true };
  };
  return {
    data: valueOf(root),
    lenient: strict.length > 0,
    at: (path) => pos(walk(path).node.offset),
    keyAt: (path) => {
      const { node, exact } = walk(path);
      const key = exact && path.length > 0 && node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
      return pos((key ?? node).offset);
    },
  };
}

function toLineCol(p: { line: number; column: number }): { line: number; column: number } {
  return { line: p.line, column: p.column };
}

/** The value of a node, built by us so that a duplicate key cannot hide (it is an error first). */
function valueOf(n: JsonNode): unknown {
  switch (n.type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const p of n.children ?? []) {
        const [k, v] = p.children ?? [];
        if (k && v) o[String(k.value)] = valueOf(v);
      }
      return o;
    }
    case 'array':
      return (n.children ?? []).map(valueOf);
    default:
      return n.value;
  }
}

function checkDuplicateKeys(n: JsonNode, errPos: (offset: number) => { file: string; line: number; column: number }): void {
  if (n.type === 'object') {
    const seen = new Map<string, number>();
    for (const p of n.children ?? []) {
      const k = p.children?.[0];
      if (!k) continue;
      const key = String(k.value);
      const first = seen.get(key);
      if (first !== undefined) {
        throw new ConfigError(`duplicate key "${key}" (first on line ${errPos(first).line})`, {
          ...errPos(k.offset),
          hint: 'JSON keeps only the last value of a duplicated key; merge the two entries',
        });
      }
      seen.set(key, k.offset);
    }
  }
  for (const c of n.children ?? []) checkDuplicateKeys(c, errPos);
}

function describeJsonError(code: string): string {
  const words: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'invalid number',
    PropertyNameExpected: 'a property name in double quotes was expected',
    ValueExpected: 'a value was expected',
    ColonExpected: "':' was expected",
    CommaExpected: "',' was expected",
    CloseBraceExpected: "'}' was expected",
    CloseBracketExpected: "']' was expected",
    EndOfFileExpected: 'the document should end here',
    UnexpectedEndOfString: 'unterminated string',
    UnexpectedEndOfNumber: 'unexpected end of number',
    InvalidUnicode: 'invalid unicode escape',
    InvalidEscapeCharacter: 'invalid escape character',
    InvalidCharacter: 'invalid character',
    UnexpectedEndOfComment: 'unterminated comment',
  };
  return words[code] ?? code;
}

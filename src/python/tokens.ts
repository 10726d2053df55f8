import { BYTES, DQ, FF, FMT, isIdentifierChar, isIdentifierStart, NL, prefixFlags, RAW, SQ, TAB } from './chars.js';
import { PyCursor } from './cursor.js';

/**
 * Python source as logical lines of tokens, for the readers that look at statements: settings
 * (src/config-values), migration files (src/migrations) and route declarations (src/routes).
 * Strings of every kind (prefixes r u b f t, triple quotes, f-strings with nested quotes) are
 * skipped by the cursor the import-graph scanner uses, then decoded; comments are dropped;
 * brackets and backslashes join physical lines, `;` splits statements. Each line knows its
 * indentation and the `def` / `class` block it sits in, so docstrings, comments and function
 * bodies are never mistaken for module-level code. Never throws: unterminated constructs end at
 * the end of their line (single quotes) or of the file.
 *
 * Offsets (`start`, `end`) index `pySource(text)`: the text without a byte-order mark and with
 * `\n` line endings, as Python reads it.
 */

export { pySource } from './cursor.js';

export type PyTokenType = 'name' | 'number' | 'string' | 'op';

export interface PyToken {
  type: PyTokenType;
  /** Source text of the token (a string token: with its prefix and quotes). */
  text: string;
  /** Decoded value of a string token (raw strings as written; f-strings: their literal text, braces kept). */
  value?: string;
  /** An f-string or t-string: its value holds code between braces. */
  fstring?: boolean;
  bytes?: boolean;
  /** 1-based line and column of the token's first character. */
  line: number;
  column: number;
  /** Offsets of the token in pySource(text): [start, end). */
  start: number;
  end: number;
}

export type PyScope = 'module' | 'class' | 'function';

export interface PyLine {
  tokens: PyToken[];
  /** Indentation of the statement (tabs to multiples of 8, as Python counts them). */
  indent: number;
  /** Line of the first token. */
  line: number;
  /** Innermost enclosing `def` or `class` body (other blocks inherit their parent's scope). */
  scope: PyScope;
  /** Name of the innermost enclosing class, when `scope` is 'class'. */
  className?: string;
  /** Inside a `def` body at any depth (also a class defined in a function). */
  inFunction: boolean;
}

const NUMBER = /(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)[jJlL]?/y;
const OPS3 = new Set(['**=', '//=', '>>=', '<<=', '...']);
const OPS2 = new Set(['->', ':=', '==', '!=', '<=', '>=', '**', '//', '<<', '>>', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=']);

/** Tokenize Python source into logical lines. */
export function tokenize(text: string): PyLine[] {
  const lines = new LineReader(text).run();
  assignScopes(lines);
  return lines;
}

class LineReader extends PyCursor {
  private readonly lines: PyLine[] = [];
  private cur: PyToken[] = [];
  /** Indentation of the logical line being read (-1: not known yet). */
  private indent = -1;

  run(): PyLine[] {
    const src = this.src;
    while (this.pos < this.n) {
      const p = this.pos;
      const c = src.charCodeAt(p);
      if (c === NL) {
        this.newline(p + 1);
        if (this.depth === 0) this.flush(-1);
        continue;
      }
      if (this.skipTrivia(c, p)) continue;
      if (this.indent < 0) this.indent = this.measureIndent(p);
      const line = this.lineNo;
      const column = p - this.lineStart + 1;
      if (isIdentifierStart(src, p)) {
        let q = p + 1;
        while (q < this.n && isIdentifierChar(src, q)) q++;
        const after = src.charCodeAt(q);
        const flags = after === SQ || after === DQ ? prefixFlags(src, p, q) : -1;
        if (flags >= 0) this.string(p, q, flags, line, column);
        else this.push('name', p, q, line, column);
        continue;
      }
      if (c === SQ || c === DQ) {
        this.string(p, p, 0, line, column);
        continue;
      }
      if ((c >= 48 && c <= 57) || (c === 46 && src.charCodeAt(p + 1) >= 48 && src.charCodeAt(p + 1) <= 57)) {
        NUMBER.lastIndex = p;
        const m = NUMBER.exec(src);
        this.push('number', p, m ? p + m[0].length : p + 1, line, column);
        continue;
      }
      if (c === 59 && this.depth === 0) {
        // `;` ends a statement; one that follows on the same line keeps its indentation
        this.pos++;
        this.flush(this.indent);
        continue;
      }
      const op = OPS3.has(src.slice(p, p + 3)) ? 3 : OPS2.has(src.slice(p, p + 2)) ? 2 : 1;
      if (c === 40 || c === 91 || c === 123) this.depth++;
      else if (c === 41 || c === 93 || c === 125) this.depth = Math.max(0, this.depth - 1);
      this.push('op', p, p + op, line, column);
    }
    this.flush(-1);
    return this.lines;
  }

  private push(type: PyTokenType, start: number, end: number, line: number, column: number): PyToken {
    const t: PyToken = { type, text: this.src.slice(start, end), line, column, start, end };
    this.cur.push(t);
    this.pos = end;
    return t;
  }

  /** A string whose prefix is src[start, quote) and whose opening quote is at `quote`. */
  private string(start: number, quote: number, flags: number, line: number, column: number): void {
    const src = this.src;
    const q = src.charCodeAt(quote);
    const len = src.charCodeAt(quote + 1) === q && src.charCodeAt(quote + 2) === q ? 3 : 1;
    this.pos = quote;
    this.skipString(flags);
    const end = this.pos;
    const closed = end - len >= quote + len && src.charCodeAt(end - 1) === q && (len === 1 || src.charCodeAt(end - 3) === q);
    const value = decodeString(src, quote + len, closed ? end - len : end, (flags & RAW) !== 0);
    const t = this.push('string', start, end, line, column);
    t.value = value;
    if (flags & FMT) t.fstring = true;
    if (flags & BYTES) t.bytes = true;
  }

  private flush(keepIndent: number): void {
    if (this.cur.length > 0) {
      this.lines.push({ tokens: this.cur, indent: this.indent, line: this.cur[0]!.line, scope: 'module', inFunction: false });
      this.cur = [];
    }
    this.indent = keepIndent;
  }

  /** Indentation of the physical line up to `p`, tabs to the next multiple of 8. */
  private measureIndent(p: number): number {
    let col = 0;
    for (let i = this.lineStart; i < p; i++) {
      const c = this.src.charCodeAt(i);
      if (c === TAB) col = (Math.floor(col / 8) + 1) * 8;
      else if (c === FF) col = 0;
      else col++;
    }
    return col;
  }
}

/** Each logical line's scope: the innermost `def` / `class` block it sits in. */
function assignScopes(lines: PyLine[]): void {
  const stack: { indent: number; scope: PyScope; className?: string; inFunction: boolean }[] = [];
  for (const l of lines) {
    while (stack.length > 0 && stack[stack.length - 1]!.indent >= l.indent) stack.pop();
    const parent = stack[stack.length - 1];
    l.scope = parent?.scope ?? 'module';
    if (parent?.className !== undefined) l.className = parent.className;
    l.inFunction = parent?.inFunction ?? false;
    const last = l.tokens[l.tokens.length - 1]!;
    if (last.type !== 'op' || last.text !== ':') continue;
    const t0 = l.tokens[0]!;
    const t1 = l.tokens[1];
    if (t0.type === 'name' && (t0.text === 'def' || (t0.text === 'async' && t1?.text === 'def'))) stack.push({ indent: l.indent, scope: 'function', inFunction: true });
    else if (t0.type === 'name' && t0.text === 'class' && t1?.type === 'name') stack.push({ indent: l.indent, scope: 'class', className: t1.text, inFunction: l.inFunction });
    else stack.push({ indent: l.indent, scope: l.scope, ...(l.className !== undefined ? { className: l.className } : {}), inFunction: l.inFunction });
  }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0' };
/** `\xHH`, `\uHHHH`, `\UHHHHHHHH`: the digits that follow. */
const HEX: Record<string, RegExp> = { x: /^[0-9a-fA-F]{2}/, u: /^[0-9a-fA-F]{4}/, U: /^[0-9a-fA-F]{8}/ };

/** The value of a string body src[start, end): escapes decoded unless raw; a backslash-newline joins lines. */
export function decodeString(src: string, start: number, end: number, raw: boolean): string {
  let i = src.indexOf('\\', start);
  if (i < 0 || i >= end) return src.slice(start, end);
  let value = src.slice(start, i);
  while (i < end) {
    const c = src[i]!;
    if (c !== '\\' || i + 1 >= end) {
      value += c;
      i++;
      continue;
    }
    const d = src[i + 1]!;
    const digits = HEX[d]?.exec(src.slice(i + 2, Math.min(end, i + 10)))?.[0];
    const code = digits ? parseInt(digits, 16) : -1;
    if (raw) value += c + d;
    else if (d === '\n') {
      // a line continuation inside the string
    } else if (code >= 0 && code <= 0x10ffff) {
      value += String.fromCodePoint(code);
      i += digits!.length;
    } else value += ESCAPES[d] ?? c + d;
    i += 2;
  }
  return value;
}

/**
 * A small Python tokenizer, enough to read settings and route declarations statically: strings
 * (all prefixes, triple quotes), comments, numbers, names and operators, grouped into logical
 * lines (brackets and backslashes join physical lines; `;` splits statements). Docstrings and
 * comments are therefore never mistaken for code. Shared by the config-value readers and the
 * FastAPI / Flask route discovery.
 */

export type PyTokenType = 'name' | 'number' | 'string' | 'op';

export interface PyToken {
  type: PyTokenType;
  /** Source text of the token. */
  text: string;
  /** Decoded value of a string token (f-strings: their literal text, braces kept). */
  value?: string;
  /** String prefix flags. */
  fstring?: boolean;
  bytes?: boolean;
  /** 1-based line and column of the token's first character. */
  line: number;
  column: number;
}

export type PyScope = 'module' | 'class' | 'function';

export interface PyLine {
  tokens: PyToken[];
  /** Column (0-based) of the first token: the statement's indentation. */
  indent: number;
  /** Line of the first token. */
  line: number;
  /** Innermost enclosing `def` or `class` body (other blocks inherit their parent's scope). */
  scope: PyScope;
}

const NAME_START_RE = /[\p{L}_]/u;
const NAME_REST_RE = /[\p{L}\p{N}_]/u;
const isNameStart = (c: string): boolean => {
  const k = c.charCodeAt(0);
  return (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || k === 95 || (k > 127 && NAME_START_RE.test(c));
};
const isNameRest = (c: string): boolean => {
  const k = c.charCodeAt(0);
  return (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || (k >= 48 && k <= 57) || k === 95 || (k > 127 && NAME_REST_RE.test(c));
};
const STRING_PREFIX = /^(?:[rRuUbBfF]|[rR][bBfF]|[bBfF][rR])$/;
const NUMBER = /(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)[jJlL]?/y;
const OPS3 = new Set(['**=', '//=', '>>=', '<<=', '...']);
const OPS2 = new Set(['->', ':=', '==', '!=', '<=', '>=', '**', '//', '<<', '>>', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=']);
const OPEN = '([{';
const CLOSE = ')]}';

/** Tokenize Python source into logical lines. Never throws: unterminated constructs end at EOF. */
export function lexPython(text: string): PyLine[] {
  const lines: PyLine[] = [];
  let cur: PyToken[] = [];
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  const n = text.length;
  let i = 0;

  const flush = (): void => {
    if (cur.length > 0) {
      lines.push({ tokens: cur, indent: cur[0]!.column - 1, line: cur[0]!.line, scope: 'module' });
      cur = [];
    }
  };

  while (i < n) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      lineStart = i + 1;
      i++;
      if (depth === 0) flush();
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\r' ? 3 : 2;
      line++;
      lineStart = i;
      continue;
    }
    const column = i - lineStart + 1;
    const startLine = line;
    if (isNameStart(c)) {
      let j = i + 1;
      while (j < n && isNameRest(text[j]!)) j++;
      const word = text.slice(i, j);
      if ((text[j] === '"' || text[j] === "'") && STRING_PREFIX.test(word)) {
        const r = readString(text, j, word.toLowerCase());
        for (let k = j; k < r.end; k++) {
          if (text[k] === '\n') {
            line++;
            lineStart = k + 1;
          }
        }
        cur.push({ type: 'string', text: text.slice(i, r.end), value: r.value, ...(r.f ? { fstring: true } : {}), ...(r.b ? { bytes: true } : {}), line: startLine, column });
        i = r.end;
        continue;
      }
      cur.push({ type: 'name', text: word, line: startLine, column });
      i = j;
      continue;
    }
    if (c === '"' || c === "'") {
      const r = readString(text, i, '');
      for (let k = i; k < r.end; k++) {
        if (text[k] === '\n') {
          line++;
          lineStart = k + 1;
        }
      }
      cur.push({ type: 'string', text: text.slice(i, r.end), value: r.value, line: startLine, column });
      i = r.end;
      continue;
    }
    if ((c >= '0' && c <= '9') || (c === '.' && text[i + 1]! >= '0' && text[i + 1]! <= '9')) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      const end = m ? i + m[0].length : i + 1;
      cur.push({ type: 'number', text: text.slice(i, end), line: startLine, column });
      i = end;
      continue;
    }
    if (c === ';' && depth === 0) {
      flush();
      i++;
      continue;
    }
    const op = OPS3.has(text.slice(i, i + 3)) ? text.slice(i, i + 3) : OPS2.has(text.slice(i, i + 2)) ? text.slice(i, i + 2) : c;
    if (OPEN.includes(op)) depth++;
    else if (CLOSE.includes(op)) depth = Math.max(0, depth - 1);
    cur.push({ type: 'op', text: op, line: startLine, column });
    i += op.length;
  }
  flush();
  assignScopes(lines);
  return lines;
}

/** Each logical line's scope: the innermost `def` / `class` block it sits in. */
function assignScopes(lines: PyLine[]): void {
  const stack: { indent: number; kind: PyScope }[] = [];
  for (const l of lines) {
    while (stack.length > 0 && stack[stack.length - 1]!.indent >= l.indent) stack.pop();
    const parent = stack.length > 0 ? stack[stack.length - 1]!.kind : 'module';
    l.scope = parent;
    const last = l.tokens[l.tokens.length - 1]!;
    if (last.type === 'op' && last.text === ':') {
      const t0 = l.tokens[0]!.text;
      const t1 = l.tokens[1]?.text;
      const kind: PyScope = t0 === 'def' || (t0 === 'async' && t1 === 'def') ? 'function' : t0 === 'class' ? 'class' : parent;
      stack.push({ indent: l.indent, kind });
    }
  }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** Read a string literal starting at the quote at `start`; returns its end and decoded value. */
function readString(text: string, start: number, prefix: string): { end: number; value: string; f: boolean; b: boolean } {
  const q = text[start]!;
  const triple = text.startsWith(q.repeat(3), start);
  const raw = prefix.includes('r');
  const f = prefix.includes('f');
  const b = prefix.includes('b');
  let i = start + (triple ? 3 : 1);
  let value = '';
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < n) {
      const d = text[i + 1]!;
      if (raw) {
        value += c + d;
      } else if (d === '\n') {
        // line continuation inside a string
      } else if (d === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4))) {
        value += String.fromCharCode(parseInt(text.slice(i + 2, i + 4), 16));
        i += 2;
      } else if (d === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        i += 4;
      } else {
        value += ESCAPES[d] ?? c + d;
      }
      i += 2;
      continue;
    }
    if (triple ? text.startsWith(q.repeat(3), i) : c === q) {
      return { end: i + (triple ? 3 : 1), value, f, b };
    }
    if (!triple && c === '\n') return { end: i, value, f, b };
    value += c;
    i++;
  }
  return { end: n, value, f, b };
}

/** Index of the bracket closing the one at `open` (within one logical line), or -1. */
export function closingIndex(tokens: readonly PyToken[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type !== 'op') continue;
    if (OPEN.includes(t.text)) depth++;
    else if (CLOSE.includes(t.text) && --depth === 0) return i;
  }
  return -1;
}

/** Split tokens[from, to) at top-level commas. */
export function splitTopLevel(tokens: readonly PyToken[], from: number, to: number, sep = ','): [number, number][] {
  const parts: [number, number][] = [];
  let depth = 0;
  let s = from;
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (t.type === 'string' || t.type === 'number') continue;
    if (t.type === 'op' && OPEN.includes(t.text)) depth++;
    else if (t.type === 'op' && CLOSE.includes(t.text)) depth--;
    else if (t.text === sep && depth === 0) {
      parts.push([s, i]);
      s = i + 1;
    }
  }
  if (s < to) parts.push([s, to]);
  return parts;
}

export interface PyArgs {
  positional: [number, number][];
  keywords: Map<string, [number, number]>;
}

/** The arguments of a call whose `(` is at `open` and `)` at `close`. */
export function callArgs(tokens: readonly PyToken[], open: number, close: number): PyArgs {
  const positional: [number, number][] = [];
  const keywords = new Map<string, [number, number]>();
  for (const [s, e] of splitTopLevel(tokens, open + 1, close)) {
    const a = tokens[s]!;
    const b = tokens[s + 1];
    if (a.type === 'name' && b?.type === 'op' && b.text === '=' && e > s + 2) keywords.set(a.text, [s + 2, e]);
    else if (a.type === 'op' && (a.text === '*' || a.text === '**')) continue;
    else positional.push([s, e]);
  }
  return { positional, keywords };
}

/** A dotted name `a.b.c` starting at `i`: its parts and the index after it. */
export function dottedAt(tokens: readonly PyToken[], i: number): { parts: string[]; end: number } | null {
  if (tokens[i]?.type !== 'name') return null;
  const parts = [tokens[i]!.text];
  let j = i + 1;
  while (tokens[j]?.type === 'op' && tokens[j]!.text === '.' && tokens[j + 1]?.type === 'name') {
    parts.push(tokens[j + 1]!.text);
    j += 2;
  }
  return { parts, end: j };
}

/**
 * A small static reader of Python source: enough to read the assignments, imports and class
 * bodies of migration files without running Python. It tokenizes (strings, comments, brackets,
 * line continuations), splits logical lines, and evaluates literal right-hand sides: strings
 * (adjacent ones concatenated), None, tuples, lists, and names (to be resolved elsewhere).
 * Anything else (calls, arithmetic, f-strings) is kept as `other` with its source text.
 */

export type PyValue =
  | { k: 'str'; v: string; line: number; column: number }
  | { k: 'none'; line: number; column: number }
  | { k: 'seq'; items: PyValue[]; line: number; column: number }
  | { k: 'name'; v: string; line: number; column: number }
  | { k: 'other'; text: string; line: number; column: number };

export interface PyAssignment {
  name: string;
  value: PyValue;
  line: number;
  column: number;
  /** Innermost enclosing class (`Migration`), or '' at module level; assignments in functions are not kept. */
  scope: string;
}

/** `from <module> import <name> as <alias>` or `import <module> as <alias>` (name '' for plain imports). */
export interface PyImport {
  /** Dotted module with its leading dots for relative imports (`..pkg.mod`). */
  module: string;
  name: string;
  alias: string;
  line: number;
}

export interface PyModule {
  assignments: PyAssignment[];
  imports: PyImport[];
  classes: { name: string; line: number }[];
  /** The first line of the module docstring, when there is one. */
  docstring?: string;
}

interface Tok {
  t: 'name' | 'str' | 'num' | 'op';
  v: string;
  line: number;
  column: number;
  /** Offsets of the token in the source: [s, e). */
  s: number;
  e: number;
  /** An f-string (or bytes): not a constant. */
  dynamic?: boolean;
}

interface LogicalLine {
  indent: number;
  toks: Tok[];
}

const NAME_START = /[\p{L}\p{Nl}_]/u;
const NAME_PART = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_]/u;
const OPS3 = ['**=', '//=', '>>=', '<<=', '...'];
const OPS2 = ['==', '!=', '<=', '>=', ':=', '->', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=', '**', '//', '<<', '>>'];
const STRING_PREFIX = /^(?:[rRuUbBfF]|[rR][bBfF]|[bBfF][rR])?(?='|")/;

/** Split Python source into logical lines of tokens. Never throws: unterminated strings end the file. */
export function tokenize(src: string): LogicalLine[] {
  const lines: LogicalLine[] = [];
  let toks: Tok[] = [];
  let depth = 0;
  let indent = -1;
  let line = 1;
  let lineStart = 0;
  let i = 0;
  let i0 = 0;
  const n = src.length;
  const flush = (): void => {
    if (toks.length) lines.push({ indent: Math.max(indent, 0), toks });
    toks = [];
    indent = -1;
  };
  const push = (tok: Tok): void => {
    if (indent < 0) indent = tok.column - 1;
    toks.push(tok);
  };
  while (i < n) {
    const c = src[i]!;
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
      while (i < n && src[i] !== '\n') i++;
      continue;
    }
    if (c === '\\' && (src[i + 1] === '\n' || (src[i + 1] === '\r' && src[i + 2] === '\n'))) {
      i += src[i + 1] === '\r' ? 2 : 1; // the newline is skipped below without ending the line
      line++;
      lineStart = i + 1;
      i++;
      continue;
    }
    const column = i - lineStart + 1;
    const prefix = STRING_PREFIX.exec(src.slice(i, i + 3));
    if (prefix) {
      const p = prefix[0].toLowerCase();
      const q = src[i + p.length]!;
      const triple = src.startsWith(q.repeat(3), i + p.length);
      const close = triple ? q.repeat(3) : q;
      let j = i + p.length + close.length;
      let body = '';
      const startLine = line;
      while (j < n) {
        const d = src[j]!;
        if (d === '\\' && j + 1 < n) {
          const e = src[j + 1]!;
          if (e === '\n') {
            line++;
            lineStart = j + 2;
          }
          body += p.includes('r') ? d + e : unescape(e);
          j += 2;
          continue;
        }
        if (src.startsWith(close, j)) break;
        if (d === '\n') {
          if (!triple) break; // unterminated single-quoted string: stop at the line end
          line++;
          lineStart = j + 1;
        }
        body += d;
        j++;
      }
      i0 = i;
      i = src.startsWith(close, j) ? j + close.length : j;
      push({ t: 'str', v: body, line: startLine, column, s: i0, e: i, ...(p.includes('f') || p.includes('b') ? { dynamic: true } : {}) });
      continue;
    }
    if (NAME_START.test(c)) {
      let j = i + 1;
      while (j < n && NAME_PART.test(src[j]!)) j++;
      push({ t: 'name', v: src.slice(i, j), line, column, s: i, e: j });
      i = j;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < n && /[0-9A-Za-z_.]/.test(src[j]!)) j++;
      push({ t: 'num', v: src.slice(i, j), line, column, s: i, e: j });
      i = j;
      continue;
    }
    const op = OPS3.find((o) => src.startsWith(o, i)) ?? OPS2.find((o) => src.startsWith(o, i)) ?? c;
    if (op === '(' || op === '[' || op === '{') depth++;
    else if ((op === ')' || op === ']' || op === '}') && depth > 0) depth--;
    if (op === ';' && depth === 0) {
      const ind = indent;
      flush();
      indent = -1;
      // the next statement on this line keeps the line's indentation
      i++;
      if (ind >= 0) {
        const rest = src.slice(i).match(/^[ \t]*/)![0].length;
        if (src[i + rest] !== '\n' && src[i + rest] !== '#' && i + rest < n) indent = ind;
      }
      continue;
    }
    push({ t: 'op', v: op, line, column, s: i, e: i + op.length });
    i += op.length;
  }
  flush();
  return lines;
}

function unescape(e: string): string {
  switch (e) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    case '0':
      return '\0';
    case '\n':
      return '';
    default:
      return e;
  }
}

/** Read a module's assignments (module level and class bodies), imports and classes. */
export function readPython(src: string): PyModule {
  const mod: PyModule = { assignments: [], imports: [], classes: [] };
  const blocks: { indent: number; scope: string | null }[] = []; // null: a function body
  let first = true;
  for (const ll of tokenize(src)) {
    while (blocks.length && blocks[blocks.length - 1]!.indent >= ll.indent) blocks.pop();
    const inner = blocks[blocks.length - 1];
    const inFunction = blocks.some((b) => b.scope === null);
    const scope = inner?.scope ?? '';
    const t = ll.toks;
    const head = t[0]!;
    if (first && head.t === 'str' && t.every((x) => x.t === 'str') && !head.dynamic) {
      mod.docstring = t.map((x) => x.v).join('').trim().split('\n')[0]!.trim();
    }
    first = false;
    if (head.t === 'name' && (head.v === 'def' || (head.v === 'async' && t[1]?.v === 'def'))) {
      blocks.push({ indent: ll.indent, scope: null });
      continue;
    }
    if (head.t === 'name' && head.v === 'class' && t[1]?.t === 'name') {
      blocks.push({ indent: ll.indent, scope: inFunction ? null : t[1].v });
      if (!inFunction) mod.classes.push({ name: t[1].v, line: head.line });
      continue;
    }
    if (inFunction) continue;
    if (head.t === 'name' && (head.v === 'from' || head.v === 'import') && scope === '') {
      mod.imports.push(...readImport(t));
      continue;
    }
    const a = readAssignment(t, src);
    if (a) for (const name of a.targets) mod.assignments.push({ name: name.v, value: a.value, line: name.line, column: name.column, scope });
  }
  return mod;
}

function readImport(t: Tok[]): PyImport[] {
  const line = t[0]!.line;
  const out: PyImport[] = [];
  if (t[0]!.v === 'import') {
    // import a.b.c [as d], e
    for (const part of splitTop(t.slice(1))) {
      const names = part.filter((x) => x.t === 'name' || x.v === '.');
      const asAt = names.findIndex((x) => x.v === 'as');
      const dotted = (asAt >= 0 ? names.slice(0, asAt) : names).map((x) => x.v).join('');
      if (!dotted) continue;
      const alias = asAt >= 0 ? names[asAt + 1]?.v : dotted.split('.')[0];
      if (alias) out.push({ module: asAt >= 0 ? dotted : dotted.split('.')[0]!, name: '', alias, line });
      // `import a.b` binds `a`, through which `a.b.X` is reached: keep the full module too
      if (asAt < 0 && dotted.includes('.')) out.push({ module: dotted, name: '', alias: dotted, line });
    }
    return out;
  }
  const importAt = t.findIndex((x) => x.t === 'name' && x.v === 'import');
  if (importAt < 0) return out;
  const module = t.slice(1, importAt).map((x) => x.v).join('');
  const names = t.slice(importAt + 1).filter((x) => x.v !== '(' && x.v !== ')');
  for (const part of splitTop(names)) {
    const name = part[0]?.v;
    if (!name || name === '*') continue;
    const alias = part[1]?.v === 'as' && part[2] ? part[2].v : name;
    out.push({ module, name, alias, line });
  }
  return out;
}

/** `a = b = value` / `a: T = value`: the plain-name targets and the value, or null. */
function readAssignment(t: Tok[], src: string): { targets: Tok[]; value: PyValue } | null {
  const eqs: number[] = [];
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    const v = t[i]!.t === 'op' ? t[i]!.v : '';
    if (v === '(' || v === '[' || v === '{') depth++;
    else if (v === ')' || v === ']' || v === '}') depth--;
    else if (v === '=' && depth === 0) eqs.push(i);
  }
  if (eqs.length === 0) return null;
  const targets: Tok[] = [];
  let from = 0;
  for (const at of eqs) {
    const seg = t.slice(from, at);
    if (seg.length === 1 && seg[0]!.t === 'name') targets.push(seg[0]!);
    else if (seg.length >= 2 && seg[0]!.t === 'name' && seg[1]!.v === ':' && eqs.length === 1) targets.push(seg[0]!); // annotated
    else return null;
    from = at + 1;
  }
  const rhs = t.slice(eqs[eqs.length - 1]! + 1);
  if (rhs.length === 0) return null;
  return { targets, value: parseValue(rhs, src) };
}

/** Split tokens at top-level commas. */
function splitTop(t: Tok[]): Tok[][] {
  const parts: Tok[][] = [[]];
  let depth = 0;
  for (const x of t) {
    if (x.t === 'op' && (x.v === '(' || x.v === '[' || x.v === '{')) depth++;
    else if (x.t === 'op' && (x.v === ')' || x.v === ']' || x.v === '}')) depth--;
    if (x.t === 'op' && x.v === ',' && depth === 0) parts.push([]);
    else parts[parts.length - 1]!.push(x);
  }
  return parts;
}

/** Evaluate an expression's tokens (no brackets left open) to a PyValue. */
export function parseValue(t: Tok[], src: string): PyValue {
  const parts = splitTop(t);
  const at = { line: t[0]!.line, column: t[0]!.column };
  if (parts.length > 1) {
    const items = parts.filter((p) => p.length > 0).map((p) => parseItem(p, src));
    return { k: 'seq', items, ...at };
  }
  return parseItem(t, src);
}

function parseItem(t: Tok[], src: string): PyValue {
  const first = t[0]!;
  const at = { line: first.line, column: first.column };
  const text = (): string => src.slice(first.s, t[t.length - 1]!.e).replace(/\s+/g, ' ');
  if (t.every((x) => x.t === 'str')) {
    if (t.some((x) => x.dynamic)) return { k: 'other', text: text(), ...at };
    return { k: 'str', v: t.map((x) => x.v).join(''), ...at };
  }
  if (t.length === 1 && first.t === 'name') {
    if (first.v === 'None') return { k: 'none', ...at };
    if (first.v === 'True' || first.v === 'False') return { k: 'other', text: first.v, ...at };
    return { k: 'name', v: first.v, ...at };
  }
  if (first.t === 'name' && t.length % 2 === 1 && t.every((x, i) => (i % 2 === 0 ? x.t === 'name' : x.v === '.'))) {
    return { k: 'name', v: t.map((x) => x.v).join(''), ...at };
  }
  const last = t[t.length - 1]!;
  const pair: Record<string, string> = { '(': ')', '[': ']' };
  if (first.t === 'op' && pair[first.v] === last.v && closes(t)) {
    const inner = t.slice(1, -1);
    if (inner.length === 0) return { k: 'seq', items: [], ...at };
    const parts = splitTop(inner);
    if (first.v === '(' && parts.length === 1) return parseItem(inner, src); // a parenthesized value
    return { k: 'seq', items: parts.filter((p) => p.length > 0).map((p) => parseItem(p, src)), ...at };
  }
  return { k: 'other', text: text(), ...at };
}

/** True when the first token's bracket closes at the last token. */
function closes(t: Tok[]): boolean {
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    const v = t[i]!.t === 'op' ? t[i]!.v : '';
    if (v === '(' || v === '[' || v === '{') depth++;
    else if (v === ')' || v === ']' || v === '}') {
      depth--;
      if (depth === 0 && i < t.length - 1) return false;
    }
  }
  return depth === 0;
}

/** Source-like text of a value, for messages. */
export function showValue(v: PyValue): string {
  switch (v.k) {
    case 'str':
      return JSON.stringify(v.v);
    case 'none':
      return 'None';
    case 'name':
      return v.v;
    case 'seq':
      return `(${v.items.map(showValue).join(', ')}${v.items.length === 1 ? ',' : ''})`;
    default:
      return v.text;
  }
}

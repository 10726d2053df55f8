/**
 * A small JavaScript / TypeScript tokenizer: strings, template literals (nested `${}`), comments,
 * regular expression literals (told from division by the previous token), numbers, names and
 * punctuators, each with its line and column. Enough to read config objects, `process.env`
 * fallbacks, Express routes and Next.js route exports without a full parser.
 */

export type JsTokenType = 'name' | 'string' | 'template' | 'number' | 'regex' | 'punct';

export interface JsToken {
  type: JsTokenType;
  text: string;
  /** Cooked value of a string, or of a template literal without substitutions. */
  value?: string;
  line: number;
  column: number;
  /** A line break comes before this token (for automatic semicolon insertion). */
  nl: boolean;
}

const PUNCT4 = new Set(['>>>=']);
const PUNCT3 = new Set(['...', '===', '!==', '**=', '<<=', '>>=', '>>>', '&&=', '||=', '??=']);
const PUNCT2 = new Set(['=>', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '++', '--', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '**', '<<', '>>']);
const REGEX_AFTER_WORDS = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'instanceof', 'yield', 'await']);
const NAME_START_RE = /[\p{L}_$#]/u;
const NAME_REST_RE = /[\p{L}\p{N}_$\u200c\u200d]/u;
const isNameStart = (c: string): boolean => {
  const k = c.charCodeAt(0);
  return (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || k === 95 || k === 36 || k === 35 || (k > 127 && NAME_START_RE.test(c));
};
const isNameRest = (c: string): boolean => {
  const k = c.charCodeAt(0);
  return (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || (k >= 48 && k <= 57) || k === 95 || k === 36 || (k > 127 && NAME_REST_RE.test(c));
};
const NUMBER = /(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)n?/y;
const ESC: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

export function lexJs(text: string): JsToken[] {
  const out: JsToken[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let nl = true;

  const advanceTo = (end: number): void => {
    for (let k = i; k < end; k++) {
      if (text.charCodeAt(k) === 10) {
        line++;
        lineStart = k + 1;
        nl = true;
      }
    }
    i = end;
  };
  const regexAllowed = (): boolean => {
    const p = out[out.length - 1];
    if (!p) return true;
    if (p.type === 'punct') return !(p.text === ')' || p.text === ']' || p.text === '}' || p.text === '++' || p.text === '--');
    if (p.type === 'name') return REGEX_AFTER_WORDS.has(p.text);
    return false;
  };

  while (i < n) {
    const c = text[i]!;
    if (c === '\n') {
      advanceTo(i + 1);
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v' || c === '\ufeff' || c === '\u00a0') {
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      advanceTo(end < 0 ? n : end + 2);
      continue;
    }
    const tok = { line, column: i - lineStart + 1, nl };
    nl = false;
    if (c === '"' || c === "'") {
      const r = readQuoted(text, i);
      out.push({ type: 'string', text: text.slice(i, r.end), value: r.value, ...tok });
      advanceTo(r.end);
      continue;
    }
    if (c === '`') {
      const r = readTemplate(text, i);
      out.push({ type: 'template', text: text.slice(i, r.end), ...(r.value !== undefined ? { value: r.value } : {}), ...tok });
      advanceTo(r.end);
      continue;
    }
    if ((c >= '0' && c <= '9') || (c === '.' && text[i + 1]! >= '0' && text[i + 1]! <= '9')) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      const end = m ? i + m[0].length : i + 1;
      out.push({ type: 'number', text: text.slice(i, end), ...tok });
      i = end;
      continue;
    }
    if (isNameStart(c) || (c === '\\' && text[i + 1] === 'u')) {
      let j = i + 1;
      while (j < n && (isNameRest(text[j]!) || text[j] === '\\')) j++;
      out.push({ type: 'name', text: text.slice(i, j), ...tok });
      i = j;
      continue;
    }
    if (c === '/' && regexAllowed()) {
      const end = readRegex(text, i);
      if (end > 0) {
        out.push({ type: 'regex', text: text.slice(i, end), ...tok });
        i = end;
        continue;
      }
    }
    const p = PUNCT4.has(text.slice(i, i + 4)) ? '>>>=' : PUNCT3.has(text.slice(i, i + 3)) ? text.slice(i, i + 3) : PUNCT2.has(text.slice(i, i + 2)) ? text.slice(i, i + 2) : c;
    out.push({ type: 'punct', text: p, ...tok });
    i += p.length;
  }
  return out;
}

function readQuoted(text: string, start: number): { end: number; value: string } {
  const q = text[start]!;
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\') {
      const d = text[i + 1] ?? '';
      if (d === '\n') i += 2;
      else if (d === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
      } else if (d === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4))) {
        value += String.fromCharCode(parseInt(text.slice(i + 2, i + 4), 16));
        i += 4;
      } else {
        value += ESC[d] ?? d;
        i += 2;
      }
      continue;
    }
    if (c === q) return { end: i + 1, value };
    if (c === '\n') return { end: i, value };
    value += c;
    i++;
  }
  return { end: text.length, value };
}

/** A template literal; `value` only when it has no substitutions. */
function readTemplate(text: string, start: number): { end: number; value?: string } {
  let value = '';
  let subst = false;
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\') {
      const d = text[i + 1] ?? '';
      value += ESC[d] ?? d;
      i += 2;
      continue;
    }
    if (c === '`') return subst ? { end: i + 1 } : { end: i + 1, value };
    if (c === '$' && text[i + 1] === '{') {
      subst = true;
      i = skipBraces(text, i + 1);
      continue;
    }
    value += c;
    i++;
  }
  return { end: text.length };
}

/** From a `{`, the index after its matching `}`, skipping strings, templates and comments. */
function skipBraces(text: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    } else if (c === '"' || c === "'") {
      i = readQuoted(text, i).end;
      continue;
    } else if (c === '`') {
      i = readTemplate(text, i).end;
      continue;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
      continue;
    }
    i++;
  }
  return text.length;
}

/** End of a regular expression literal starting at `start`, or -1 when it is not one. */
function readRegex(text: string, start: number): number {
  let i = start + 1;
  let inClass = false;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') return -1;
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) {
      i++;
      while (i < text.length && /[a-z]/i.test(text[i]!)) i++;
      return i;
    }
    i++;
  }
  return -1;
}

const OPEN = '([{';
const CLOSE = ')]}';

/** Index of the bracket closing the one at `open`, or -1. */
export function jsClosing(tokens: readonly JsToken[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type !== 'punct') continue;
    if (OPEN.includes(t.text)) depth++;
    else if (CLOSE.includes(t.text) && --depth === 0) return i;
  }
  return -1;
}

/** Split tokens[from, to) at top-level commas. */
export function jsSplit(tokens: readonly JsToken[], from: number, to: number): [number, number][] {
  const parts: [number, number][] = [];
  let depth = 0;
  let s = from;
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (t.type !== 'punct') continue;
    if (OPEN.includes(t.text)) depth++;
    else if (CLOSE.includes(t.text)) depth--;
    else if (t.text === ',' && depth === 0) {
      parts.push([s, i]);
      s = i + 1;
    }
  }
  if (s < to) parts.push([s, to]);
  return parts;
}

/** The static string of a token (string, or template without substitutions), or undefined. */
export function jsString(t: JsToken | undefined): string | undefined {
  return t && (t.type === 'string' || t.type === 'template') ? t.value : undefined;
}

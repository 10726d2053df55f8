import { closingIndex, splitTopLevel } from './spans.js';
import type { PyToken } from './tokens.js';

/**
 * A Python expression read as a literal, statically: strings (adjacent ones joined), numbers,
 * None / True / False, tuples, lists and sets of them, dotted names (for the caller to look up),
 * and `other` for everything else (calls, operators, dicts, comprehensions), which a caller may
 * read further from its token span. Every node keeps its span [s, e) of the line's tokens.
 * Shared by the settings reader (src/config-values) and the migration reader (src/migrations).
 */
export type PyLiteral = (
  | { k: 'str'; v: string; fstring: boolean; bytes: boolean }
  | { k: 'num'; v: number }
  | { k: 'bool'; v: boolean }
  | { k: 'none' }
  | { k: 'seq'; open: '(' | '[' | '{'; items: PyLiteral[] }
  | { k: 'name'; v: string }
  | { k: 'other' }
) & { s: number; e: number };

/** Deeper nesting than this is `other` (no deep recursion on hostile input). */
const MAX_DEPTH = 64;

/** The literal tokens[s, e) spell; a top-level comma makes a tuple (`x = "a", "b"`). */
export function literalAt(tokens: readonly PyToken[], s: number, e: number, depth = 0): PyLiteral {
  if (s >= e || depth > MAX_DEPTH) return { k: 'other', s, e };
  const parts = splitTopLevel(tokens, s, e);
  if (parts.length > 1 || tokens[e - 1]!.text === ',') {
    return { k: 'seq', open: '(', items: parts.filter(([a, b]) => b > a).map(([a, b]) => itemAt(tokens, a, b, depth + 1)), s, e };
  }
  return itemAt(tokens, s, e, depth);
}

function itemAt(tokens: readonly PyToken[], s: number, e: number, depth: number): PyLiteral {
  if (depth > MAX_DEPTH) return { k: 'other', s, e };
  const t = tokens[s]!;
  if (t.type === 'string') {
    let v = '';
    let fstring = false;
    let bytes = false;
    for (let i = s; i < e; i++) {
      const x = tokens[i]!;
      if (x.type !== 'string') return { k: 'other', s, e };
      v += x.value!;
      fstring ||= x.fstring === true;
      bytes ||= x.bytes === true;
    }
    return { k: 'str', v, fstring, bytes, s, e };
  }
  if (t.type === 'number' && e === s + 1) return numberAt(t.text, 1, s, e);
  if (t.type === 'op' && (t.text === '-' || t.text === '+') && e === s + 2 && tokens[s + 1]!.type === 'number') {
    return numberAt(tokens[s + 1]!.text, t.text === '-' ? -1 : 1, s, e);
  }
  if (t.type === 'name') {
    if (e === s + 1 && t.text === 'None') return { k: 'none', s, e };
    if (e === s + 1 && (t.text === 'True' || t.text === 'False')) return { k: 'bool', v: t.text === 'True', s, e };
    let j = s + 1;
    while (j + 1 < e && tokens[j]!.text === '.' && tokens[j + 1]!.type === 'name') j += 2;
    if (j === e)
      return {
        k: 'name',
        v: tokens
          .slice(s, e)
          .map((x) => x.text)
          .join(''),
        s,
        e,
      };
    return { k: 'other', s, e };
  }
  if (t.type === 'op' && (t.text === '(' || t.text === '[' || t.text === '{') && closingIndex(tokens, s) === e - 1) {
    const close = e - 1;
    const parts = splitTopLevel(tokens, s + 1, close);
    // `(x)` is x; `(x,)` a tuple
    if (t.text === '(' && parts.length === 1 && tokens[close - 1]!.text !== ',') return itemAt(tokens, s + 1, close, depth + 1);
    // dicts (and `{}`, an empty one) are no literals here
    if (t.text === '{' && (parts.length === 0 || parts.some(([a, b]) => splitTopLevel(tokens, a, b, ':').length > 1))) return { k: 'other', s, e };
    return { k: 'seq', open: t.text, items: parts.filter(([a, b]) => b > a).map(([a, b]) => itemAt(tokens, a, b, depth + 1)), s, e };
  }
  return { k: 'other', s, e };
}

function numberAt(text: string, sign: number, s: number, e: number): PyLiteral {
  const v = parseNumber(text);
  return v === null ? { k: 'other', s, e } : { k: 'num', v: sign * v, s, e };
}

/** The value of a number token (`1_000`, `0x1F`, `0o17`, `0b101`, `1.5e3`); null for complex numbers. */
export function parseNumber(s: string): number | null {
  const t = s.replace(/_/g, '').replace(/[lL]$/, '');
  if (/[jJ]$/.test(t)) return null;
  const v = /^0[oO]/.test(t) ? parseInt(t.slice(2), 8) : /^0[bB]/.test(t) ? parseInt(t.slice(2), 2) : Number(t);
  return Number.isFinite(v) ? v : null;
}

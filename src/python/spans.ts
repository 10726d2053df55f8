import type { PyToken } from './tokens.js';

/**
 * Spans of a logical line's tokens: brackets, top-level separators, call arguments, dotted names,
 * assignment targets. Indexes are into the line's token array; a span is [start, end).
 */

export type Span = [number, number];

const isOpen = (t: PyToken): boolean => t.type === 'op' && (t.text === '(' || t.text === '[' || t.text === '{');
const isClose = (t: PyToken): boolean => t.type === 'op' && (t.text === ')' || t.text === ']' || t.text === '}');

/** Index of the bracket closing the one at `open` (within one logical line), or -1. */
export function closingIndex(tokens: readonly PyToken[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (isOpen(t)) depth++;
    else if (isClose(t) && --depth === 0) return i;
  }
  return -1;
}

/** Split tokens[from, to) at top-level `sep` (a comma unless told: `or`, `=`…). */
export function splitTopLevel(tokens: readonly PyToken[], from: number, to: number, sep = ','): Span[] {
  const parts: Span[] = [];
  let depth = 0;
  let s = from;
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (t.type === 'string' || t.type === 'number') continue;
    if (isOpen(t)) depth++;
    else if (isClose(t)) depth--;
    else if (t.text === sep && depth === 0) {
      parts.push([s, i]);
      s = i + 1;
    }
  }
  if (s < to) parts.push([s, to]);
  return parts;
}

/** Indexes of the `=` at bracket depth 0 (assignments; `==`, `<=`… are tokens of their own). */
export function topLevelEquals(tokens: readonly PyToken[]): number[] {
  const eqs: number[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (isOpen(t)) depth++;
    else if (isClose(t)) depth--;
    else if (depth === 0 && t.type === 'op' && t.text === '=') eqs.push(i);
  }
  return eqs;
}

/** End of a value inside brackets starting at `s`: the next `,` or closing bracket at its own depth. */
export function valueEnd(tokens: readonly PyToken[], s: number): number {
  let depth = 0;
  for (let i = s; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (isOpen(t)) depth++;
    else if (isClose(t)) {
      if (depth === 0) return i;
      depth--;
    } else if (depth === 0 && t.type === 'op' && t.text === ',') return i;
  }
  return tokens.length;
}

export interface PyArgs {
  positional: Span[];
  keywords: Map<string, Span>;
}

/** The arguments of a call whose `(` is at `open` and `)` at `close`. */
export function callArgs(tokens: readonly PyToken[], open: number, close: number): PyArgs {
  const positional: Span[] = [];
  const keywords = new Map<string, Span>();
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

/** Readable text of tokens[s, e), for messages about values that are not literals. */
export function tokensText(tokens: readonly PyToken[], s: number, e: number): string {
  let out = '';
  for (let i = s; i < e; i++) {
    const t = tokens[i]!;
    const prev = tokens[i - 1];
    const tight = i === s || '.([,)]:'.includes(t.text) || (prev && '.(['.includes(prev.text));
    out += (tight ? '' : ' ') + t.text;
  }
  return out;
}

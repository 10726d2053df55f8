/**
 * Character classes and codes of Python source, shared by the import-graph lexer
 * (src/graph/python-lex.ts), the string cursor (cursor.ts) and the logical-line tokenizer
 * (tokens.ts). Character codes in, no allocation: the graph's scanner calls these per character.
 */

export const NL = 10;
export const SPACE = 32;
export const TAB = 9;
export const FF = 12;
export const HASH = 35;
export const BSLASH = 92;
export const SQ = 39;
export const DQ = 34;
export const LBRACE = 123;
export const RBRACE = 125;

/** A name may start here: ASCII letters and `_`, and any non-ASCII character (enough to skip names fast). */
export function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c > 127;
}
export function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

const ID_START = /[\p{L}\p{Nl}_]/u;
const ID_CONTINUE = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_]/u;

/** Precisely an identifier's first character (Unicode letters beyond ASCII), for readers that keep names. */
export function isIdentifierStart(src: string, i: number): boolean {
  const c = src.charCodeAt(i);
  return c <= 127 ? isNameStart(c) : ID_START.test(src[i]!);
}
export function isIdentifierChar(src: string, i: number): boolean {
  const c = src.charCodeAt(i);
  return c <= 127 ? isNameChar(c) : ID_CONTINUE.test(src[i]!);
}

export const RAW = 1;
/** f-strings and t-strings: their `{…}` hold code. */
export const FMT = 2;
export const BYTES = 4;

/**
 * The string prefix src[start, end) as flags (RAW, FMT, BYTES; 0 for `u` alone), or -1 when it is
 * no prefix Python accepts: one of r u b f t, or r with one of b f t, in any order and case.
 */
export function prefixFlags(src: string, start: number, end: number): number {
  const len = end - start;
  if (len === 1) return prefixLetter(src.charCodeAt(start) | 32);
  if (len !== 2) return -1;
  const a = prefixLetter(src.charCodeAt(start) | 32);
  const b = prefixLetter(src.charCodeAt(start + 1) | 32);
  if (a < 0 || b < 0 || (a === RAW) === (b === RAW) || ((a | b) & (FMT | BYTES)) === 0) return -1;
  return a | b;
}

function prefixLetter(c: number): number {
  if (c === 114) return RAW; // r
  if (c === 102 || c === 116) return FMT; // f t
  if (c === 98) return BYTES; // b
  return c === 117 ? 0 : -1; // u
}

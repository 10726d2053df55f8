/** Character classes and codes shared by the Python cursor and lexer. */

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

export function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c > 127;
}
export function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** String prefix letters (any case, any order, up to 2): r u b f t. Returns flags or -1. */
export function prefixFlags(src: string, start: number, end: number): number {
  const len = end - start;
  if (len > 2) return -1;
  let flags = 0;
  for (let i = start; i < end; i++) {
    const c = src.charCodeAt(i) | 32; // lower case
    if (c === 114) flags |= RAW;
    else if (c === 102 || c === 116) flags |= FMT;
    else if (c !== 117 && c !== 98) return -1;
  }
  return flags;
}
export const RAW = 1;
export const FMT = 2;


import { BSLASH, DQ, FF, FMT, HASH, isNameChar, isNameStart, LBRACE, NL, prefixFlags, RAW, RBRACE, SPACE, SQ, TAB } from './chars.js';

/**
 * A position in Python source that can skip what never holds code: comments and strings of every
 * kind (prefixes, triple quotes, raw strings, f-strings and t-strings with nested replacement
 * fields, including PEP 701 quote reuse), counting lines as it goes. The import-graph lexer
 * (src/graph/python-lex.ts) and the logical-line tokenizer (tokens.ts) build on it.
 */

/** Source as Python reads it: without a byte-order mark, every line ending a `\n`. Offsets of tokens index this text. */
export function pySource(text: string): string {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return s.includes('\r') ? s.replace(/\r\n?/g, '\n') : s;
}

/** Inside a plain (not f-) string: what can end it or needs care. */
const IN_DQ = /["\\\n]/g;
const IN_SQ = /['\\\n]/g;
/** Python itself stops at a few levels; this only guards the stack against pathological input. */
const MAX_FIELD_NESTING = 200;

export class PyCursor {
  protected readonly src: string;
  protected readonly n: number;
  protected pos = 0;
  protected lineNo = 1;
  protected lineStart = 0;
  /** Bracket depth. */
  protected depth = 0;
  /** Replacement fields open around the position; past a limit, f-strings are read as plain strings (no deep recursion). */
  private fields = 0;

  constructor(text: string) {
    this.src = pySource(text);
    this.n = this.src.length;
  }

  protected newline(after: number): void {
    this.pos = after;
    this.lineNo++;
    this.lineStart = after;
  }

  /** Skip what at `p` (character code `c`) holds nothing: a space, tab or form feed, a comment, a backslash-newline. False when there is none. */
  protected skipTrivia(c: number, p: number): boolean {
    if (c === SPACE || c === TAB || c === FF) this.pos = p + 1;
    else if (c === HASH) this.skipComment();
    else if (c === BSLASH && this.src.charCodeAt(p + 1) === NL) this.newline(p + 2);
    else return false;
    return true;
  }

  protected skipComment(): void {
    const nl = this.src.indexOf('\n', this.pos);
    this.pos = nl < 0 ? this.n : nl;
  }

  /** pos is at the opening quote; leaves pos after the closing quote (or at the newline / end of an unterminated string). */
  protected skipString(flags: number): void {
    const src = this.src;
    const q = src.charCodeAt(this.pos);
    const triple = src.charCodeAt(this.pos + 1) === q && src.charCodeAt(this.pos + 2) === q;
    this.pos += triple ? 3 : 1;
    const raw = (flags & RAW) !== 0;
    const fmt = (flags & FMT) !== 0 && this.fields < MAX_FIELD_NESTING;
    if (!fmt) return this.skipPlainString(q, triple);
    while (this.pos < this.n) {
      const c = src.charCodeAt(this.pos);
      if (c === BSLASH) {
        const d = src.charCodeAt(this.pos + 1);
        if (raw && d !== q && d !== BSLASH && d !== NL) {
          this.pos++;
          continue;
        }
        if (fmt && !raw && d === 78 && src.charCodeAt(this.pos + 2) === LBRACE) {
          // \N{NAME}: the braces belong to the escape, not a replacement field
          const close = src.indexOf('}', this.pos);
          this.pos = close < 0 ? this.n : close + 1;
          continue;
        }
        if (d === NL) this.newline(this.pos + 2);
        else this.pos += 2;
        continue;
      }
      if (c === q) {
        if (!triple) {
          this.pos++;
          return;
        }
        if (src.charCodeAt(this.pos + 1) === q && src.charCodeAt(this.pos + 2) === q) {
          this.pos += 3;
          return;
        }
        this.pos++;
        continue;
      }
      if (c === NL) {
        if (!triple) return; // unterminated: stop at the end of the line
        this.newline(this.pos + 1);
        continue;
      }
      if (fmt && c === LBRACE) {
        if (src.charCodeAt(this.pos + 1) === LBRACE) {
          this.pos += 2;
          continue;
        }
        this.pos++;
        this.skipField(q, triple);
        continue;
      }
      this.pos++;
    }
  }

  /** The body of a string that is no f-string: only quotes, backslashes and newlines matter. */
  private skipPlainString(q: number, triple: boolean): void {
    const src = this.src;
    const re = q === DQ ? IN_DQ : IN_SQ;
    for (;;) {
      re.lastIndex = this.pos;
      if (!re.test(src)) {
        this.pos = this.n;
        return;
      }
      const p = re.lastIndex - 1;
      const c = src.charCodeAt(p);
      if (c === BSLASH) {
        // any escaped character (in raw strings too: r"\"" does not end at the escaped quote)
        if (src.charCodeAt(p + 1) === NL) this.newline(p + 2);
        else this.pos = p + 2;
      } else if (c === NL) {
        this.pos = p;
        if (!triple) return; // unterminated: stop at the end of the line
        this.newline(p + 1);
      } else if (!triple) {
        this.pos = p + 1;
        return;
      } else if (src.charCodeAt(p + 1) === q && src.charCodeAt(p + 2) === q) {
        this.pos = p + 3;
        return;
      } else {
        this.pos = p + 1;
      }
    }
  }

  /** Inside an f-string replacement field, after `{`: skip the expression, conversion and format spec, up to and including `}`. */
  private skipField(q: number, triple: boolean): void {
    this.fields++;
    this.skipFieldBody(q, triple);
    this.fields--;
  }

  private skipFieldBody(q: number, triple: boolean): void {
    const src = this.src;
    let depth = 0;
    while (this.pos < this.n) {
      const c = src.charCodeAt(this.pos);
      if (c === SQ || c === DQ) {
        this.skipString(0);
        continue;
      }
      if (isNameStart(c)) {
        let e = this.pos + 1;
        while (e < this.n && isNameChar(src.charCodeAt(e))) e++;
        const after = src.charCodeAt(e);
        const flags = after === SQ || after === DQ ? prefixFlags(src, this.pos, e) : -1;
        this.pos = e;
        if (flags >= 0) this.skipString(flags);
        continue;
      }
      if (c === 40 || c === 91 || c === LBRACE) depth++;
      else if (c === 41 || c === 93) depth = Math.max(0, depth - 1);
      else if (c === RBRACE) {
        if (depth === 0) {
          this.pos++;
          return;
        }
        depth--;
      } else if (c === 58 && depth === 0) {
        this.pos++;
        this.skipFormatSpec(q, triple);
        return;
      } else if (c === NL) {
        this.newline(this.pos + 1);
        continue;
      } else if (c === HASH) {
        this.skipComment();
        continue;
      } else if (c === BSLASH) {
        if (src.charCodeAt(this.pos + 1) === NL) this.newline(this.pos + 2);
        else this.pos += 2;
        continue;
      }
      this.pos++;
    }
  }

  /** After the `:` of a replacement field: literal text with nested fields, up to and including `}`. */
  private skipFormatSpec(q: number, triple: boolean): void {
    const src = this.src;
    while (this.pos < this.n) {
      const c = src.charCodeAt(this.pos);
      if (c === RBRACE) {
        this.pos++;
        return;
      }
      if (c === LBRACE) {
        this.pos++;
        this.skipField(q, triple);
        continue;
      }
      if (c === q && (!triple || (src.charCodeAt(this.pos + 1) === q && src.charCodeAt(this.pos + 2) === q))) return;
      if (c === NL) {
        if (!triple) return;
        this.newline(this.pos + 1);
        continue;
      }
      if (c === BSLASH) {
        this.pos += 2;
        continue;
      }
      this.pos++;
    }
  }
}

/**
 * A Python tokenizer, just precise enough for import scanning: it knows every kind of string
 * (prefixes, triple quotes, raw strings, f-strings and t-strings with nested replacement fields,
 * including PEP 701 quote reuse), comments, bracket depth, backslash continuations and logical
 * lines with their indentation. It allocates nothing per token: the current token lives in the
 * lexer's fields, and the parser pulls the next one with `next()`.
 */

import { BSLASH, DQ, FF, HASH, isDigit, isNameChar, isNameStart, LBRACE, NL, prefixFlags, RBRACE, SPACE, SQ, TAB } from '../python/chars.js';
import { PyCursor } from '../python/cursor.js';

export const Tok = {
  Name: 0,
  Number: 1,
  String: 2,
  Op: 3,
  /** End of a logical line (never inside brackets, never for blank or comment-only lines). */
  Newline: 4,
  Eof: 5,
} as const;
export type Tok = (typeof Tok)[keyof typeof Tok];

/** The characters that can matter while skipping a statement; for a header also `:` and `lambda`. */
const STATEMENT_STOPS = /['"#\\\n()[\]{};]/g;
const HEADER_STOPS = /['"#\\\n()[\]{};:]|\blambda\b/g;
const SPACES = / */y;

export class PyLexer extends PyCursor {
  private atLineStart = true;
  private pendingNewline = false;

  /** The current token. */
  type: Tok = Tok.Newline;
  start = 0;
  end = 0;
  /** 1-based line and column of the current token. */
  line = 1;
  col = 1;
  /** True when the current token is the first of a logical line; `indent` is then its indentation. */
  first = false;
  indent = 0;

  text(): string {
    return this.src.slice(this.start, this.end);
  }

  /** The current token is the name `s`. */
  isName(s: string): boolean {
    return this.type === Tok.Name && this.end - this.start === s.length && this.src.startsWith(s, this.start);
  }

  /** The current token is the operator `s`. */
  isOp(s: string): boolean {
    return this.type === Tok.Op && this.end - this.start === s.length && this.src.startsWith(s, this.start);
  }

  /** Bracket depth after the current token. */
  get bracketDepth(): number {
    return this.depth;
  }

  next(): void {
    const src = this.src;
    this.first = false;
    for (;;) {
      if (this.atLineStart && this.depth === 0) {
        // Measure the indentation of a new physical line; skip blank and comment-only lines.
        SPACES.lastIndex = this.pos;
        SPACES.test(src);
        let p = SPACES.lastIndex;
        let col = p - this.pos;
        for (; p < this.n; p++) {
          const c = src.charCodeAt(p);
          if (c === SPACE) col++;
          else if (c === TAB) col = (Math.floor(col / 8) + 1) * 8;
          else if (c === FF) col = 0;
          else break;
        }
        this.pos = p;
        if (p >= this.n) return this.emitEof();
        const c = src.charCodeAt(p);
        if (c === NL) {
          this.newline(p + 1);
          continue;
        }
        if (this.skipTrivia(c, p)) continue;
        this.atLineStart = false;
        this.pendingNewline = true;
        this.indent = col;
        this.first = true;
      }
      if (this.pos >= this.n) return this.emitEof();
      const p = this.pos;
      const c = src.charCodeAt(p);
      if (this.skipTrivia(c, p)) continue;
      const line = this.lineNo;
      const col = p - this.lineStart + 1;
      if (c === NL) {
        this.newline(p + 1);
        if (this.depth === 0) {
          this.atLineStart = true;
          this.pendingNewline = false;
          return this.set(Tok.Newline, p, p + 1, line, col);
        }
        continue;
      }
      if (isNameStart(c)) {
        let q = p + 1;
        while (q < this.n && isNameChar(src.charCodeAt(q))) q++;
        const after = src.charCodeAt(q);
        if (after === SQ || after === DQ) {
          const flags = prefixFlags(src, p, q);
          if (flags >= 0) {
            this.pos = q;
            this.skipString(flags);
            return this.set(Tok.String, p, this.pos, line, col);
          }
        }
        this.pos = q;
        return this.set(Tok.Name, p, q, line, col);
      }
      if (isDigit(c) || (c === 46 && isDigit(src.charCodeAt(p + 1)))) {
        let q = p + 1;
        while (q < this.n && (isNameChar(src.charCodeAt(q)) || src.charCodeAt(q) === 46)) q++;
        this.pos = q;
        return this.set(Tok.Number, p, q, line, col);
      }
      if (c === SQ || c === DQ) {
        this.skipString(0);
        return this.set(Tok.String, p, this.pos, line, col);
      }
      let len = 1;
      if (c === 40 || c === 91 || c === LBRACE) this.depth++;
      else if (c === 41 || c === 93 || c === RBRACE) this.depth = Math.max(0, this.depth - 1);
      else if (c === 46 && src.charCodeAt(p + 1) === 46 && src.charCodeAt(p + 2) === 46) len = 3;
      else {
        const d = src.charCodeAt(p + 1);
        // Two-character operators that matter to the parser: := == != <= >= -> **
        if (d === 61 && (c === 58 || c === 61 || c === 33 || c === 60 || c === 62)) len = 2;
        else if ((c === 45 && d === 62) || (c === 42 && d === 42)) len = 2;
      }
      this.pos = p + len;
      return this.set(Tok.Op, p, p + len, line, col);
    }
  }

  /**
   * Skip the rest of the current statement without making tokens: the current token becomes the
   * `;` that ends it (outside brackets), the Newline of its logical line, or Eof.
   */
  skipStatement(): void {
    this.skipTo(false);
  }

  /**
   * Skip a compound statement's header to its `:` (not one inside brackets, not a lambda's, not a
   * walrus): true with the current token that `:`; false when the statement ends without one.
   */
  skipHeader(): boolean {
    return this.skipTo(true);
  }

  private skipTo(colon: boolean): boolean {
    const src = this.src;
    let lambdas = 0;
    if (this.type === Tok.Newline || this.type === Tok.Eof) return false;
    if (this.type === Tok.Op && this.depth === 0) {
      if (this.isOp(';')) return false;
      if (colon && this.isOp(':')) return true;
    }
    if (this.type === Tok.Name && this.depth === 0 && this.isName('lambda')) lambdas++;
    // Jump from one significant character to the next with a regular expression (native code
    // from the first call, which keeps a cold run fast); everything else cannot end a statement.
    const re = colon ? HEADER_STOPS : STATEMENT_STOPS;
    for (;;) {
      re.lastIndex = this.pos;
      if (!re.test(src)) {
        this.pos = this.n;
        break;
      }
      const end = re.lastIndex;
      const c = src.charCodeAt(end - 1);
      if (c === 97) {
        // `lambda` (the only multi-character stop): its `:` is not the header's
        if (this.depth === 0) lambdas++;
        this.pos = end;
        continue;
      }
      const p = end - 1;
      this.pos = p;
      if (c === NL) {
        if (this.depth === 0) break;
        this.newline(p + 1);
      } else if (c === 59) {
        if (this.depth === 0) break;
        this.pos++;
      } else if (c === 58) {
        if (this.depth === 0 && src.charCodeAt(p + 1) !== 61) {
          if (lambdas === 0) {
            this.next();
            return true;
          }
          lambdas--;
        }
        this.pos++;
      } else if (c === SQ || c === DQ) {
        let b = p;
        while (b > 0 && isNameChar(src.charCodeAt(b - 1))) b--;
        this.skipString(b < p ? Math.max(0, prefixFlags(src, b, p)) : 0);
      } else if (c === HASH) {
        this.skipComment();
      } else if (c === BSLASH) {
        if (src.charCodeAt(p + 1) === NL) this.newline(p + 2);
        else this.pos++;
      } else {
        if (c === 40 || c === 91 || c === LBRACE) this.depth++;
        else if (this.depth > 0) this.depth--;
        this.pos++;
      }
    }
    this.next();
    return false;
  }

  /** Source text between two offsets (e.g. an `if` test). */
  slice(start: number, end: number): string {
    return this.src.slice(start, end);
  }

  /** The current token ends the logical line (Newline or Eof). */
  atLineEnd(): boolean {
    return this.type === Tok.Newline || this.type === Tok.Eof;
  }

  /** First character code of the current token. */
  firstChar(): number {
    return this.src.charCodeAt(this.start);
  }

  private set(type: Tok, start: number, end: number, line: number, col: number): void {
    this.type = type;
    this.start = start;
    this.end = end;
    this.line = line;
    this.col = col;
  }

  private emitEof(): void {
    this.pos = this.n;
    if (this.pendingNewline) {
      // The last logical line had no newline: end it before the end of file.
      this.pendingNewline = false;
      this.atLineStart = true;
      this.depth = 0;
      return this.set(Tok.Newline, this.n, this.n, this.lineNo, this.n - this.lineStart + 1);
    }
    this.set(Tok.Eof, this.n, this.n, this.lineNo, this.n - this.lineStart + 1);
  }
}

import { PyLexer, Tok } from './python-lex.js';
import { WARM_UP } from './python-warmup.js';

/**
 * The import statements of one Python file, each with the context it runs in (docs/checks/no-cycles.md, "How
 * imports are read"), read from tokens — never from text that only looks like code (strings, docstrings,
 * comments, f-strings). Blocks are followed by indentation, as Python's own tokenizer does:
 *
 * - module level, also inside module-level `if`/`try`/`with`/`for`/`while`/`match` blocks and class
 *   bodies → `static`;
 * - inside a `def` / `async def` body → `deferred`;
 * - under `if TYPE_CHECKING:` (any qualifier: `typing.TYPE_CHECKING`, `t.TYPE_CHECKING`…), the
 *   `else` of `if not TYPE_CHECKING:` → `type-only`;
 * - under `if __name__ == "__main__":` → `main`.
 *
 * Nested contexts combine to the strongest: main > type-only > deferred > static (a function
 * defined under `if TYPE_CHECKING:` never runs; nothing under the `__main__` guard runs on import).
 * An `elif`/`else` branch gets what its chain leaves: the `else` of `if TYPE_CHECKING:` runs.
 */

export type PyImportKind = 'static' | 'deferred' | 'type-only' | 'main';

export interface PyImport {
  /** `import a.b` (one entry per dotted name) or `from m import n, …`. */
  form: 'import' | 'from';
  /** Leading dots of a relative `from` import (0 for absolute). */
  level: number;
  /** The dotted module as written after the dots; '' for `from . import x`. */
  module: string;
  /** `from` imports: the imported names (`*` for a star import); `import`: empty. */
  names: string[];
  /** 1-based line and column of the statement's first token (`import` / `from`). */
  line: number;
  column: number;
  kind: PyImportKind;
}

const STATIC = 0;
const DEFERRED = 1;
const TYPE_ONLY = 2;
const MAIN = 3;
const KINDS: readonly PyImportKind[] = ['static', 'deferred', 'type-only', 'main'];
/** First letters of the statement keywords the scanner looks at (import from def class if elif else while for try except finally with match case async). */
const MAYBE_KEYWORD: boolean[] = [];
for (const c of 'ifdcewtma') MAYBE_KEYWORD[c.charCodeAt(0)] = true;

interface Frame {
  /** Indentation of the block's lines. */
  indent: number;
  /** Context of statements directly in this block. */
  ctx: number;
  /** Context an `elif`/`else` at this level would get (left by the last statement). */
  chainElse: number;
}

interface CondTok {
  t: Tok;
  s: string;
}

/** Scan one file's text (BOM and CRLF allowed). Never throws on malformed code; it reads what it can. */
export function scanPython(text: string): PyImport[] {
  if (!warm) {
    warm = true;
    for (let i = 0; i < 3; i++) new Scanner(WARM_UP).run();
  }
  return new Scanner(text).run();
}
let warm = false;

class Scanner {
  private readonly lx: PyLexer;
  private readonly out: PyImport[] = [];
  private readonly stack: Frame[] = [{ indent: 0, ctx: STATIC, chainElse: STATIC }];
  /** Context of the block the previous logical line opened (its header ended with `:`), or -1. */
  private pending = -1;

  constructor(text: string) {
    this.lx = new PyLexer(text);
  }

  run(): PyImport[] {
    const lx = this.lx;
    lx.next();
    while (lx.type !== Tok.Eof) {
      if (lx.type === Tok.Newline) {
        lx.next();
        continue;
      }
      if (lx.first) this.enterLine(lx.indent);
      this.logicalLine(this.stack[this.stack.length - 1]!);
    }
    return this.out;
  }

  /** INDENT / DEDENT: a deeper line after a header opens its block; a shallower one closes blocks. */
  private enterLine(indent: number): void {
    const stack = this.stack;
    const top = stack[stack.length - 1]!;
    if (this.pending >= 0 && indent > top.indent) {
      stack.push({ indent, ctx: this.pending, chainElse: this.pending });
    } else {
      while (stack.length > 1 && indent < stack[stack.length - 1]!.indent) stack.pop();
    }
    this.pending = -1;
  }

  private logicalLine(frame: Frame): void {
    const lx = this.lx;
    for (;;) {
      this.statement(frame);
      if (lx.isOp(';')) lx.next();
      if (lx.atLineEnd()) return lx.next();
    }
  }

  /** One simple or compound-header statement; stops at `;`, the end of the logical line or the file. */
  private statement(frame: Frame): void {
    const lx = this.lx;
    if (lx.type === Tok.Name && MAYBE_KEYWORD[lx.firstChar()]) {
      switch (lx.text()) {
        case 'import':
          frame.chainElse = frame.ctx;
          return this.importStatement(frame.ctx);
        case 'from':
          frame.chainElse = frame.ctx;
          return this.fromStatement(frame.ctx);
        case 'def':
        case 'class':
        case 'if':
        case 'elif':
        case 'else':
        case 'while':
        case 'for':
        case 'try':
        case 'except':
        case 'finally':
        case 'with':
        case 'match':
        case 'case':
        case 'async':
          return this.compound(frame);
      }
    }
    frame.chainElse = frame.ctx;
    this.skipStatement();
  }

  private compound(frame: Frame): void {
    const lx = this.lx;
    const ctx = frame.ctx;
    let kw = lx.text();
    lx.next();
    if (kw === 'async') {
      if (!(lx.isName('def') || lx.isName('for') || lx.isName('with'))) {
        frame.chainElse = ctx;
        return this.skipStatement();
      }
      kw = lx.text();
      lx.next();
    }
    const testStart = lx.start;
    if (!lx.skipHeader()) {
      // `match(x)`, `case = 1`: soft keywords used as names, a simple statement after all
      frame.chainElse = ctx;
      return;
    }
    let body = ctx;
    if (kw === 'def') {
      body = Math.max(ctx, DEFERRED);
      frame.chainElse = ctx;
    } else if (kw === 'if' || kw === 'elif') {
      const base = kw === 'if' ? ctx : frame.chainElse;
      const c = classify(lx.slice(testStart, lx.start));
      body = Math.max(base, c & 3);
      frame.chainElse = Math.max(base, c >> 2);
    } else if (kw === 'else') {
      body = frame.chainElse;
    } else if (kw !== 'except' && kw !== 'finally' && kw !== 'case') {
      frame.chainElse = ctx; // class, while, for, try, with, match
    }
    lx.next(); // the header's ':'
    if (lx.atLineEnd()) {
      this.pending = body;
      return;
    }
    // Simple statements on the header's line belong to the body: `if TYPE_CHECKING: import a; import b`.
    const inner: Frame = { indent: frame.indent, ctx: body, chainElse: body };
    for (;;) {
      this.statement(inner);
      if (lx.isOp(';')) lx.next();
      if (lx.atLineEnd()) return;
    }
  }

  private importStatement(ctx: number): void {
    const lx = this.lx;
    const line = lx.line;
    const column = lx.col;
    lx.next();
    for (;;) {
      const module = this.dotted();
      if (!module) break;
      this.out.push({ form: 'import', level: 0, module, names: [], line, column, kind: KINDS[ctx]! });
      if (lx.isName('as')) {
        lx.next();
        if (lx.type === Tok.Name) lx.next();
      }
      if (!lx.isOp(',')) break;
      lx.next();
    }
    this.skipStatement();
  }

  private fromStatement(ctx: number): void {
    const lx = this.lx;
    const line = lx.line;
    const column = lx.col;
    lx.next();
    let level = 0;
    while (lx.type === Tok.Op && (lx.isOp('.') || lx.isOp('...'))) {
      level += lx.end - lx.start;
      lx.next();
    }
    const module = lx.isName('import') ? '' : this.dotted();
    if (!lx.isName('import') || (level === 0 && !module)) return this.skipStatement();
    lx.next();
    const names: string[] = [];
    if (lx.isOp('*')) {
      names.push('*');
      lx.next();
    } else {
      const paren = lx.isOp('(');
      if (paren) lx.next();
      while (lx.type === Tok.Name) {
        names.push(lx.text());
        lx.next();
        if (lx.isName('as')) {
          lx.next();
          if (lx.type === Tok.Name) lx.next();
        }
        if (!lx.isOp(',')) break;
        lx.next();
      }
    }
    if (names.length > 0) this.out.push({ form: 'from', level, module, names, line, column, kind: KINDS[ctx]! });
    this.skipStatement();
  }

  /** `a.b.c` from the current token on, or '' when the current token is no name. */
  private dotted(): string {
    const lx = this.lx;
    if (lx.type !== Tok.Name) return '';
    let name = lx.text();
    lx.next();
    while (lx.isOp('.')) {
      lx.next();
      if (lx.type !== Tok.Name) break;
      name += `.${lx.text()}`;
      lx.next();
    }
    return name;
  }

  private skipStatement(): void {
    this.lx.skipStatement();
  }
}

/** Contexts an `if`/`elif` test gives: its body's in bits 0–1, what an elif/else of it gets in bits 2–3. */
const branches = (body: number, orElse: number) => body | (orElse << 2);

function classify(test: string): number {
  if (!test.includes('TYPE_CHECKING') && !test.includes('__main__')) return branches(STATIC, STATIC);
  const cond: CondTok[] = [];
  const lx = new PyLexer(test);
  for (lx.next(); !lx.atLineEnd(); lx.next()) {
    if (cond.length === 32) return branches(STATIC, STATIC);
    cond.push({ t: lx.type, s: lx.text() });
  }
  let a = 0;
  let b = cond.length;
  const strip = () => {
    while (b - a >= 2 && cond[a]!.s === '(' && cond[b - 1]!.s === ')') {
      a++;
      b--;
    }
  };
  strip();
  if (b - a > 1 && cond[a]!.t === Tok.Name && cond[a]!.s === 'not') {
    a++;
    strip();
    return isTypeChecking(cond, a, b) ? branches(STATIC, TYPE_ONLY) : branches(STATIC, STATIC);
  }
  if (isTypeChecking(cond, a, b)) return branches(TYPE_ONLY, STATIC);
  if (isMainGuard(cond, a, b)) return branches(MAIN, STATIC);
  return branches(STATIC, STATIC);
}

/** `TYPE_CHECKING`, `typing.TYPE_CHECKING`, `a.b.TYPE_CHECKING`. */
function isTypeChecking(cond: CondTok[], a: number, b: number): boolean {
  if ((b - a) % 2 !== 1 || cond[b - 1]!.s !== 'TYPE_CHECKING') return false;
  for (let i = a; i < b; i++) {
    const even = (i - a) % 2 === 0;
    if (even ? cond[i]!.t !== Tok.Name : cond[i]!.s !== '.') return false;
  }
  return true;
}

/** `__name__ == "__main__"` either way round, any quotes. */
function isMainGuard(cond: CondTok[], a: number, b: number): boolean {
  if (b - a !== 3 || cond[a + 1]!.s !== '==') return false;
  const [x, y] = [cond[a]!, cond[a + 2]!];
  const isName = (t: CondTok) => t.t === Tok.Name && t.s === '__name__';
  const isMain = (t: CondTok) => t.t === Tok.String && stringValue(t.s) === '__main__';
  return (isName(x) && isMain(y)) || (isMain(x) && isName(y));
}

function stringValue(tok: string): string | null {
  const m = /^[rRuU]?('''|"""|'|")([\s\S]*)\1$/.exec(tok);
  return m ? m[2]! : null;
}

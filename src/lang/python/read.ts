import { scanPython, type PyImport } from '../../graph/python-scan.js';
import { PyLexer, Tok } from '../../graph/python-lex.js';
import type { FileReading, ImportStatement } from '../types.js';

/**
 * One Python file read: its import statements with their contexts (graph/python-scan.ts, from
 * tokens: never from strings, docstrings or comments) and the names its module level binds
 * (`def`, `class`, assignments at column 0). Pure.
 */
export function readPython(_file: string, text: string): FileReading {
  const imports: ImportStatement[] = scanPython(text).map((i) => ({
    line: i.line,
    column: i.column,
    kind: i.kind,
    specifier: '.'.repeat(i.level) + i.module,
    ...(i.form === 'from' ? { names: i.names } : {}),
  }));
  return { imports, bindings: topLevelBindings(text) };
}

/** Back to the scanner's shape (what python-resolve.ts resolves). */
export function toPyImport(imp: ImportStatement): PyImport {
  let level = 0;
  while (imp.specifier[level] === '.') level++;
  return {
    form: imp.names ? 'from' : 'import',
    level,
    module: imp.specifier.slice(level),
    names: imp.names ?? [],
    line: imp.line,
    column: imp.column,
    kind: imp.kind === 'deferred' || imp.kind === 'type-only' || imp.kind === 'main' ? imp.kind : 'static',
  };
}

/** Names bound by module-level `def`, `class` and `NAME =` / `NAME: T =` statements. */
function topLevelBindings(text: string): string[] {
  const out = new Set<string>();
  const lx = new PyLexer(text);
  for (lx.next(); lx.type !== Tok.Eof; ) {
    if (lx.first && lx.indent === 0 && lx.type === Tok.Name) {
      let kw = lx.text();
      lx.next();
      if (kw === 'async' && lx.isName('def')) {
        kw = 'def';
        lx.next();
      }
      if ((kw === 'def' || kw === 'class') && lx.type === Tok.Name) out.add(lx.text());
      else if (kw !== 'def' && kw !== 'class' && (lx.isOp('=') || lx.isOp(':'))) out.add(kw);
    }
    if (lx.atLineEnd()) lx.next();
    else lx.skipStatement();
  }
  return [...out].sort();
}

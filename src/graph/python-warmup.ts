/**
 * Python source that takes every branch of the scanner (python-scan.ts, python-lex.ts,
 * ../python/cursor.ts) at least once. It is scanned before the first real file so that V8 optimizes the
 * scanner with type feedback for all of its paths, instead of deoptimizing and recompiling each
 * time a rare path (an f-string, a continuation line, a tab) first turns up in the middle of a cold
 * run — which is what the CLI always is.
 */
const LINES = [
  '\ufeff"""Doc with from x import y."""',
  'from __future__ import annotations; import a.b as c, d',
  'from .. import (e,  # comment',
  '    f as g,)',
  'from ...h.i import *',
  String.raw`x = r'\'' + b'\n' + f"{k!r:>{w}} {{}} \N{DASH} {'s'} {d["q"]}" + rf'{k}\d' + '''`,
  String.raw`''' + u"\"" + f"""{`,
  '  k}"""',
  'if TYPE_CHECKING:',
  '    import t',
  'elif not typing.TYPE_CHECKING: pass',
  'else:',
  '\timport u',
  "if __name__ == '__main__': import m",
  'async def f(a=lambda: 1, *b, **c) -> "x:y":',
  '    y = [1, 2][0:1]; z = {1: 2}; v = 1.5e3 + .5 + 0x1F',
  '    with (open(a) as h): return \\',
  '        h',
  '',
  '        # comment',
  'class K(object): import k',
  'match x:',
  '    case 1: pass',
  'while (w := 1) if lambda: 0 else 1: break',
  'try: import v',
  'except ImportError: pass',
  'finally: pass',
  'x = "unterminated',
  'import',
];

export const WARM_UP = LINES.join('\r\n');

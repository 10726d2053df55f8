import { describe, expect, it } from 'vitest';
import { scanPython, type PyImport } from '../../src/graph/python-scan.js';
import { WARM_UP } from '../../src/graph/python-warmup.js';

/** Compact view: `kind line:col form level module [names]`. */
function scan(src: string): string[] {
  return scanPython(src).map(show);
}
function show(i: PyImport): string {
  const what = i.form === 'import' ? `import ${i.module}` : `from ${'.'.repeat(i.level)}${i.module} import ${i.names.join(',')}`;
  return `${i.kind} ${i.line}:${i.column} ${what}`;
}
const py = (...lines: string[]) => lines.join('\n') + '\n';

describe('scanPython: import forms', () => {
  it('import a.b as c, and several names in one statement', () => {
    expect(scan(py('import a.b as c', 'import os, sys as system, x.y.z'))).toEqual(['static 1:1 import a.b', 'static 2:1 import os', 'static 2:1 import sys', 'static 2:1 import x.y.z']);
  });

  it('from x import (a, b) over several lines, with comments and a trailing comma', () => {
    expect(scan(py('from pkg.mod import (', '    a,  # first', '    b as bee,', '', '    c,', ')', 'import after'))).toEqual(['static 1:1 from pkg.mod import a,b,c', 'static 7:1 import after']);
  });

  it('backslash continuations, inside and before a statement', () => {
    expect(scan(py('from a \\', '    import b, \\', '    c', 'x = 1 + \\', '    2', 'import \\', '  d'))).toEqual(['static 1:1 from a import b,c', 'static 6:1 import d']);
  });

  it('relative imports: from . import x, from ..pkg.mod import y, three and four dots', () => {
    expect(scan(py('from . import x', 'from .mod import y', 'from ..pkg.mod import y', 'from ... import z', 'from ....deep import w', 'from .import v'))).toEqual([
      'static 1:1 from . import x',
      'static 2:1 from .mod import y',
      'static 3:1 from ..pkg.mod import y',
      'static 4:1 from ... import z',
      'static 5:1 from ....deep import w',
      'static 6:1 from . import v',
    ]);
  });

  it('__future__ and star imports are scanned like any other', () => {
    expect(scan(py('from __future__ import annotations', 'from os.path import *'))).toEqual(['static 1:1 from __future__ import annotations', 'static 2:1 from os.path import *']);
  });

  it('semicolons: several statements on one line, each with its column', () => {
    expect(scan(py('import a; import b;from c import d ; x = 1; import e;'))).toEqual(['static 1:1 import a', 'static 1:11 import b', 'static 1:20 from c import d', 'static 1:45 import e']);
  });

  it('UTF-8 BOM and CRLF line endings', () => {
    const src = '\ufeff"""Doc.\r\n\r\nfrom no import thing\r\n"""\r\nimport a\r\nif TYPE_CHECKING:\r\n    import b\r\nfrom c import (\r\n  d)\r\n';
    expect(scan(src)).toEqual(['static 5:1 import a', 'type-only 7:5 import b', 'static 8:1 from c import d']);
  });

  it('a file without a final newline, and an empty file', () => {
    expect(scan('import a\nif x:\n    import b')).toEqual(['static 1:1 import a', 'static 3:5 import b']);
    expect(scan('')).toEqual([]);
    expect(scan('\n\n# only a comment')).toEqual([]);
  });

  it('columns count characters, also after non-ASCII text', () => {
    expect(scan(py('x = "héllo→"; import a'))).toEqual(['static 1:15 import a']);
  });
});

describe('scanPython: never fooled by text that looks like an import', () => {
  it('a module docstring with `from x import y` inside', () => {
    expect(scan(py('"""Models.', '', 'Example:', '    from backend.routes import users', '"""', 'import real'))).toEqual(['static 6:1 import real']);
  });

  it('docstrings of classes and functions, single-quoted triple strings, bytes', () => {
    const src = py('class A:', "    '''import nope'''", 'def f():', '    """', '    from nope import x', '    """', "    return b'''import nope'''", 'import real');
    expect(scan(src)).toEqual(['static 8:1 import real']);
  });

  it('comments, including a commented-out import and `#` inside strings', () => {
    expect(scan(py('# from backend.circuit_breaker import CircuitBreaker', 'x = "#"  # import nope', "y = '#'; import real"))).toEqual(['static 3:10 import real']);
  });

  it('strings with escaped quotes, raw strings and string continuation lines', () => {
    const src = py('a = "say \\"import x\\" now"', "b = r'\\'import y'", 'c = "line \\', 'import z"', "d = r'\\\\'; import real");
    expect(scan(src)).toEqual(['static 5:12 import real']);
  });

  it('f-strings: expressions, conversions, nested format specs, nested quotes, \\N{…}', () => {
    const src = py(
      'a = f"{x!r:>{width}} import {\'from a import b\'}"',
      'b = f\'{d["import"]:{fill}^{n}}\'',
      'c = f"\\N{EM DASH} {{import literal}}"',
      'd = rf"\\{x} import"; import real1',
      'e = f"""',
      'import nope {',
      '    value',
      '} more',
      '"""',
      'import real2',
    );
    expect(scan(src)).toEqual(['static 4:22 import real1', 'static 10:1 import real2']);
  });

  it('PEP 701 f-strings (Python 3.12): the same quotes nested, comments and newlines in fields', () => {
    const src = py('a = f"{x["import y"]} {f"{"from a import b"}"}"', 'b = f"{', '    x  # import nope', '}"', 't = t"{x} import"', 'import real');
    expect(scan(src)).toEqual(['static 6:1 import real']);
  });

  it('names that contain the word, and `from` in other statements', () => {
    const src = py('important = 1', 'x.import_module("a")', 'from_ = 2', 'def g():', '    yield from range(3)', 'raise Error() from exc', 'importlib.import_module("b")', '__import__("c")');
    expect(scan(src)).toEqual([]);
  });
});

describe('scanPython: contexts (docs/checks/no-cycles.md, how imports are read)', () => {
  it('module level, also inside module-level if / try / with / for / while / match and class bodies → static', () => {
    const src = py(
      'if sys.version_info >= (3, 11):',
      '    import tomllib',
      'else:',
      '    import tomli',
      'try:',
      '    import ujson',
      'except ImportError:',
      '    import json',
      'finally:',
      '    import f1',
      'with ctx():',
      '    import w1',
      'for x in y:',
      '    import l1',
      'while cond:',
      '    import l2',
      'match command:',
      '    case "a":',
      '        import m1',
      'class A(Base):',
      '    import c1',
      '    class Inner:',
      '        import c2',
    );
    expect(scanPython(src).map((i) => `${i.kind} ${i.module}`)).toEqual([
      'static tomllib',
      'static tomli',
      'static ujson',
      'static json',
      'static f1',
      'static w1',
      'static l1',
      'static l2',
      'static m1',
      'static c1',
      'static c2',
    ]);
  });

  it('inside functions, methods, async functions and nested defs → deferred; back to static after the dedent', () => {
    const src = py(
      'def f():',
      '    import d1',
      '    if x:',
      '        import d2',
      'class A:',
      '    def m(self):',
      '        import d3',
      '    import s1',
      'async def g(): import d4',
      '@decorator',
      'def h(',
      '    a: int = lambda: 1,',
      ') -> dict[str, int]:',
      '    def inner():',
      '        import d5',
      '    import d6',
      'import s2',
    );
    expect(scanPython(src).map((i) => `${i.kind} ${i.module}`)).toEqual(['deferred d1', 'deferred d2', 'deferred d3', 'static s1', 'deferred d4', 'deferred d5', 'deferred d6', 'static s2']);
  });

  it('if TYPE_CHECKING: in every spelling → type-only; its else → static', () => {
    const src = py(
      'if TYPE_CHECKING:',
      '    import t1',
      'else:',
      '    import s1',
      'if typing.TYPE_CHECKING:  # comment',
      '    from a import t2',
      'if t.TYPE_CHECKING: import t3; import t4',
      'if (TYPE_CHECKING):',
      '    import t5',
      'if (',
      '    TYPE_CHECKING',
      '):',
      '    import t6',
      'if \\',
      '        TYPE_CHECKING:',
      '    import t7',
      'if TYPE_CHECKING and sys.version_info < (3, 9):',
      '    import s2',
      'if TYPE_CHECKING_EXTRA:',
      '    import s3',
    );
    expect(scanPython(src).map((i) => `${i.kind} ${i.module}`)).toEqual([
      'type-only t1',
      'static s1',
      'type-only a',
      'type-only t3',
      'type-only t4',
      'type-only t5',
      'type-only t6',
      'type-only t7',
      'static s2',
      'static s3',
    ]);
  });

  it('if TYPE_CHECKING: nested in try, and try nested in if TYPE_CHECKING:', () => {
    const src = py(
      'try:',
      '    from typing import TYPE_CHECKING',
      '    if TYPE_CHECKING:',
      '        from backend.services import event_service',
      '    import s1',
      'except ImportError:',
      '    pass',
      'if TYPE_CHECKING:',
      '    try:',
      '        import t2',
      '    except ImportError:',
      '        import t3',
      'import s2',
    );
    expect(scan(src)).toEqual([
      'static 2:5 from typing import TYPE_CHECKING',
      'type-only 4:9 from backend.services import event_service',
      'static 5:5 import s1',
      'type-only 10:9 import t2',
      'type-only 12:9 import t3',
      'static 13:1 import s2',
    ]);
  });

  it('if not TYPE_CHECKING: body → static, its else (and elif) → type-only; elif chains after TYPE_CHECKING → static', () => {
    // An elif is an if nested in the else of the one before it (as in Python's ast): the last else
    // below belongs to `elif not TYPE_CHECKING`, so it runs only under the type checker.
    const src = py(
      'if not TYPE_CHECKING:',
      '    import s1',
      'else:',
      '    import t1',
      'if not typing.TYPE_CHECKING:',
      '    import s2',
      'elif other:',
      '    import t2',
      'if TYPE_CHECKING:',
      '    import t3',
      'elif sys.platform == "win32":',
      '    import s3',
      'elif not TYPE_CHECKING:',
      '    import s4',
      'else:',
      '    import s5',
    );
    expect(scanPython(src).map((i) => `${i.kind} ${i.module}`)).toEqual(['static s1', 'type-only t1', 'static s2', 'type-only t2', 'type-only t3', 'static s3', 'static s4', 'type-only s5']);
  });

  it('if __name__ == "__main__": → main (either order, any quotes); its else → static', () => {
    const src = py(
      'if __name__ == "__main__":',
      '    import m1',
      '    def run():',
      '        import m2',
      'else:',
      '    import s1',
      "if '__main__' == __name__: import m3",
      "if __name__ == '__main__':",
      '    if TYPE_CHECKING:',
      '        import m4',
      'if __name__ != "__main__":',
      '    import s2',
    );
    expect(scanPython(src).map((i) => `${i.kind} ${i.module}`)).toEqual(['main m1', 'main m2', 'static s1', 'main m3', 'main m4', 'static s2']);
  });

  it('strongest context wins when nested: a def under TYPE_CHECKING never runs; TYPE_CHECKING inside a def is type-only', () => {
    const src = py('if TYPE_CHECKING:', '    def f():', '        import t1', 'def g():', '    if TYPE_CHECKING:', '        import t2', '    import d1');
    expect(scanPython(src).map((i) => `${i.kind} ${i.module}`)).toEqual(['type-only t1', 'type-only t2', 'deferred d1']);
  });

  it('blocks follow indentation: comments and blank lines at any indentation do not close a block; tabs count to 8', () => {
    const src = 'def f():\n    x = 1\n# a comment at column 1\n\n        # deeper comment\n    import d1\n\tif x:\n\t\timport d2\nimport s1\n';
    expect(scanPython(src).map((i) => `${i.kind} ${i.module}`)).toEqual(['deferred d1', 'deferred d2', 'static s1']);
  });

  it('headers with colons inside brackets, lambdas, slices, walrus and annotations', () => {
    const src = py(
      'if (x := {1: 2}[1]) and (lambda: 3)():',
      '    import s1',
      'while chunk := f(a[1:2]):',
      '    import s2',
      'with open("a:b") as fh: import s3',
      'def f(x: int = {"a": 1}["a"], y=lambda q: q) -> "a:b": import d1',
      'match: int = 5',
      'match(x)',
      'import s4',
    );
    expect(scanPython(src).map((i) => `${i.kind} ${i.module}`)).toEqual(['static s1', 'static s2', 'static s3', 'deferred d1', 'static s4']);
  });

  it('survives malformed code without throwing', () => {
    for (const src of ['from import x', 'import', 'from . import', 'if TYPE_CHECKING', 'x = "unterminated\nimport a', 'f"{', 'def f(:\n  import a', ')))\nimport a', 'from a import (b,\nimport c']) {
      expect(() => scanPython(src)).not.toThrow();
    }
    expect(scan('x = "unterminated\nimport a\n')).toEqual(['static 2:1 import a']);
    const deep = 'x = ' + 'f"{'.repeat(20000) + '1' + '}"'.repeat(20000) + '\nimport after\n';
    expect(scan(deep)).toEqual(['static 2:1 import after']);
    const brackets = 'x = ' + '('.repeat(50000) + ')'.repeat(50000) + '\nimport after\n';
    expect(scan(brackets)).toEqual(['static 2:1 import after']);
    expect(scan(')))\nimport a\n')).toEqual(['static 2:1 import a']);
  });
});

describe('the warm-up snippet', () => {
  it('is read to its end, through every kind of string, context and statement', () => {
    expect(scan(WARM_UP)).toEqual([
      'static 2:1 from __future__ import annotations',
      'static 2:37 import a.b',
      'static 2:37 import d',
      'static 3:1 from .. import e,f',
      'static 5:1 from ...h.i import *',
      'type-only 10:5 import t',
      'type-only 13:2 import u',
      'main 14:28 import m',
      'static 21:18 import k',
      'static 25:6 import v',
    ]);
  });
});

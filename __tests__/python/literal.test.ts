import { describe, expect, it } from 'vitest';
import { importsOf } from '../../src/python/imports.js';
import { literalAt, parseNumber, type PyLiteral } from '../../src/python/literal.js';
import { callArgs, closingIndex, dottedAt, splitTopLevel, tokensText, topLevelEquals, valueEnd } from '../../src/python/spans.js';
import { tokenize } from '../../src/python/tokens.js';

/** The literal right of the first `=` of a one-line source, shown compactly. */
function lit(src: string): string {
  const t = tokenize(src)[0]!.tokens;
  const eq = topLevelEquals(t)[0]!;
  const show = (l: PyLiteral): string => {
    switch (l.k) {
      case 'str':
        return `${l.fstring ? 'f' : ''}${l.bytes ? 'b' : ''}${JSON.stringify(l.v)}`;
      case 'num':
      case 'bool':
        return String(l.v);
      case 'none':
        return 'None';
      case 'name':
        return `name:${l.v}`;
      case 'seq':
        return `${l.open}${l.items.map(show).join(',')}${{ '(': ')', '[': ']', '{': '}' }[l.open]}`;
      default:
        return `other:${tokensText(t, l.s, l.e)}`;
    }
  };
  return show(literalAt(t, eq + 1, t.length));
}

describe('python literals', () => {
  it('strings (adjacent ones joined), numbers, None / True / False, dotted names', () => {
    expect(['x = "a" \'b\'', 'x = f"{a}" "b"', 'x = b"z"', 'x = -1.5e3', 'x = +0o17', 'x = 2j', 'x = None', 'x = False', 'x = a.b.c', 'x = a.b()'].map(lit)).toEqual([
      '"ab"',
      'f"{a}b"',
      'b"z"',
      '-1500',
      '15',
      'other:2j',
      'None',
      'false',
      'name:a.b.c',
      'other:a.b()',
    ]);
  });

  it('tuples (bare, parenthesized, one-element), lists, sets; dicts and comprehensions are other', () => {
    expect(['x = "p", "q"', 'x = "p",', 'x = ("only")', 'x = ("solo",)', 'x = ()', 'x = [1, [2, (3)]]', 'x = {1, 2}', 'x = {"k": 1}', 'x = {}', 'x = [y for y in z]'].map(lit)).toEqual([
      '("p","q")',
      '("p")',
      '"only"',
      '("solo")',
      '()',
      '[1,[2,3]]',
      '{1,2}',
      'other:{ "k": 1 }',
      'other:{ }',
      '[other:y for y in z]',
    ]);
  });

  it('nesting deeper than the reader goes is other, without deep recursion', () => {
    expect(lit(`x = ${'['.repeat(5000)}1${']'.repeat(5000)}`)).toMatch(/^(\[)+other:\[+1\]+\]+$/);
  });

  it('numbers as Python reads them', () => {
    expect(['1_000', '0x1F', '0b101', '0o17', '.5', '1e3', '10L', '3j'].map(parseNumber)).toEqual([1000, 31, 5, 15, 0.5, 1000, 10, null]);
  });
});

describe('python spans and imports', () => {
  it('brackets, top-level splits, call arguments, dotted names, value ends', () => {
    const t = tokenize('app.include_router(users.router, prefix="/api", **kw)[0]')[0]!.tokens;
    const open = 3;
    const close = closingIndex(t, open);
    expect(t[close]!.text).toBe(')');
    const args = callArgs(t, open, close);
    expect(args.positional.map(([s, e]) => tokensText(t, s, e))).toEqual(['users.router']);
    expect([...args.keywords].map(([k, [s, e]]) => `${k}=${tokensText(t, s, e)}`)).toEqual(['prefix="/api"']);
    expect(dottedAt(t, 0)).toEqual({ parts: ['app', 'include_router'], end: 3 });
    expect(splitTopLevel(t, open + 1, close)).toHaveLength(3);
    expect(tokensText(t, open + 1, valueEnd(t, open + 1))).toBe('users.router');
    expect(topLevelEquals(tokenize('a = b == (c = d)')[0]!.tokens)).toEqual([1]);
  });

  it('import statements: dotted modules, aliases, relative levels, parenthesized and star imports', () => {
    const imps = tokenize('import a.b as c, d\nfrom ...pkg.mod import (x as y,\n  z)\nfrom . import *\nfrom import x\nx = 1\n').flatMap((l) => importsOf(l.tokens));
    expect(imps.map((i) => [i.level, i.module, i.name, i.alias, i.line])).toEqual([
      [0, 'a.b', null, 'c', 1],
      [0, 'd', null, null, 1],
      [3, 'pkg.mod', 'x', 'y', 2],
      [3, 'pkg.mod', 'z', null, 2],
      [1, '', '*', null, 4],
    ]);
  });
});

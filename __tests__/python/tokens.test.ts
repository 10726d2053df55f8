import { describe, expect, it } from 'vitest';
import { BYTES, FMT, prefixFlags, RAW } from '../../src/python/chars.js';
import { decodeString, pySource, tokenize, type PyLine } from '../../src/python/tokens.js';

const kinds = (l: PyLine) => l.tokens.map((t) => `${t.type}:${t.text}`);
const values = (src: string) => tokenize(src).flatMap((l) => l.tokens.filter((t) => t.type === 'string').map((t) => t.value));

describe('python tokenizer: tokens', () => {
  it('names, numbers, strings and operators with their line, column and offsets', () => {
    const src = 'x: int = 0x1F + 1_000.5e-3 ** -2  # comment\nname_ü = f"a{b}" if a->b else ...\n';
    const [a, b] = tokenize(src);
    expect(kinds(a!)).toEqual(['name:x', 'op::', 'name:int', 'op:=', 'number:0x1F', 'op:+', 'number:1_000.5e-3', 'op:**', 'op:-', 'number:2']);
    expect(kinds(b!)).toEqual(['name:name_ü', 'op:=', 'string:f"a{b}"', 'name:if', 'name:a', 'op:->', 'name:b', 'name:else', 'op:...']);
    const f = b!.tokens[2]!;
    expect(f).toMatchObject({ line: 2, column: 10, value: 'a{b}', fstring: true });
    expect(src.slice(f.start, f.end)).toBe('f"a{b}"');
    expect(a!.tokens[4]).toMatchObject({ line: 1, column: 10, start: 9, end: 13 });
  });

  it('string prefixes in any case, raw strings as written, bytes and t-strings marked', () => {
    const src = String.raw`a = r"\d+" + R'\n' + b"\x41" + rb'\x41' + u"\u00e9" + Br"x" + t"{x}" + fR"\{y}"`;
    const toks = tokenize(src)[0]!.tokens.filter((t) => t.type === 'string');
    expect(toks.map((t) => t.value)).toEqual(['\\d+', '\\n', 'A', '\\x41', 'é', 'x', '{x}', '\\{y}']);
    expect(toks.map((t) => [t.bytes === true, t.fstring === true])).toEqual([
      [false, false],
      [false, false],
      [true, false],
      [true, false],
      [false, false],
      [true, false],
      [false, true],
      [false, true],
    ]);
    // no prefix Python accepts: a name, then a string
    expect(kinds(tokenize('ub"x"')[0]!)).toEqual(['name:ub', 'string:"x"']);
    expect(kinds(tokenize('rr"x"')[0]!)).toEqual(['name:rr', 'string:"x"']);
  });

  it('escapes decoded: \\x, \\u, \\U, named characters kept, backslash-newline joins', () => {
    expect(values(String.raw`s = "\x41\u00e9\U0001F600\t\q\N{DASH}"`)).toEqual(['Aé😀\t\\q\\N{DASH}']);
    expect(values('s = "one \\\ntwo"')).toEqual(['one two']);
    expect(decodeString('ab\\', 0, 3, false)).toBe('ab\\');
  });

  it('triple-quoted strings over lines, and f-strings whose fields hold quotes of the same kind (PEP 701)', () => {
    const lines = tokenize('doc = """one\n"two"\nthree"""\nx = f"{d["k"]}" + f\'{a!r:>{w}}\'\ny = 1\n');
    expect(lines.map((l) => [l.line, l.tokens[0]!.text])).toEqual([
      [1, 'doc'],
      [4, 'x'],
      [5, 'y'],
    ]);
    expect(lines[0]!.tokens[2]!.value).toBe('one\n"two"\nthree');
    expect(lines[1]!.tokens.filter((t) => t.type === 'string').map((t) => t.value)).toEqual(['{d["k"]}', '{a!r:>{w}}']);
  });

  it('unterminated strings end at their line (single quotes) or at the end of the file (triple)', () => {
    const lines = tokenize('a = "open\nb = 2\nc = """never\nclosed');
    expect(lines.map((l) => l.tokens[0]!.text)).toEqual(['a', 'b', 'c']);
    expect(lines[0]!.tokens[2]!.value).toBe('open');
    expect(lines[2]!.tokens[2]!.value).toBe('never\nclosed');
  });

  it('a byte-order mark and CRLF line endings read as Python reads them', () => {
    const src = '\ufeffa = 1\r\nb = """x\r\ny"""\r\n';
    const lines = tokenize(src);
    expect(lines.map((l) => [l.line, l.tokens[0]!.column])).toEqual([
      [1, 1],
      [2, 1],
    ]);
    expect(lines[1]!.tokens[2]!.value).toBe('x\ny');
    expect(pySource(src)).toBe('a = 1\nb = """x\ny"""\n');
    const t = lines[1]!.tokens[2]!;
    expect(pySource(src).slice(t.start, t.end)).toBe('"""x\ny"""');
  });

  it('prefix flags are shared with the import-graph scanner', () => {
    expect(prefixFlags('rb', 0, 2)).toBe(RAW | BYTES);
    expect(prefixFlags('Tr', 0, 2)).toBe(RAW | FMT);
    expect(prefixFlags('u', 0, 1)).toBe(0);
    expect(['ur', 'bf', 'fb', 'uu', 'rbf', 'x'].map((p) => prefixFlags(p, 0, p.length))).toEqual([-1, -1, -1, -1, -1, -1]);
  });
});

describe('python tokenizer: logical lines', () => {
  it('brackets and backslashes join physical lines; semicolons split statements; comments and blank lines vanish', () => {
    const lines = tokenize('x = (1,\n     2)  # c\n\ny = \\\n  3; z = 4\n# only a comment\nw = [\n]\n');
    expect(lines.map((l) => [l.line, l.tokens.map((t) => t.text).join(' ')])).toEqual([
      [1, 'x = ( 1 , 2 )'],
      [4, 'y = 3'],
      [5, 'z = 4'],
      [7, 'w = [ ]'],
    ]);
    expect(tokenize('x = (\n').length).toBe(1);
  });

  it('indentation (tabs to multiples of 8), kept by a statement after a semicolon', () => {
    const lines = tokenize('if a:\n    b = 1; c = 2\n\tif d:\n\t    e = 3\n');
    expect(lines.map((l) => [l.tokens[0]!.text, l.indent])).toEqual([
      ['if', 0],
      ['b', 4],
      ['c', 4],
      ['if', 8],
      ['e', 12],
    ]);
  });

  it('scopes: module, class (with its name), function, and function bodies at any depth', () => {
    const src = [
      'A = 1',
      'class Settings(Base):',
      '    B = 2',
      '    if x:',
      '        C = 3',
      '    class Inner:',
      '        D = 4',
      '    def method(self):',
      '        E = 5',
      '        class Local:',
      '            F = 6',
      '    G = 7',
      'async def f(',
      '    a,',
      '):',
      '    H = 8',
      'I = 9',
    ].join('\n');
    const got = tokenize(src)
      .filter((l) => l.tokens[1]?.text === '=')
      .map((l) => `${l.tokens[0]!.text}:${l.scope}:${l.className ?? '-'}:${l.inFunction ? 'fn' : '-'}`);
    expect(got).toEqual([
      'A:module:-:-',
      'B:class:Settings:-',
      'C:class:Settings:-',
      'D:class:Inner:-',
      'E:function:-:fn',
      'F:class:Local:fn',
      'G:class:Settings:-',
      'H:function:-:fn',
      'I:module:-:-',
    ]);
  });

  it('never throws on hostile input', () => {
    const deep = `x = ${'('.repeat(5000)}1${')'.repeat(5000)}\n`;
    expect(tokenize(deep)).toHaveLength(1);
    for (const s of ['"""', "f'{", 'f"{x:{', '\\', ')))', '\\\n', 'x = "\\']) expect(() => tokenize(s)).not.toThrow();
  });
});

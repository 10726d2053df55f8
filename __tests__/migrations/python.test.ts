import { describe, expect, it } from 'vitest';
import { readPython, showValue } from '../../src/migrations/python.js';
import { PyTree } from '../../src/migrations/pyresolve.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { tmpRepo } from '../helpers.js';

const values = (src: string) =>
  Object.fromEntries(
    readPython(src)
      .assignments.filter((a) => a.scope === '')
      .map((a) => [a.name, showValue(a.value)]),
  );

describe('python reader', () => {
  it('reads plain, annotated, tuple, list and None assignments', () => {
    const src = [
      '"""add audit_log',
      '',
      'Revision ID: 7ede68b0258d',
      '"""',
      'from typing import Sequence, Union',
      '',
      "revision: str = '7ede68b0258d'",
      'down_revision: Union[str, Sequence[str], None] = ("a1", \'b2\',)',
      'branch_labels = ["expand"]',
      'depends_on = None',
      'x = y = "same"',
      'bare = "p", "q"',
      'joined = ("ab"',
      '          "cd")',
      'cont = \\',
      '    "e"',
      'one = ("solo",)',
      'paren = ("only")',
      'empty = ()',
    ].join('\n');
    expect(values(src)).toEqual({
      revision: '"7ede68b0258d"',
      down_revision: '("a1", "b2")',
      branch_labels: '("expand",)',
      depends_on: 'None',
      x: '"same"',
      y: '"same"',
      bare: '("p", "q")',
      joined: '"abcd"',
      cont: '"e"',
      one: '("solo",)',
      paren: '"only"',
      empty: '()',
    });
    expect(readPython(src).docstring).toBe('add audit_log');
  });

  it('keeps lines of assignments and of items spread over lines', () => {
    const m = readPython('x = 1\ndown_revision = (\n    "a",\n    "b",\n)\n');
    const a = m.assignments.find((x) => x.name === 'down_revision')!;
    expect(a.line).toBe(2);
    expect(a.value.k === 'seq' && a.value.items.map((i) => i.line)).toEqual([3, 4]);
  });

  it('ignores strings, comments, function bodies and comparisons that look like assignments', () => {
    const src = [
      '# revision = "comment"',
      's = """',
      'revision = "in a string"',
      '"""',
      'def upgrade():',
      '    revision = "local"',
      '    if a == b: pass',
      'if revision == "x": pass',
      'f = f"{x}"',
      'call = make_id()',
      'n = 3',
    ].join('\n');
    const m = readPython(src);
    expect(m.assignments.map((a) => a.name)).toEqual(['s', 'f', 'call', 'n']);
    expect(m.assignments.find((a) => a.name === 'f')!.value.k).toBe('other');
    expect(m.assignments.find((a) => a.name === 'call')!.value.k).toBe('other');
  });

  it('reads class bodies with their scope and imports', () => {
    const src = [
      'from django.db import migrations',
      'from . import ids as the_ids, other',
      'import app.db.consts as c',
      'import os.path',
      'class Migration(migrations.Migration):',
      '    dependencies = [',
      '        ("blog", "0001_initial"),',
      '        migrations.swappable_dependency(settings.AUTH_USER_MODEL),',
      '    ]',
      '    operations = []',
      'after = 1',
    ].join('\n');
    const m = readPython(src);
    expect(m.classes).toEqual([{ name: 'Migration', line: 5 }]);
    const deps = m.assignments.find((a) => a.name === 'dependencies')!;
    expect(deps.scope).toBe('Migration');
    expect(showValue(deps.value)).toBe('(("blog", "0001_initial"), migrations.swappable_dependency(settings.AUTH_USER_MODEL))');
    expect(m.assignments.find((a) => a.name === 'after')!.scope).toBe('');
    expect(m.imports.map((i) => [i.module, i.name, i.alias])).toEqual([
      ['django.db', 'migrations', 'migrations'],
      ['.', 'ids', 'the_ids'],
      ['.', 'other', 'other'],
      ['app.db.consts', '', 'c'],
      ['os', '', 'os'],
      ['os.path', '', 'os.path'],
    ]);
  });

  it('splits statements on semicolons and survives unterminated strings', () => {
    expect(values('a = "1"; b = None\nc = "open\nd = "2"\n')).toMatchObject({ a: '"1"', b: 'None', d: '"2"' });
  });
});

describe('constants resolved one step', () => {
  it('local names, from-imports (relative and absolute), module attributes', async () => {
    const root = tmpRepo({
      'app/__init__.py': '',
      'app/ids.py': 'BASE = "aaa111"\nPAIR = ("bbb222", "ccc333")\nALIAS = BASE\nFAR = deeper.X\nfrom app.deeper import Y\n',
      'app/deeper.py': 'Y = "yyy"\n',
      'app/versions/r1.py': [
        'from ..ids import BASE, PAIR as P',
        'from app import ids',
        'import app.ids as aid',
        'from app.ids import Y',
        'LOCAL = "loc"',
        'a = BASE',
        'b = P',
        'c = ids.ALIAS',
        'd = aid.BASE',
        'e = LOCAL',
        'f = (BASE, "x")',
        'g = Y',
        'h = NOPE',
      ].join('\n'),
    });
    const ws = await Workspace.open(root);
    const tree = new PyTree(ws);
    const mod = (await tree.module('app/versions/r1.py'))!;
    const got: Record<string, string> = {};
    for (const a of mod.assignments) got[a.name] = showValue(await tree.resolve('app/versions/r1.py', a.value));
    expect(got).toMatchObject({ a: '"aaa111"', b: '("bbb222", "ccc333")', c: '"aaa111"', d: '"aaa111"', e: '"loc"', f: '("aaa111", "x")', h: 'NOPE' });
    // Y is imported into ids.py from a third module: two steps away from r1.py, not resolved
    expect(got.g).toBe('Y');
    const b = mod.assignments.find((x) => x.name === 'b')!;
    const rb = await tree.resolve('app/versions/r1.py', b.value);
    expect(rb.line).toBe(7); // reported where the revision file names it
  });
});

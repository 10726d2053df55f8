import { importsOf } from '../python/imports.js';
import { literalAt, type PyLiteral } from '../python/literal.js';
import { topLevelEquals } from '../python/spans.js';
import { pySource, tokenize, type PyToken } from '../python/tokens.js';
import { append } from '../util/array.js';

/**
 * What a migration file says, read statically (src/python/tokens.ts): its module-level and class
 * body assignments, imports, classes and docstring. Right-hand sides are read as literals
 * (src/python/literal.ts): strings (adjacent ones concatenated), None, tuples, lists, and names
 * (to be resolved elsewhere); anything else (calls, arithmetic, f-strings, numbers) is kept as
 * `other` with its source text.
 */

export type PyValue =
  | { k: 'str'; v: string; line: number; column: number }
  | { k: 'none'; line: number; column: number }
  | { k: 'seq'; items: PyValue[]; line: number; column: number }
  | { k: 'name'; v: string; line: number; column: number }
  | { k: 'other'; text: string; line: number; column: number };

export interface PyAssignment {
  name: string;
  value: PyValue;
  line: number;
  column: number;
  /** Innermost enclosing class (`Migration`), or '' at module level; assignments in functions are not kept. */
  scope: string;
}

/** `from <module> import <name> as <alias>` or `import <module> as <alias>` (name '' for plain imports). */
export interface PyImport {
  /** Dotted module with its leading dots for relative imports (`..pkg.mod`). */
  module: string;
  name: string;
  alias: string;
  line: number;
}

export interface PyModule {
  assignments: PyAssignment[];
  imports: PyImport[];
  classes: { name: string; line: number }[];
  /** The first line of the module docstring, when there is one. */
  docstring?: string;
}

/** Read a module's assignments (module level and class bodies), imports and classes. */
export function readPython(text: string): PyModule {
  const src = pySource(text);
  const mod: PyModule = { assignments: [], imports: [], classes: [] };
  let first = true;
  for (const ll of tokenize(src)) {
    const t = ll.tokens;
    const head = t[0]!;
    if (first && t.every((x) => x.type === 'string' && !x.fstring && !x.bytes)) {
      mod.docstring = t
        .map((x) => x.value)
        .join('')
        .trim()
        .split('\n')[0]!
        .trim();
    }
    first = false;
    if (ll.inFunction) continue;
    const scope = ll.scope === 'class' ? ll.className! : '';
    if (head.type === 'name' && (head.text === 'def' || (head.text === 'async' && t[1]?.text === 'def'))) continue;
    if (head.type === 'name' && head.text === 'class' && t[1]?.type === 'name') {
      mod.classes.push({ name: t[1].text, line: head.line });
      continue;
    }
    if (head.type === 'name' && (head.text === 'from' || head.text === 'import')) {
      if (scope === '') append(mod.imports, readImports(t));
      continue;
    }
    const a = readAssignment(t, src);
    if (a) for (const name of a.targets) mod.assignments.push({ name: name.text, value: a.value, line: name.line, column: name.column, scope });
  }
  return mod;
}

/** Imports in the shape the resolver follows: `import a.b` binds `a`, through which `a.b.X` is reached (so `a.b` is kept too). */
function readImports(t: readonly PyToken[]): PyImport[] {
  const out: PyImport[] = [];
  for (const imp of importsOf(t)) {
    if (imp.name === '*') continue;
    if (imp.name !== null) {
      out.push({ module: '.'.repeat(imp.level) + imp.module, name: imp.name, alias: imp.alias ?? imp.name, line: imp.line });
      continue;
    }
    const top = imp.module.split('.')[0]!;
    if (imp.alias !== null) out.push({ module: imp.module, name: '', alias: imp.alias, line: imp.line });
    else out.push({ module: top, name: '', alias: top, line: imp.line });
    if (imp.alias === null && imp.module.includes('.')) out.push({ module: imp.module, name: '', alias: imp.module, line: imp.line });
  }
  return out;
}

/** `a = b = value` / `a: T = value`: the plain-name targets and the value, or null. */
function readAssignment(t: readonly PyToken[], src: string): { targets: PyToken[]; value: PyValue } | null {
  const eqs = topLevelEquals(t);
  if (eqs.length === 0) return null;
  const targets: PyToken[] = [];
  let from = 0;
  for (const at of eqs) {
    const first = t[from]!;
    if (at === from + 1 && first.type === 'name') targets.push(first);
    else if (at >= from + 2 && first.type === 'name' && t[from + 1]!.text === ':' && eqs.length === 1)
      targets.push(first); // annotated
    else return null;
    from = at + 1;
  }
  const last = eqs[eqs.length - 1]! + 1;
  if (last >= t.length) return null;
  return { targets, value: valueOf(literalAt(t, last, t.length), t, src) };
}

/** A literal as a migration reader sees it: strings, None, sequences of them and names; the rest by its source text. */
function valueOf(lit: PyLiteral, t: readonly PyToken[], src: string): PyValue {
  const at = { line: t[lit.s]!.line, column: t[lit.s]!.column };
  switch (lit.k) {
    case 'str':
      if (!lit.fstring && !lit.bytes) return { k: 'str', v: lit.v, ...at };
      break;
    case 'none':
      return { k: 'none', ...at };
    case 'name':
      return { k: 'name', v: lit.v, ...at };
    case 'seq':
      if (lit.open !== '{') return { k: 'seq', items: lit.items.map((x) => valueOf(x, t, src)), ...at };
      break;
  }
  return { k: 'other', text: src.slice(t[lit.s]!.start, t[lit.e - 1]!.end).replace(/\s+/g, ' '), ...at };
}

/** Source-like text of a value, for messages. */
export function showValue(v: PyValue): string {
  switch (v.k) {
    case 'str':
      return JSON.stringify(v.v);
    case 'none':
      return 'None';
    case 'name':
      return v.v;
    case 'seq':
      return `(${v.items.map(showValue).join(', ')}${v.items.length === 1 ? ',' : ''})`;
    default:
      return v.text;
  }
}

import { evalPy } from '../config-values/lex/python-eval.js';
import { closingIndex, dottedAt, lexPython, type PyToken } from '../config-values/lex/python.js';
import type { ConfigValue } from '../config-values/types.js';
import type { Workspace } from '../workspace/workspace.js';

/**
 * Static Python module resolution for route discovery: which file a dotted module name is, what
 * a module binds (imports, assignments) and what a dotted expression (`users.router`) refers to.
 * No Python needed, no import graph needed: module names are matched against the repository's
 * files (from the root, or a source root such as `src/` above the importing file).
 */

export type PyBinding = { kind: 'module'; name: string } | { kind: 'from'; module: string; name: string };

/** An assignment `name = <rhs>`: the tokens of its line and where the right-hand side starts. */
export interface PyDef {
  name: string;
  tokens: PyToken[];
  start: number;
  line: number;
  /** When the right-hand side is a call: its callee and the indexes of its brackets. */
  call?: { callee: string[]; open: number; close: number };
  /** When the right-hand side is a plain dotted name (an alias). */
  alias?: string[];
}

/** A call `receiver.method(…)` or decorator `@receiver.method(…)` found in a module. */
export interface PyCall {
  receiver: string[];
  method: string;
  tokens: PyToken[];
  open: number;
  close: number;
  line: number;
}

export interface PyModule {
  file: string;
  dotted: string;
  imports: Map<string, PyBinding>;
  stars: string[];
  defs: Map<string, PyDef>;
  decorators: PyCall[];
  calls: PyCall[];
  /** Top-level packages it imports from (fastapi, flask, …). */
  imported: Set<string>;
}

export type PySymbol = { kind: 'module'; file: string } | { kind: 'def'; file: string; def: PyDef } | null;

const SOURCE_ROOTS = new Set(['src', 'lib', 'python', 'app', 'backend', 'server']);

export class PyProject {
  private readonly bySuffix = new Map<string, string[]>();
  private readonly dottedOf = new Map<string, string>();
  private readonly modules = new Map<string, Promise<PyModule | null>>();

  constructor(private readonly ws: Workspace, files: readonly string[]) {
    for (const f of files) {
      const d = dottedName(f);
      if (d === null) continue;
      this.dottedOf.set(f, d);
      const parts = d.split('.');
      for (let i = 0; i < parts.length; i++) {
        const k = parts.slice(i).join('.');
        const list = this.bySuffix.get(k) ?? [];
        list.push(f);
        this.bySuffix.set(k, list);
      }
    }
  }

  /** The file of module `name` imported from `from`, or null (third-party, stdlib, not in the tree). */
  moduleFile(name: string, from: string): string | null {
    const list = this.bySuffix.get(name);
    if (!list) return null;
    const exact = list.filter((f) => this.dottedOf.get(f) === name);
    const ok = exact.length > 0 ? exact : list.filter((f) => plausibleRoot(f, name, from));
    if (ok.length === 0) return null;
    if (ok.length === 1) return ok[0]!;
    return [...ok].sort((a, b) => common(b, from) - common(a, from) || a.length - b.length || (a < b ? -1 : 1))[0]!;
  }

  /** The absolute module name of `from .x import` (level dots) written in `file`. */
  relative(file: string, level: number, name: string): string {
    const d = this.dottedOf.get(file) ?? dottedName(file) ?? '';
    const parts = d.split('.').filter(Boolean);
    const isPkg = /(^|\/)__init__\.pyi?$/.test(file);
    const base = parts.slice(0, Math.max(0, parts.length - (isPkg ? level - 1 : level)));
    return [...base, ...(name ? name.split('.') : [])].join('.');
  }

  module(file: string): Promise<PyModule | null> {
    let p = this.modules.get(file);
    if (!p) {
      const text = this.ws.readTextSync(file);
      p = Promise.resolve(text === null ? null : analyze(file, this.dottedOf.get(file) ?? '', text, this));
      this.modules.set(file, p);
    }
    return p;
  }

  /** What `parts` (e.g. ['users', 'router']) names in `file`. */
  async resolve(file: string, parts: readonly string[], depth = 0): Promise<PySymbol> {
    if (depth > 12 || parts.length === 0) return null;
    const mod = await this.module(file);
    if (!mod) return null;
    const [head, ...rest] = parts as [string, ...string[]];
    const def = mod.defs.get(head);
    if (def) {
      if (def.alias) return this.resolve(file, [...def.alias, ...rest], depth + 1);
      return rest.length === 0 ? { kind: 'def', file, def } : null;
    }
    const b = mod.imports.get(head);
    if (b?.kind === 'module') return this.moduleAttrs(b.name, rest, file, depth);
    if (b?.kind === 'from') {
      const sub = this.moduleFile(`${b.module}.${b.name}`, file);
      if (sub) return this.moduleAttrs(`${b.module}.${b.name}`, rest, file, depth);
      const target = this.moduleFile(b.module, file);
      return target ? this.resolve(target, [b.name, ...rest], depth + 1) : null;
    }
    for (const s of mod.stars) {
      const target = this.moduleFile(s, file);
      if (!target || target === file) continue;
      const r = await this.resolve(target, parts, depth + 1);
      if (r) return r;
    }
    return null;
  }

  private async moduleAttrs(name: string, attrs: readonly string[], from: string, depth: number): Promise<PySymbol> {
    let mod = name;
    let i = 0;
    while (i < attrs.length && this.moduleFile(`${mod}.${attrs[i]}`, from)) mod = `${mod}.${attrs[i++]}`;
    const file = this.moduleFile(mod, from);
    if (!file) return null;
    if (i === attrs.length) return { kind: 'module', file };
    return this.resolve(file, attrs.slice(i), depth + 1);
  }

  /** The value of a constant expression in `file`, resolving module-level names (also imported ones). */
  async evaluate(file: string, tokens: readonly PyToken[], s: number, e: number, depth = 0): Promise<ConfigValue | null> {
    const names = new Map<string, ConfigValue>();
    if (depth < 6) {
      for (let i = s; i < e; i++) {
        const t = tokens[i]!;
        if (t.type === 'name' && tokens[i - 1]?.text !== '.' && !names.has(t.text)) {
          const sym = await this.resolve(file, [t.text]);
          if (sym?.kind === 'def') {
            const v = await this.evaluate(sym.file, sym.def.tokens, sym.def.start, sym.def.tokens.length, depth + 1);
            if (v?.known) names.set(t.text, v);
          }
        }
        if (t.type === 'string' && t.fstring) {
          for (const m of t.value!.matchAll(/\{\s*([A-Za-z_]\w*)\s*\}/g)) {
            const sym = names.has(m[1]!) ? null : await this.resolve(file, [m[1]!]);
            if (sym?.kind === 'def') {
              const v = await this.evaluate(sym.file, sym.def.tokens, sym.def.start, sym.def.tokens.length, depth + 1);
              if (v?.known) names.set(m[1]!, v);
            }
          }
        }
      }
    }
    return evalPy(tokens, s, e, (n) => names.get(n));
  }
}

/** `a/b/c.py` → `a.b.c`, `a/b/__init__.py` → `a.b`; null for names Python cannot import. */
export function dottedName(file: string): string | null {
  const m = /^(.*?)(?:\/__init__)?\.pyi?$/.exec(file);
  if (!m) return null;
  const d = m[1]!.split('/').join('.');
  return d === '__init__' ? '' : d;
}

function plausibleRoot(file: string, name: string, from: string): boolean {
  const fileDir = file.slice(0, file.length - (file.length - file.lastIndexOf('/') - 1));
  const depth = name.split('.').length + (/(^|\/)__init__\.pyi?$/.test(file) ? 1 : 0);
  const root = fileDir.split('/').filter(Boolean).slice(0, Math.max(0, fileDir.split('/').filter(Boolean).length - depth + 1)).join('/');
  if (root === '') return true;
  if (from.startsWith(`${root}/`)) return true;
  return name.includes('.') || SOURCE_ROOTS.has(root.split('/').pop()!);
}

function common(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return i;
}

function analyze(file: string, dotted: string, text: string, project: PyProject): PyModule {
  const mod: PyModule = { file, dotted, imports: new Map(), stars: [], defs: new Map(), decorators: [], calls: [], imported: new Set() };
  for (const l of lexPython(text)) {
    const t = l.tokens;
    const t0 = t[0]!;
    if (t0.text === 'import' && t0.type === 'name') {
      readImport(mod, t);
      continue;
    }
    if (t0.text === 'from' && t0.type === 'name') {
      readFrom(mod, t, file, project);
      continue;
    }
    if (t0.text === '@') {
      const d = dottedAt(t, 1);
      if (d && d.parts.length >= 2 && t[d.end]?.text === '(') {
        const close = closingIndex(t, d.end);
        if (close > 0) mod.decorators.push({ receiver: d.parts.slice(0, -1), method: d.parts[d.parts.length - 1]!, tokens: t, open: d.end, close, line: t0.line });
      }
      continue;
    }
    readDef(mod, t);
    for (let i = 2; i < t.length; i++) {
      const x = t[i]!;
      if (x.type !== 'name' || t[i - 1]!.text !== '.' || t[i + 1]?.text !== '(' || !CALLS.has(x.text)) continue;
      let s = i - 1;
      while (s >= 1 && t[s]!.text === '.' && t[s - 1]!.type === 'name') s -= 2;
      s += 1;
      const d = dottedAt(t, s);
      if (!d || d.end !== i + 1 || t[s - 1]?.text === '.') continue;
      const close = closingIndex(t, i + 1);
      if (close > 0) mod.calls.push({ receiver: d.parts.slice(0, -1), method: x.text, tokens: t, open: i + 1, close, line: t[s]!.line });
    }
  }
  return mod;
}

/** Calls that mount routers or declare routes (FastAPI, Starlette, Flask). */
const CALLS = new Set(['include_router', 'add_api_route', 'add_api_websocket_route', 'mount', 'register_blueprint', 'add_url_rule']);

function readImport(mod: PyModule, t: PyToken[]): void {
  let i = 1;
  while (i < t.length) {
    const d = dottedAt(t, i);
    if (!d) break;
    let j = d.end;
    const name = d.parts.join('.');
    mod.imported.add(d.parts[0]!);
    if (t[j]?.text === 'as' && t[j + 1]?.type === 'name') {
      mod.imports.set(t[j + 1]!.text, { kind: 'module', name });
      j += 2;
    } else if (!mod.imports.has(d.parts[0]!)) mod.imports.set(d.parts[0]!, { kind: 'module', name: d.parts[0]! });
    if (t[j]?.text !== ',') break;
    i = j + 1;
  }
}

function readFrom(mod: PyModule, t: PyToken[], file: string, project: PyProject): void {
  let i = 1;
  let level = 0;
  while (t[i]?.text === '.' || t[i]?.text === '...') level += t[i++]!.text.length;
  const d = t[i]?.text === 'import' ? null : dottedAt(t, i);
  const rel = d ? d.parts.join('.') : '';
  if (d) i = d.end;
  if (t[i]?.text !== 'import') return;
  const module = level > 0 ? project.relative(file, level, rel) : rel;
  if (level === 0 && d) mod.imported.add(d.parts[0]!);
  i++;
  if (t[i]?.text === '*') {
    mod.stars.push(module);
    return;
  }
  for (; i < t.length; i++) {
    const x = t[i]!;
    if (x.type !== 'name') continue;
    if (t[i + 1]?.text === 'as' && t[i + 2]?.type === 'name') {
      mod.imports.set(t[i + 2]!.text, { kind: 'from', module, name: x.text });
      i += 2;
    } else mod.imports.set(x.text, { kind: 'from', module, name: x.text });
  }
}

function readDef(mod: PyModule, t: PyToken[]): void {
  const name = t[0]!;
  if (name.type !== 'name') return;
  let eq = 1;
  if (t[1]?.text === ':') {
    eq = 2;
    let depth = 0;
    for (; eq < t.length; eq++) {
      const x = t[eq]!.text;
      if ('([{'.includes(x)) depth++;
      else if (')]}'.includes(x)) depth--;
      else if (x === '=' && depth === 0) break;
    }
  }
  if (t[eq]?.text !== '=' || eq + 1 >= t.length || mod.defs.has(name.text)) return;
  const start = eq + 1;
  const def: PyDef = { name: name.text, tokens: t, start, line: name.line };
  const d = dottedAt(t, start);
  if (d && d.end === t.length) def.alias = d.parts;
  else if (d && t[d.end]?.text === '(') {
    const close = closingIndex(t, d.end);
    if (close === t.length - 1) def.call = { callee: d.parts, open: d.end, close };
  }
  mod.defs.set(name.text, def);
}

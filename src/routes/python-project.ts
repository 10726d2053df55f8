import { evalPy } from '../config-values/python-eval.js';
import type { ConfigValue } from '../config-values/types.js';
import { moduleFileOf, type PyLayout } from '../graph/python-resolve.js';
import { treeLayout } from '../graph/python-tree.js';
import { importsOf } from '../python/imports.js';
import { callArgs, closingIndex, dottedAt, topLevelEquals } from '../python/spans.js';
import { settingsValue } from './python-settings.js';
import { tokenize, type PyToken } from '../python/tokens.js';
import type { Workspace } from '../workspace/workspace.js';

/**
 * What Python modules bind, for route discovery: imports, assignments, route decorators and
 * mounting calls of a module, and what a dotted expression (`users.router`) refers to across
 * modules. Which file a module name is comes from the import graph's layout
 * (src/graph/python-resolve.ts: source roots, src/ layouts, namespace packages), with names also
 * found from the importing file's directory and those above it.
 */

/** What an imported name is bound to: a module, or a name in a module (`ref`: the module as written, leading dots kept). */
export type PyBinding = { kind: 'module'; ref: string } | { kind: 'from'; ref: string; name: string };

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

/** A class of a module: its class-level assignments (settings defaults) and pydantic-settings options. */
export interface PyClass {
  name: string;
  attrs: Map<string, PyDef>;
  /** `model_config = SettingsConfigDict(…)` or `class Config:` keyword values, as definitions. */
  config: Map<string, PyDef>;
}

export interface PyModule {
  file: string;
  imports: Map<string, PyBinding>;
  stars: string[];
  defs: Map<string, PyDef>;
  classes: Map<string, PyClass>;
  /** module-level function → the callee of its first `return X()` */
  factories: Map<string, string[]>;
  decorators: PyCall[];
  calls: PyCall[];
  /** Top-level packages it imports from (fastapi, flask, …). */
  imported: Set<string>;
}

export type PySymbol =
  | { kind: 'module'; file: string }
  | { kind: 'def'; file: string; def: PyDef }
  | { kind: 'class'; file: string; cls: PyClass }
  /** a function whose first `return` is a call `X(…)`: X (settings factories such as `get_settings()`) */
  | { kind: 'factory'; file: string; returns: string[] }
  | null;

export class PyProject {
  private readonly layout: PyLayout;
  private readonly modules = new Map<string, Promise<PyModule | null>>();

  constructor(private readonly ws: Workspace) {
    this.layout = treeLayout(ws);
  }

  /** The file of module `ref` (leading dots for relative names) imported in `from`, or null (third-party, stdlib, not in the tree). */
  moduleFile(ref: string, from: string): string | null {
    let level = 0;
    while (ref.charCodeAt(level) === 46) level++;
    return moduleFileOf(this.layout, from, level, ref.slice(level), true);
  }

  module(file: string): Promise<PyModule | null> {
    let p = this.modules.get(file);
    if (!p) {
      const text = this.ws.readTextSync(file);
      p = Promise.resolve(text === null ? null : analyze(file, text));
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
    const cls = mod.classes.get(head);
    if (cls && !mod.defs.has(head)) return rest.length === 0 ? { kind: 'class', file, cls } : null;
    const returns = mod.factories.get(head);
    if (returns && !mod.defs.has(head)) return rest.length === 0 ? { kind: 'factory', file, returns } : null;
    const def = mod.defs.get(head);
    if (def) {
      if (def.alias) return this.resolve(file, [...def.alias, ...rest], depth + 1);
      return rest.length === 0 ? { kind: 'def', file, def } : null;
    }
    const b = mod.imports.get(head);
    if (b?.kind === 'module') return this.moduleAttrs(b.ref, rest, file, depth);
    if (b?.kind === 'from') {
      const sub = joinRef(b.ref, b.name);
      if (this.moduleFile(sub, file)) return this.moduleAttrs(sub, rest, file, depth);
      const target = this.moduleFile(b.ref, file);
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

  private async moduleAttrs(ref: string, attrs: readonly string[], from: string, depth: number): Promise<PySymbol> {
    let mod = ref;
    let i = 0;
    while (i < attrs.length && this.moduleFile(joinRef(mod, attrs[i]!), from)) mod = joinRef(mod, attrs[i++]!);
    const file = this.moduleFile(mod, from);
    if (!file) return null;
    if (i === attrs.length) return { kind: 'module', file };
    return this.resolve(file, attrs.slice(i), depth + 1);
  }

  /**
   * The value of a constant expression in `file`, resolving module-level names (also imported ones)
   * and attributes of settings objects (`settings.API_V1_STR`, see settingsValue).
   */
  async evaluate(file: string, tokens: readonly PyToken[], s: number, e: number, depth = 0): Promise<ConfigValue | null> {
    const names = new Map<string, ConfigValue>();
    const bind = async (parts: string[]): Promise<void> => {
      const key = parts.join('.');
      if (names.has(key)) return;
      const v = await this.valueOf(file, parts, depth);
      if (v?.known) names.set(key, v);
    };
    if (depth < 6) {
      for (let i = s; i < e; i++) {
        const t = tokens[i]!;
        if (t.type === 'name' && tokens[i - 1]?.text !== '.') {
          const d = dottedAt(tokens, i);
          if (d && d.parts.length >= 2 && d.parts.length <= 4 && tokens[d.end]?.text !== '(') await bind(d.parts);
          await bind([t.text]);
        }
        if (t.type === 'string' && t.fstring) {
          for (const m of t.value!.matchAll(/\{\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*){0,3})\s*\}/g)) await bind(m[1]!.split('.'));
        }
      }
    }
    return evalPy(tokens, s, e, (n) => names.get(n));
  }

  /** The value `parts` (a name, or `object.attribute`) has in `file`: a constant, or a settings default. */
  private async valueOf(file: string, parts: string[], depth: number): Promise<ConfigValue | null> {
    const sym = await this.resolve(file, parts);
    if (sym?.kind === 'def') return this.evaluate(sym.file, sym.def.tokens, sym.def.start, sym.def.tokens.length, depth + 1);
    if (parts.length < 2) return null;
    // `settings.X` where `settings = Settings()` (or `get_settings()` returning one, or `get_settings().X`)
    // and `class Settings(BaseSettings)` has `X: str = "…"`
    const obj = await this.resolve(file, parts.slice(0, -1));
    let cls: PySymbol = null;
    if (obj?.kind === 'def' && obj.def.call && obj.def.call.close === obj.def.call.open + 1) cls = await this.instanceOf(obj.file, obj.def.call.callee);
    return cls?.kind === 'class' ? settingsValue(this, cls.file, cls.cls, parts[parts.length - 1]!, depth) : null;
  }

  /** The class a call `callee()` in `file` instantiates: a class, or what a factory function returns. */
  private async instanceOf(file: string, callee: string[]): Promise<PySymbol> {
    const sym = await this.resolve(file, callee);
    if (sym?.kind === 'factory') {
      const inner = await this.resolve(sym.file, sym.returns);
      return inner?.kind === 'class' ? inner : null;
    }
    return sym?.kind === 'class' ? sym : null;
  }

  /** Text of a workspace file (for settings' env files). */
  readText(file: string): string | null {
    this.fileSet ??= new Set(this.ws.files);
    return this.fileSet.has(file) ? this.ws.readTextSync(file) : null;
  }
  private fileSet: Set<string> | null = null;
}

/** A module named inside another: `a.b` + `c`, `..` + `c`. */
function joinRef(ref: string, name: string): string {
  return ref.endsWith('.') ? ref + name : `${ref}.${name}`;
}

function analyze(file: string, text: string): PyModule {
  const mod: PyModule = { file, imports: new Map(), stars: [], defs: new Map(), classes: new Map(), factories: new Map(), decorators: [], calls: [], imported: new Set() };
  let configOwner: PyClass | null = null;
  let fn: string | null = null;
  for (const l of tokenize(text)) {
    const t = l.tokens;
    const t0 = t[0]!;
    if (l.scope === 'module' && !l.inFunction) {
      const i = t0.text === 'async' ? 1 : 0;
      fn = t[i]?.text === 'def' && t[i + 1]?.type === 'name' ? t[i + 1]!.text : null;
    } else if (fn && l.inFunction && t0.text === 'return' && !mod.factories.has(fn)) {
      const d = dottedAt(t, 1);
      if (d && t[d.end]?.text === '(' && closingIndex(t, d.end) === t.length - 1 && d.end + 1 === t.length - 1) mod.factories.set(fn, d.parts);
    }
    if (!l.inFunction && t0.text === 'class' && t[1]?.type === 'name') {
      if (l.scope === 'module') mod.classes.set(t[1].text, (configOwner = { name: t[1].text, attrs: new Map(), config: new Map() }));
      else if (t[1].text !== 'Config') configOwner = null;
      continue;
    }
    if (l.scope === 'class' && !l.inFunction) {
      const owner = l.className === 'Config' ? configOwner : mod.classes.get(l.className ?? '');
      const def = owner ? defOf(t) : null;
      if (owner && def) {
        if (l.className === 'Config') owner.config.set(def.name, def);
        else if (def.name === 'model_config' && def.call) {
          const args = callArgs(t, def.call.open, def.call.close);
          for (const [k, [a]] of args.keywords) owner.config.set(k, { name: k, tokens: t, start: a, line: def.line });
        } else if (!owner.attrs.has(def.name)) owner.attrs.set(def.name, def);
      }
    }
    if (t0.type === 'name' && (t0.text === 'import' || t0.text === 'from')) {
      readImports(mod, t);
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
    if (l.scope !== 'class') readDef(mod, t);
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

function readImports(mod: PyModule, t: readonly PyToken[]): void {
  for (const imp of importsOf(t)) {
    const ref = '.'.repeat(imp.level) + imp.module;
    const top = imp.module.split('.')[0]!;
    if (imp.level === 0 && top) mod.imported.add(top);
    if (imp.name === '*') mod.stars.push(ref);
    else if (imp.name !== null) mod.imports.set(imp.alias ?? imp.name, { kind: 'from', ref, name: imp.name });
    else if (imp.alias !== null) mod.imports.set(imp.alias, { kind: 'module', ref });
    else if (!mod.imports.has(top)) mod.imports.set(top, { kind: 'module', ref: top });
  }
}

function readDef(mod: PyModule, t: PyToken[]): void {
  const def = defOf(t);
  if (def && !mod.defs.has(def.name)) mod.defs.set(def.name, def);
}

/** `name = value` / `name: T = value`: the definition, or null. */
function defOf(t: PyToken[]): PyDef | null {
  const name = t[0]!;
  if (name.type !== 'name') return null;
  const eq = t[1]?.text === ':' ? (topLevelEquals(t)[0] ?? -1) : 1;
  if (t[eq]?.text !== '=' || eq + 1 >= t.length) return null;
  const start = eq + 1;
  const def: PyDef = { name: name.text, tokens: t, start, line: name.line };
  const d = dottedAt(t, start);
  if (d && d.end === t.length) def.alias = d.parts;
  else if (d && t[d.end]?.text === '(') {
    const close = closingIndex(t, d.end);
    if (close === t.length - 1) def.call = { callee: d.parts, open: d.end, close };
  }
  return def;
}

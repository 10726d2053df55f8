import { jsClosing, jsString, lexJs, type JsToken } from '../../config-values/lex/js.js';
import type { Workspace } from '../../workspace/workspace.js';
import { isJavaScriptFile } from './extensions.js';
import { javascriptResolver, type JsResolver } from './resolve.js';

/**
 * Static JS/TS module bindings for route discovery: what a module imports (ESM and CommonJS),
 * what it exports (`export default x`, `module.exports = x`, `exports.a = x`, `export { a as b }`,
 * re-exports), and its top-level `const x = <call>` declarations. Specifiers resolve as the import
 * graph resolves them (resolve.ts): relative paths (extensions, index files, `.js` written for a
 * `.ts` source) and the project's tsconfig `paths` / `baseUrl`.
 */

/** What a local name or an export refers to in another module. */
export interface JsRef {
  spec: string;
  /** `default`, `*` (namespace) or a named export. */
  name: string;
}

export interface JsDecl {
  name: string;
  tokens: JsToken[];
  /** Index of the first token of the initializer. */
  start: number;
  line: number;
}

export interface JsModule {
  file: string;
  tokens: JsToken[];
  imports: Map<string, JsRef>;
  /** export name → local name or re-export. */
  exports: Map<string, string | JsRef>;
  /** Names exported by `export * from`. */
  starExports: string[];
  decls: Map<string, JsDecl>;
}

export class JsProject {
  private readonly modules = new Map<string, Promise<JsModule | null>>();
  private readonly resolver: JsResolver;

  constructor(private readonly ws: Workspace) {
    this.resolver = javascriptResolver(ws, isJavaScriptFile);
  }

  module(file: string): Promise<JsModule | null> {
    let p = this.modules.get(file);
    if (!p) {
      const text = this.ws.readTextSync(file);
      p = Promise.resolve(text === null ? null : analyzeJs(file, text));
      this.modules.set(file, p);
    }
    return p;
  }

  /**
   * The repository file a specifier names from `from`, or null (a package): relative paths, and the
   * project's tsconfig `paths`/`baseUrl`, as the import graph resolves them (resolve.ts).
   */
  resolveSpec(spec: string, from: string): string | null {
    return this.resolver.file(from, spec);
  }

  /**
   * Follow a local name of `file` through imports and exports to the module and declaration
   * that defines it. Returns null for names bound outside the tree.
   */
  async resolveLocal(file: string, name: string, depth = 0): Promise<{ file: string; decl: JsDecl } | null> {
    if (depth > 12) return null;
    const mod = await this.module(file);
    if (!mod) return null;
    const decl = mod.decls.get(name);
    if (decl) return { file, decl };
    const ref = mod.imports.get(name);
    if (!ref || ref.name === '*') return null;
    const target = this.resolveSpec(ref.spec, file);
    return target ? this.resolveExport(target, ref.name, depth + 1) : null;
  }

  async resolveExport(file: string, name: string, depth = 0): Promise<{ file: string; decl: JsDecl } | null> {
    if (depth > 12) return null;
    const mod = await this.module(file);
    if (!mod) return null;
    const e = mod.exports.get(name);
    if (typeof e === 'string') return this.resolveLocal(file, e, depth + 1);
    if (e) {
      const target = this.resolveSpec(e.spec, file);
      return target ? this.resolveExport(target, e.name, depth + 1) : null;
    }
    for (const s of mod.starExports) {
      const target = this.resolveSpec(s, file);
      const r = target && name !== 'default' ? await this.resolveExport(target, name, depth + 1) : null;
      if (r) return r;
    }
    return null;
  }

  /** A namespace import's member (`ns.router` with `import * as ns`). */
  async resolveMember(file: string, ns: string, member: string): Promise<{ file: string; decl: JsDecl } | null> {
    const mod = await this.module(file);
    const ref = mod?.imports.get(ns);
    if (!ref) return null;
    const target = this.resolveSpec(ref.spec, file);
    if (!target) return null;
    return this.resolveExport(target, member, 1);
  }
}

/** `require('x')` at i: the specifier and the index after `)`. */
export function requireAt(t: readonly JsToken[], i: number): { spec: string; end: number } | null {
  if (t[i]?.text !== 'require' || t[i + 1]?.text !== '(' || t[i - 1]?.text === '.') return null;
  const spec = jsString(t[i + 2]);
  if (spec === undefined || t[i + 3]?.text !== ')') return null;
  return { spec, end: i + 4 };
}

export function analyzeJs(file: string, text: string): JsModule {
  const t = lexJs(text);
  const mod: JsModule = { file, tokens: t, imports: new Map(), exports: new Map(), starExports: [], decls: new Map() };
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!;
    if (x.type === 'punct' && x.text === '{') depth++;
    else if (x.type === 'punct' && x.text === '}') depth--;
    if (x.type !== 'name' || t[i - 1]?.text === '.') continue;
    if (x.text === 'import' && depth === 0) i = readImport(mod, t, i);
    else if (x.text === 'export' && depth === 0) i = readExport(mod, t, i);
    else if ((x.text === 'const' || x.text === 'let' || x.text === 'var') && depth === 0) readDeclaration(mod, t, i);
    else if (x.text === 'module' && t[i + 1]?.text === '.' && t[i + 2]?.text === 'exports') readModuleExports(mod, t, i + 3);
    else if (x.text === 'exports' && t[i + 1]?.text === '.' && t[i + 2]?.type === 'name' && t[i + 3]?.text === '=' && t[i + 4]?.type === 'name') {
      mod.exports.set(t[i + 2]!.text, t[i + 4]!.text);
    }
  }
  return mod;
}

function readImport(mod: JsModule, t: JsToken[], i: number): number {
  let j = i + 1;
  if (t[j]?.text === 'type') return i;
  const bind: [string, string][] = [];
  if (t[j]?.type === 'name' && t[j]!.text !== 'from') {
    const local = t[j]!.text;
    if (t[j + 1]?.text === '=' && requireAt(t, j + 2)) {
      mod.imports.set(local, { spec: requireAt(t, j + 2)!.spec, name: 'default' });
      return j + 2;
    }
    bind.push([local, 'default']);
    j++;
    if (t[j]?.text === ',') j++;
  }
  if (t[j]?.text === '*' && t[j + 1]?.text === 'as' && t[j + 2]?.type === 'name') {
    bind.push([t[j + 2]!.text, '*']);
    j += 3;
  } else if (t[j]?.text === '{') {
    const close = jsClosing(t, j);
    for (let k = j + 1; k < close; k++) {
      if (t[k]!.type !== 'name' && t[k]!.type !== 'string') continue;
      if (t[k]!.text === 'type') continue;
      const imported = jsString(t[k]) ?? t[k]!.text;
      if (t[k + 1]?.text === 'as' && t[k + 2]) {
        bind.push([t[k + 2]!.text, imported]);
        k += 2;
      } else bind.push([imported, imported]);
    }
    j = close + 1;
  }
  if (t[j]?.text !== 'from') return i;
  const spec = jsString(t[j + 1]);
  if (spec === undefined) return i;
  for (const [local, name] of bind) mod.imports.set(local, { spec, name });
  return j + 1;
}

function readExport(mod: JsModule, t: JsToken[], i: number): number {
  const n = t[i + 1];
  if (!n) return i;
  if (n.text === 'default') {
    let k = i + 2;
    if (t[k]?.text === 'async') k++;
    if ((t[k]?.text === 'function' || t[k]?.text === 'class') && t[k + 1]?.type === 'name') mod.exports.set('default', t[k + 1]!.text);
    else if ((t[k]?.type === 'name' && [';', undefined].includes(t[k + 1]?.text)) || (t[k]?.type === 'name' && t[k + 1]?.nl)) mod.exports.set('default', t[k]!.text);
    else {
      mod.decls.set('default', { name: 'default', tokens: t, start: k, line: t[k]?.line ?? n.line });
      mod.exports.set('default', 'default');
    }
    return i + 1;
  }
  if (n.text === '*') {
    const fromIdx = t[i + 2]?.text === 'from' ? i + 2 : t[i + 4]?.text === 'from' ? i + 4 : -1;
    const spec = fromIdx > 0 ? jsString(t[fromIdx + 1]) : undefined;
    if (spec !== undefined && fromIdx === i + 2) mod.starExports.push(spec);
    else if (spec !== undefined) mod.exports.set(t[i + 3]!.text, { spec, name: '*' });
    return i + 1;
  }
  if (n.text === '{') {
    const close = jsClosing(t, i + 1);
    const from = t[close + 1]?.text === 'from' ? jsString(t[close + 2]) : undefined;
    for (let k = i + 2; k < close; k++) {
      if (t[k]!.type !== 'name' || t[k]!.text === 'type') continue;
      const local = t[k]!.text;
      let exported = local;
      if (t[k + 1]?.text === 'as' && t[k + 2]) {
        exported = jsString(t[k + 2]) ?? t[k + 2]!.text;
        k += 2;
      }
      mod.exports.set(exported, from !== undefined ? { spec: from, name: local } : local);
    }
    return close;
  }
  let k = i + 1;
  if (t[k]?.text === 'async') k++;
  if ((t[k]?.text === 'function' || t[k]?.text === 'class') && t[k + 1]?.type === 'name') mod.exports.set(t[k + 1]!.text, t[k + 1]!.text);
  if (t[k]?.text === 'function' && t[k + 1]?.text === '*' && t[k + 2]?.type === 'name') mod.exports.set(t[k + 2]!.text, t[k + 2]!.text);
  if (t[k]?.text === 'const' || t[k]?.text === 'let' || t[k]?.text === 'var') {
    for (const name of readDeclaration(mod, t, k)) mod.exports.set(name, name);
  }
  return i;
}

/** `const a = …, b = …` and `const { a, b: c } = require('x')`; returns the declared names. */
function readDeclaration(mod: JsModule, t: JsToken[], i: number): string[] {
  const names: string[] = [];
  let j = i + 1;
  if (t[j]?.text === '{') {
    const close = jsClosing(t, j);
    const req = t[close + 1]?.text === '=' ? requireAt(t, close + 2) : null;
    if (!req) return names;
    for (let k = j + 1; k < close; k++) {
      if (t[k]!.type !== 'name') continue;
      if (t[k + 1]?.text === ':' && t[k + 2]?.type === 'name') {
        mod.imports.set(t[k + 2]!.text, { spec: req.spec, name: t[k]!.text });
        k += 2;
      } else mod.imports.set(t[k]!.text, { spec: req.spec, name: t[k]!.text });
    }
    return names;
  }
  while (t[j]?.type === 'name') {
    const name = t[j]!;
    let k = j + 1;
    if (t[k]?.text === ':') {
      let d = 0;
      for (k++; k < t.length; k++) {
        const s = t[k]!.text;
        if ('([{<'.includes(s)) d++;
        else if (')]}>'.includes(s)) d--;
        else if (d <= 0 && (s === '=' || s === ';')) break;
      }
    }
    if (t[k]?.text !== '=') break;
    const req = requireAt(t, k + 1);
    if (req && t[req.end]?.text === '.' && t[req.end + 1]?.type === 'name' && t[req.end + 2]?.text !== '(') mod.imports.set(name.text, { spec: req.spec, name: t[req.end + 1]!.text });
    else if (req && t[req.end]?.text !== '(' && t[req.end]?.text !== '.') mod.imports.set(name.text, { spec: req.spec, name: 'default' });
    else if (!mod.decls.has(name.text)) mod.decls.set(name.text, { name: name.text, tokens: t, start: k + 1, line: name.line });
    names.push(name.text);
    // skip to a top-level comma of this declaration list
    let d = 0;
    let m = k + 1;
    for (; m < t.length; m++) {
      const s = t[m]!;
      if (s.type === 'punct' && '([{'.includes(s.text)) d++;
      else if (s.type === 'punct' && ')]}'.includes(s.text)) d--;
      else if (d === 0 && (s.text === ';' || (s.nl && m > k + 1 && !'.?:+-*/|&,('.includes(t[m - 1]!.text[0]!) && !'.?:+-*/|&'.includes(s.text[0]!)))) break;
      else if (d === 0 && s.text === ',') break;
    }
    if (t[m]?.text !== ',') break;
    j = m + 1;
  }
  return names;
}

function readModuleExports(mod: JsModule, t: JsToken[], i: number): void {
  // module.exports = x | module.exports = { a, b: c } | module.exports.a = x
  if (t[i]?.text === '=' && t[i + 1]?.type === 'name' && t[i + 2]?.text !== '(' && t[i + 2]?.text !== '.') {
    mod.exports.set('default', t[i + 1]!.text);
  } else if (t[i]?.text === '=' && t[i + 1]?.text === '{') {
    const close = jsClosing(t, i + 1);
    for (let k = i + 2; k < close; k++) {
      if (t[k]!.type !== 'name' || (t[k - 1]!.text !== '{' && t[k - 1]!.text !== ',')) continue;
      if (t[k + 1]?.text === ':' && t[k + 2]?.type === 'name') mod.exports.set(t[k]!.text, t[k + 2]!.text);
      else if (t[k + 1]?.text === ',' || t[k + 1]?.text === '}') mod.exports.set(t[k]!.text, t[k]!.text);
    }
  } else if (t[i]?.text === '=' && t[i + 1]) {
    mod.decls.set('module.exports', { name: 'module.exports', tokens: t, start: i + 1, line: t[i + 1]!.line });
    mod.exports.set('default', 'module.exports');
  } else if (t[i]?.text === '.' && t[i + 1]?.type === 'name' && t[i + 2]?.text === '=' && t[i + 3]?.type === 'name') {
    mod.exports.set(t[i + 1]!.text, t[i + 3]!.text);
  }
}

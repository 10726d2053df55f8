import { jsClosing, jsSplit, jsString, type JsToken } from '../config-values/lex/js.js';
import type { Workspace } from '../workspace/workspace.js';
import { cachedSync } from '../facts/source.js';
import { candidateReader, isCandidate } from '../facts/readers.js';
import type { Decl, MountEdge, Owner } from './compose.js';
import { JsProject, requireAt, type JsDecl, type JsModule } from '../lang/javascript/module.js';
import type { Discovered } from './python-routes.js';

/**
 * Express: `express()` apps and `express.Router()` / `Router()` routers; `app.get/post/…/all(path,
 * handler…)`, `router.route(path).get(…).post(…)`, `app.use(prefix, router…)` with the router
 * declared here, imported (ESM) or required (CommonJS) from another file, nested to any depth.
 */

const METHODS = new Set(['get', 'post', 'put', 'delete', 'patch', 'options', 'head', 'all']);
const CANDIDATE = /\bexpress\b|\bRouter\s*\(|\.(?:get|post|put|delete|patch|all|use|route)\s*\(\s*['"`]\//;
const EXPRESS_FILE = candidateReader('express-route-file', CANDIDATE);

export async function discoverExpress(ws: Workspace, jsFiles: readonly string[]): Promise<Discovered> {
  const project = new JsProject(ws);
  const out: Discovered = { owners: new Map(), mounts: [], decls: [], notes: [] };
  const x = new ExpressCtx(project, out);
  for (const f of jsFiles) {
    if (!cachedSync(ws, EXPRESS_FILE, f, () => isCandidate(ws.readTextSync(f), CANDIDATE))) continue;
    const mod = await project.module(f);
    if (mod) await x.scan(mod);
  }
  return out;
}

class ExpressCtx {
  constructor(
    private readonly project: JsProject,
    private readonly out: Discovered,
  ) {}

  async scan(mod: JsModule): Promise<void> {
    const t = mod.tokens;
    const usesExpress = [...mod.imports.values()].some((r) => r.spec === 'express');
    for (let i = 0; i + 3 < t.length; i++) {
      const recv = t[i]!;
      if (recv.type !== 'name' || t[i + 1]!.text !== '.' || t[i + 2]!.type !== 'name' || t[i + 3]!.text !== '(') continue;
      if (t[i - 1]?.text === '.' || t[i - 1]?.text === '?.') continue;
      const method = t[i + 2]!.text;
      if (!METHODS.has(method) && method !== 'route' && method !== 'use') continue;
      const close = jsClosing(t, i + 3);
      if (close < 0) continue;
      const args = jsSplit(t, i + 4, close);
      const owner = await this.receiver(mod, recv.text, usesExpress);
      if (!owner) continue;
      if (METHODS.has(method)) {
        const paths = pathsOf(t, args[0]);
        if (args.length < 2 || !paths) continue;
        this.decl(owner, method, paths, mod.file, t[i + 2]!.line);
      } else if (method === 'route') {
        const paths = pathsOf(t, args[0]);
        if (!paths) continue;
        let j = close + 1;
        while (t[j]?.text === '.' && t[j + 1]?.type === 'name' && METHODS.has(t[j + 1]!.text) && t[j + 2]?.text === '(') {
          this.decl(owner, t[j + 1]!.text, paths, mod.file, t[j + 1]!.line);
          j = jsClosing(t, j + 2) + 1;
          if (j <= 0) break;
        }
      } else {
        const prefixes = pathsOf(t, args[0]);
        for (const [s, e] of prefixes ? args.slice(1) : args) {
          const child = await this.child(mod, t, s, e);
          if (!child) continue;
          for (const p of prefixes ?? [null]) this.out.mounts.push({ parent: owner.id, child: child.id, prefix: p, file: mod.file, line: recv.line });
        }
      }
    }
  }

  private decl(owner: Owner, method: string, paths: string[], file: string, line: number): void {
    for (const p of paths) this.out.decls.push({ owner: owner.id, methods: [method.toUpperCase()], path: p, file, line } satisfies Decl);
  }

  /** The app or router a receiver name is; in a module that imports express, an unknown one is its own. */
  private async receiver(mod: JsModule, name: string, usesExpress: boolean): Promise<Owner | null> {
    const found = await this.project.resolveLocal(mod.file, name);
    const owner = found ? await this.ownerOf(found.file, found.decl) : null;
    if (owner || found || !usesExpress || mod.imports.has(name)) return owner;
    const id = `${mod.file}#${name}`;
    let o = this.out.owners.get(id);
    if (!o) {
      o = { id, framework: 'express', file: mod.file, line: 0, prefix: null };
      this.out.owners.set(id, o);
    }
    return o;
  }

  /** A mounted router argument: a name, `require('./x')`, `require('./x').name`, `ns.name`. */
  private async child(mod: JsModule, t: JsToken[], s: number, e: number): Promise<Owner | null> {
    let found: { file: string; decl: JsDecl } | null = null;
    const req = requireAt(t, s);
    if (req) {
      const target = this.project.resolveSpec(req.spec, mod.file);
      if (!target) return null;
      if (req.end === e) found = await this.project.resolveExport(target, 'default');
      else if (t[req.end]?.text === '.' && t[req.end + 1]?.type === 'name' && req.end + 2 === e) found = await this.project.resolveExport(target, t[req.end + 1]!.text);
      if (!found) this.out.notes.push(`${mod.file}:${t[s]!.line}: use(require('${req.spec}')): could not find an Express router exported there`);
    } else if (t[s]!.type === 'name' && e === s + 1) {
      found = await this.project.resolveLocal(mod.file, t[s]!.text);
      const ref = mod.imports.get(t[s]!.text);
      if (!found && ref?.spec.startsWith('.')) this.out.notes.push(`${mod.file}:${t[s]!.line}: use(${t[s]!.text}): could not find an Express router exported by '${ref.spec}'`);
    } else if (t[s]!.type === 'name' && t[s + 1]?.text === '.' && t[s + 2]?.type === 'name' && e === s + 3) {
      found = await this.project.resolveMember(mod.file, t[s]!.text, t[s + 2]!.text);
    }
    return found ? this.ownerOf(found.file, found.decl) : null;
  }

  /** An owner when the declaration's initializer calls express(), express.Router() or Router(). */
  async ownerOf(file: string, decl: JsDecl): Promise<Owner | null> {
    const id = `${file}#${decl.name}`;
    const have = this.out.owners.get(id);
    if (have) return have;
    const mod = await this.project.module(file);
    if (!mod) return null;
    const t = decl.tokens;
    let i = decl.start;
    if (t[i]?.text === 'new') i++;
    const expressLocal = (n: string): boolean => {
      const r = mod.imports.get(n);
      return r?.spec === 'express' && (r.name === 'default' || r.name === '*');
    };
    let kind: 'app' | 'router' | null = null;
    const req = requireAt(t, i);
    if (req?.spec === 'express') {
      if (t[req.end]?.text === '(') kind = 'app';
      else if (t[req.end]?.text === '.' && t[req.end + 1]?.text === 'Router' && t[req.end + 2]?.text === '(') kind = 'router';
    } else if (t[i]?.type === 'name' && t[i + 1]?.text === '(' && expressLocal(t[i]!.text)) kind = 'app';
    else if (t[i]?.type === 'name' && t[i + 1]?.text === '.' && t[i + 2]?.text === 'Router' && t[i + 3]?.text === '(' && expressLocal(t[i]!.text)) kind = 'router';
    else if (t[i]?.type === 'name' && t[i + 1]?.text === '(') {
      const r = mod.imports.get(t[i]!.text);
      if (r?.spec === 'express' && r.name === 'Router') kind = 'router';
    }
    if (!kind) return null;
    const owner: Owner = { id, framework: 'express', file, line: decl.line, prefix: null };
    this.out.owners.set(id, owner);
    return owner;
  }
}

/** A path argument: a string, a template without substitutions, or an array of them. */
function pathsOf(t: readonly JsToken[], arg: [number, number] | undefined): string[] | null {
  if (!arg) return null;
  const [s, e] = arg;
  const one = jsString(t[s]);
  if (one !== undefined && e === s + 1) return one.startsWith('/') || one === '*' ? [one] : null;
  if (t[s]?.text === '[' && jsClosing(t, s) === e - 1) {
    const items = jsSplit(t, s + 1, e - 1).map(([a, b]) => (b === a + 1 ? jsString(t[a]) : undefined));
    if (items.length > 0 && items.every((x) => x !== undefined && (x.startsWith('/') || x === '*'))) return items as string[];
  }
  return null;
}

export type { MountEdge };

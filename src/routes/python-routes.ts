import { callArgs, dottedAt, tokensText, type PyArgs } from '../python/spans.js';
import type { PyToken } from '../python/tokens.js';
import { excerpt } from '../util/text.js';
import { cachedSync } from '../facts/source.js';
import { candidateReader, isCandidate } from '../facts/readers.js';
import type { Workspace } from '../workspace/workspace.js';
import type { Decl, MountEdge, Owner } from './compose.js';
import { FASTAPI } from './fastapi.js';
import { FLASK } from './flask.js';
import type { PyFramework } from './python-framework.js';
import { PyProject, type PyCall, type PyModule, type PySymbol } from './python-project.js';

const FRAMEWORKS: readonly PyFramework[] = [FASTAPI, FLASK];

/** A cheap first look: files that may declare or mount routes. */
const CANDIDATE =
  /\b(?:fastapi|flask|starlette|APIRouter|Blueprint|include_router|register_blueprint|add_api_route|add_url_rule)\b|@[\w.]+\.(?:get|post|put|delete|patch|route|api_route|websocket|head|options|trace)\s*\(/;
const PY_ROUTE_FILE = candidateReader('python-route-file', CANDIDATE);

export interface Discovered {
  owners: Map<string, Owner>;
  mounts: MountEdge[];
  decls: Decl[];
  notes: string[];
}

/** FastAPI and Flask routes of the Python files, prefixes resolved across modules. */
export async function discoverPython(ws: Workspace, pyFiles: readonly string[]): Promise<Discovered> {
  const project = new PyProject(ws);
  const out: Discovered = { owners: new Map(), mounts: [], decls: [], notes: [] };
  // Synchronous reads: thousands of small files are read several times faster than through promises.
  const candidates: PyModule[] = [];
  for (const f of pyFiles) {
    if (!cachedSync(ws, PY_ROUTE_FILE, f, () => isCandidate(ws.readTextSync(f), CANDIDATE))) continue;
    const mod = await project.module(f);
    if (mod) candidates.push(mod);
  }
  const ctx = new Ctx(project, out);
  for (const mod of candidates) {
    for (const d of mod.decorators) await ctx.route(mod, d, 'decorators');
    for (const c of mod.calls) {
      if (FRAMEWORKS.some((fw) => c.method in fw.routeCalls)) await ctx.route(mod, c, 'routeCalls');
      else if (FRAMEWORKS.some((fw) => c.method in fw.mountCalls)) await ctx.mount(mod, c);
    }
  }
  return out;
}

class Ctx {
  constructor(
    private readonly project: PyProject,
    private readonly out: Discovered,
  ) {}

  /** The app/router a symbol is, when it is assigned from a framework constructor. */
  async ownerOf(sym: PySymbol): Promise<Owner | null> {
    if (sym?.kind !== 'def' || !sym.def.call) return null;
    const ctor = sym.def.call.callee[sym.def.call.callee.length - 1]!;
    const fw = FRAMEWORKS.find((f) => Object.hasOwn(f.ctors, ctor));
    if (!fw) return null;
    const id = `${sym.file}#${sym.def.name}`;
    const have = this.out.owners.get(id);
    if (have) return have;
    const kw = fw.ctors[ctor];
    let prefix: string | null = null;
    if (kw) {
      const args = callArgs(sym.def.tokens, sym.def.call.open, sym.def.call.close);
      const slice = args.keywords.get(kw);
      if (slice) prefix = await this.str(sym.file, sym.def.tokens, slice, sym.def.line);
    }
    const owner: Owner = { id, framework: fw.name, file: sym.file, line: sym.def.line, prefix };
    this.out.owners.set(id, owner);
    return owner;
  }

  /** The owner a receiver expression names; an unresolved one becomes an owner of its own. */
  async receiver(mod: PyModule, parts: string[], fwHint: (fw: PyFramework) => boolean): Promise<{ owner: Owner; fw: PyFramework } | null> {
    let owner = await this.ownerOf(await this.project.resolve(mod.file, parts));
    if (!owner && parts.length > 1 && parts[parts.length - 1] === 'router') owner = await this.ownerOf(await this.project.resolve(mod.file, parts.slice(0, -1)));
    if (owner) {
      const fw = FRAMEWORKS.find((f) => f.name === owner!.framework)!;
      return fwHint(fw) ? { owner, fw } : null;
    }
    const fw = FRAMEWORKS.find((f) => f.packages.some((p) => mod.imported.has(p)) && fwHint(f));
    if (!fw) return null;
    const id = `${mod.file}#${parts.join('.')}`;
    let implicit = this.out.owners.get(id);
    if (!implicit) {
      implicit = { id, framework: fw.name, file: mod.file, line: 0, prefix: null };
      this.out.owners.set(id, implicit);
    }
    return { owner: implicit, fw };
  }

  async route(mod: PyModule, c: PyCall, where: 'decorators' | 'routeCalls'): Promise<void> {
    const r = await this.receiver(mod, c.receiver, (fw) => Object.hasOwn(fw[where], c.method));
    if (!r) return;
    const spec = r.fw[where][c.method]!;
    const args = callArgs(c.tokens, c.open, c.close);
    const pathSlice = args.positional[0] ?? args.keywords.get(r.fw.pathKw);
    if (!pathSlice) return;
    const path = await this.str(mod.file, c.tokens, pathSlice, c.line);
    let methods = spec === 'methods' ? await this.methods(mod.file, c.tokens, args) : spec;
    if (methods.length === 0) methods = ['GET'];
    this.out.decls.push({ owner: r.owner.id, methods, path, file: mod.file, line: c.line });
  }

  async mount(mod: PyModule, c: PyCall): Promise<void> {
    const r = await this.receiver(mod, c.receiver, (fw) => Object.hasOwn(fw.mountCalls, c.method));
    if (!r) return;
    const spec = r.fw.mountCalls[c.method]!;
    const args = callArgs(c.tokens, c.open, c.close);
    const childSlice = pick(args, spec.child);
    if (!childSlice) return;
    const d = dottedAt(c.tokens, childSlice[0]);
    if (!d || d.end !== childSlice[1]) return;
    const child = await this.ownerOf(await this.project.resolve(mod.file, d.parts));
    if (!child) {
      if (c.method !== 'mount') this.out.notes.push(`${mod.file}:${c.line}: ${c.method}(${d.parts.join('.')}): could not resolve '${d.parts.join('.')}' to a router; its routes keep their own prefix`);
      return;
    }
    const prefixSlice = pick(args, spec.prefix);
    const prefix = prefixSlice ? await this.str(mod.file, c.tokens, prefixSlice, c.line) : null;
    this.out.mounts.push({ parent: r.owner.id, child: child.id, prefix, file: mod.file, line: c.line });
  }

  /** A string argument; what is not a constant is kept as «expression» (and noted). */
  private async str(file: string, tokens: readonly PyToken[], [s, e]: [number, number], line: number): Promise<string> {
    const v = await this.project.evaluate(file, tokens, s, e);
    if (v?.known && typeof v.value === 'string') return v.value;
    if (v?.known && v.value === null) return '';
    const text = excerpt(tokensText(tokens, s, e), 80);
    this.out.notes.push(`${file}:${line}: the path part ${text} is not a constant; shown as «${text}»`);
    return `«${text}»`;
  }

  private async methods(file: string, tokens: readonly PyToken[], args: PyArgs): Promise<string[]> {
    const slice = args.keywords.get('methods');
    if (!slice) return ['GET'];
    const v = await this.project.evaluate(file, tokens, slice[0], slice[1]);
    if (v?.known && Array.isArray(v.value)) return [...new Set(v.value.map((m) => String(m).toUpperCase()))].sort();
    if (v?.known && typeof v.value === 'string') return [v.value.toUpperCase()];
    return ['GET'];
  }
}

function pick(args: PyArgs, [index, kw]: [number | null, string]): [number, number] | undefined {
  return args.keywords.get(kw) ?? (index === null ? undefined : args.positional[index]);
}

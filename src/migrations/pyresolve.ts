import { moduleFileOf, type PyLayout } from '../graph/python-resolve.js';
import { treeLayout } from '../graph/python-tree.js';
import type { Workspace } from '../workspace/workspace.js';
import { readPython, type PyImport, type PyModule, type PyValue } from './python.js';

/**
 * Python files of the workspace read statically, with names resolved to constants: a name bound in
 * the same module (`BASE = "ae1027a6acf"`), or imported from another module of the tree one step
 * (`from .ids import BASE`, `from app.db import ids` + `ids.BASE`, `import app.db.ids as ids`).
 * Which file a module is comes from the import graph's layout (src/graph/python-resolve.ts).
 */
export class PyTree {
  private readonly modules = new Map<string, Promise<PyModule | null>>();
  private layout: PyLayout | undefined;

  constructor(private readonly ws: Workspace) {}

  /** The parsed module of a repo-relative file (cached), or null when it cannot be read. */
  module(file: string): Promise<PyModule | null> {
    let m = this.modules.get(file);
    if (!m) {
      m = this.ws.readText(file).then((text) => (text === null ? null : readPython(text)));
      this.modules.set(file, m);
    }
    return m;
  }

  /** The file of a module named from `fromFile` (relative with leading dots, or absolute), or null. */
  moduleFile(fromFile: string, dotted: string): string | null {
    const level = /^\.*/.exec(dotted)![0].length;
    this.layout ??= treeLayout(this.ws);
    return moduleFileOf(this.layout, fromFile, level, dotted.slice(level), true);
  }

  /** Resolve names inside a value to constants; what cannot be resolved becomes `other`. */
  async resolve(file: string, v: PyValue): Promise<PyValue> {
    if (v.k === 'seq') return { ...v, items: await Promise.all(v.items.map((x) => this.resolve(file, x))) };
    if (v.k !== 'name') return v;
    const found = await this.lookup(file, v.v, 1, 0);
    if (!found) return { k: 'other', text: v.v, line: v.line, column: v.column };
    return relocate(found, v.line, v.column);
  }

  private async lookup(file: string, dotted: string, importSteps: number, hops: number): Promise<PyValue | null> {
    if (hops > 4) return null;
    const mod = await this.module(file);
    if (!mod) return null;
    if (!dotted.includes('.')) {
      const local = lastModuleLevel(mod, dotted);
      if (local) return this.settle(file, local, importSteps, hops);
      const imp = [...mod.imports].reverse().find((i) => i.alias === dotted && i.name !== '');
      if (imp && importSteps > 0) {
        const target = this.moduleFile(file, imp.module);
        if (target) return this.lookup(target, imp.name, importSteps - 1, hops + 1);
      }
      return null;
    }
    if (importSteps <= 0) return null;
    const attr = dotted.slice(dotted.lastIndexOf('.') + 1);
    const owner = dotted.slice(0, dotted.lastIndexOf('.'));
    const target = this.moduleOf(file, mod.imports, owner);
    return target ? this.lookup(target, attr, importSteps - 1, hops + 1) : null;
  }

  /** A value bound locally: a literal, or a name to follow within the remaining budget. */
  private async settle(file: string, v: PyValue, importSteps: number, hops: number): Promise<PyValue | null> {
    if (v.k === 'name') return this.lookup(file, v.v, importSteps, hops + 1);
    if (v.k === 'seq') {
      const items: PyValue[] = [];
      for (const x of v.items) {
        const r = x.k === 'name' ? await this.lookup(file, x.v, importSteps, hops + 1) : x;
        items.push(r ?? { k: 'other', text: x.k === 'name' ? x.v : '?', line: x.line, column: x.column });
      }
      return { ...v, items };
    }
    return v;
  }

  /** The module file a dotted owner (`ids`, `app.db.ids`) refers to through the imports of a module. */
  private moduleOf(file: string, imports: PyImport[], owner: string): string | null {
    for (const imp of [...imports].reverse()) {
      if (imp.name === '' && imp.alias === owner) return this.moduleFile(file, imp.module);
      if (imp.name !== '' && imp.alias === owner) return this.moduleFile(file, joinModule(imp.module, imp.name));
      if (imp.name === '' && owner.startsWith(`${imp.alias}.`)) return this.moduleFile(file, `${imp.module}${owner.slice(imp.alias.length)}`);
    }
    return null;
  }
}

function joinModule(module: string, name: string): string {
  return module.endsWith('.') ? `${module}${name}` : `${module}.${name}`;
}

/** The last module-level binding of a name (Python keeps the last). */
export function lastModuleLevel(mod: PyModule, name: string): PyValue | undefined {
  for (let i = mod.assignments.length - 1; i >= 0; i--) {
    const a = mod.assignments[i]!;
    if (a.scope === '' && a.name === name) return a.value;
  }
  return undefined;
}

/** A resolved constant reported at the place that named it. */
function relocate(v: PyValue, line: number, column: number): PyValue {
  if (v.k === 'seq') return { ...v, line, column, items: v.items.map((x) => relocate(x, line, column)) };
  return { ...v, line, column };
}

import path from 'node:path';
import type { Workspace } from '../workspace/workspace.js';
import { forEachLimit } from '../util/async.js';
import { closest, cmp, plural } from '../util/text.js';
import { cyclesOf } from './graph.js';
import { PyTree } from './pyresolve.js';
import type { PyModule, PyValue } from './python.js';
import { sortProblems, type Problem, type ToolResult } from './types.js';

interface Dep {
  app: string;
  name: string;
  line: number;
  column: number;
}

interface Mig {
  app: string;
  name: string;
  file: string;
  line: number;
  deps: Dep[];
  replaces: Dep[];
  runBefore: Dep[];
}

const key = (app: string, name: string): string => `${app}.${name}`;

/** `[("app", "0001_initial"), …]` → the pairs written as strings; calls (swappable_dependency) are skipped. */
function pairs(v: PyValue | undefined): Dep[] {
  if (!v || v.k !== 'seq') return [];
  const out: Dep[] = [];
  for (const item of v.items) {
    if (item.k !== 'seq' || item.items.length !== 2) continue;
    const [a, n] = item.items;
    if (a!.k === 'str' && n!.k === 'str') out.push({ app: a!.v, name: n!.v, line: item.line, column: item.column });
  }
  return out;
}

function classAssignment(mod: PyModule, cls: string, name: string): { value: PyValue; line: number } | undefined {
  for (let i = mod.assignments.length - 1; i >= 0; i--) {
    const a = mod.assignments[i]!;
    if (a.scope === cls && a.name === name) return { value: a.value, line: a.line };
  }
  return undefined;
}

/**
 * Read Django migrations statically (`<app>/migrations/<name>.py`, their `Migration.dependencies`,
 * `replaces` and `run_before`) and report what `migrate` / `makemigrations --check` would refuse:
 * more than one leaf in an app, a dependency on a missing migration, cycles.
 */
export async function analyzeDjango(ws: Workspace, dir: string): Promise<ToolResult> {
  const d = dir.replace(/\/+$/, '').replace(/^\.\/?/, '');
  if (d !== '' && !ws.files.some((f) => f.startsWith(`${d}/`))) return { problems: [], detail: '', missing: `${dir} holds no files (expected a Django project with <app>/migrations/ folders)` };
  const files = ws.select([d ? `${d}/**/migrations/*.py` : '**/migrations/*.py']).filter((f) => !/^[_~]/.test(path.posix.basename(f)));
  const tree = new PyTree(ws);
  const problems: Problem[] = [];
  const migs = new Map<string, Mig>();
  await forEachLimit(files, 32, async (f) => void (await tree.module(f))); // read in parallel; parsed once, cached
  for (const file of files.sort(cmp)) {
    const app = path.posix.basename(path.posix.dirname(path.posix.dirname(file)));
    const name = path.posix.basename(file, '.py');
    const mod = await tree.module(file);
    if (!mod) continue;
    const cls = mod.classes.find((c) => c.name === 'Migration');
    if (!cls) {
      problems.push({
        file,
        line: 1,
        identity: 'no-migration-class',
        message: `${file} is in ${app}/migrations but has no \`class Migration\`: Django stops with BadMigrationError. Move helper code out of the migrations package (or name the file with a leading underscore).`,
      });
      continue;
    }
    const deps = classAssignment(mod, 'Migration', 'dependencies');
    const mig: Mig = {
      app,
      name,
      file,
      line: deps?.line ?? cls.line,
      deps: pairs(deps?.value),
      replaces: pairs(classAssignment(mod, 'Migration', 'replaces')?.value),
      runBefore: pairs(classAssignment(mod, 'Migration', 'run_before')?.value),
    };
    const k = key(app, name);
    if (migs.has(k)) {
      problems.push({
        file,
        line: mig.line,
        identity: `duplicate-migration:${k}`,
        message: `Migration ${k} exists twice: ${migs.get(k)!.file} and ${file}. Two apps share the label '${app}'; give one an own AppConfig.label.`,
      });
      continue;
    }
    migs.set(k, mig);
  }

  // A squashed migration stands for the ones it replaces (Django's loader does the same when none is applied).
  const alias = new Map<string, string>();
  for (const m of migs.values()) for (const r of m.replaces) alias.set(key(r.app, r.name), key(m.app, m.name));
  const resolve = (k: string): string => {
    let cur = k;
    for (let i = 0; i < 10 && alias.has(cur); i++) cur = alias.get(cur)!;
    return cur;
  };
  const nodes = [...migs.values()].filter((m) => resolve(key(m.app, m.name)) === key(m.app, m.name));
  const apps = new Set([...migs.values()].map((m) => m.app));
  const parents = new Map<string, Set<string>>(nodes.map((m) => [key(m.app, m.name), new Set()]));
  const special = (n: string): boolean => n === '__first__' || n === '__latest__';

  for (const m of nodes) {
    const me = key(m.app, m.name);
    for (const dep of m.deps) {
      if (!apps.has(dep.app)) continue; // an app outside the tree (django.contrib.auth, a package): not ours to prove
      if (special(dep.name)) continue;
      const target = resolve(key(dep.app, dep.name));
      if (!parents.has(target)) {
        const near = closest(
          dep.name,
          nodes.filter((n) => n.app === dep.app).map((n) => n.name),
        );
        problems.push({
          file: m.file,
          line: dep.line,
          column: dep.column,
          identity: `missing-dependency:${key(dep.app, dep.name)}`,
          message: `Migration ${me} depends on ${key(dep.app, dep.name)}, which does not exist (deleted or renamed?): Django stops with NodeNotFoundError.${near ? ` Did you mean ${near}?` : ''} Point the dependency at an existing migration of '${dep.app}'.`,
        });
        continue;
      }
      if (target !== me) parents.get(me)!.add(target);
    }
    for (const rb of m.runBefore) {
      const target = resolve(key(rb.app, rb.name));
      if (parents.has(target) && target !== me) parents.get(target)!.add(me);
    }
  }
  // Dependencies of replaced migrations carry over to the squashed one.
  for (const m of migs.values()) {
    const me = resolve(key(m.app, m.name));
    if (me === key(m.app, m.name)) continue;
    for (const dep of m.deps) {
      const target = resolve(key(dep.app, dep.name));
      if (parents.has(target) && target !== me) parents.get(me)!.add(target);
    }
  }

  for (const c of cyclesOf(new Map([...parents].map(([k, v]) => [k, [...v]])))) {
    const m = migs.get(c[0]!)!;
    problems.push({
      file: m.file,
      line: m.line,
      identity: `cycle:${[...new Set(c)].sort(cmp).join(',')}`,
      message: `Migrations depend on each other in a cycle: ${c.join(' → ')}; Django stops with CircularDependencyError. Remove one of these dependencies.`,
      properties: { cycle: c },
    });
  }

  const hasChildInApp = new Set<string>();
  for (const [child, ps] of parents) for (const p of ps) if (p.split('.')[0] === child.split('.')[0]) hasChildInApp.add(p);
  const byApp = new Map<string, Mig[]>();
  for (const m of nodes) if (!hasChildInApp.has(key(m.app, m.name))) byApp.set(m.app, [...(byApp.get(m.app) ?? []), m]);
  let conflicts = 0;
  for (const [app, leaves] of [...byApp].sort((a, b) => cmp(a[0], b[0]))) {
    if (leaves.length < 2) continue;
    conflicts++;
    const names = leaves.map((l) => l.name).sort(cmp);
    for (const l of leaves) {
      problems.push({
        file: l.file,
        line: l.line,
        identity: `multiple-leaves:${app}:${l.name}`,
        message: `Migration ${app}.${l.name} is one of ${leaves.length} leaf migrations of app '${app}': ${names.join(', ')}. Django stops with "Conflicting migrations detected". Merge them: \`python manage.py makemigrations --merge ${app}\`.`,
        properties: { app, leaves: names },
      });
    }
  }
  const appCount = new Set(nodes.map((m) => m.app)).size;
  return { problems: sortProblems(problems), detail: `${plural(nodes.length, 'migration')} in ${plural(appCount, 'app')}${conflicts ? `, ${plural(conflicts, 'app')} with several leaves` : ''}` };
}

import path from 'node:path';
import type { Workspace } from '../workspace/workspace.js';
import { forEachLimit } from '../util/async.js';
import { closest, cmp, plural } from '../util/text.js';
import { alembicLayout } from './alembic-config.js';
import { cyclesOf } from './graph.js';
import { lastModuleLevel, PyTree } from './pyresolve.js';
import { showValue, type PyValue } from './python.js';
import { sortProblems, type Problem, type ToolResult } from './types.js';

interface Ref {
  id: string;
  line: number;
  column: number;
}

interface Rev {
  id: string;
  file: string;
  title?: string;
  line: number;
  /** Line of `down_revision =` (the revision's place in the history). */
  downLine: number;
  down: Ref[];
  labels: Ref[];
  deps: Ref[];
}

const under = (dir: string): string => (dir ? `${dir}/` : '');

/** The revision files of the version directories: every .py below them, nested folders included. */
function revisionFiles(ws: Workspace, dirs: readonly string[]): string[] {
  const files = new Set<string>();
  for (const d of dirs) {
    for (const f of ws.select([`${under(d)}**/*.py`])) {
      const base = path.posix.basename(f);
      if (base === '__init__.py' || base.startsWith('.#') || f.split('/').includes('__pycache__')) continue;
      files.add(f);
    }
  }
  return [...files].sort(cmp);
}

/** Strings of a value read as Alembic's `util.to_tuple`: str → one, None → none, tuple/list → each. */
function refsOf(v: PyValue | undefined): Ref[] | string {
  if (v === undefined || v.k === 'none') return [];
  if (v.k === 'str') return [{ id: v.v, line: v.line, column: v.column }];
  if (v.k === 'seq') {
    const out: Ref[] = [];
    for (const x of v.items) {
      if (x.k === 'none') continue;
      if (x.k !== 'str') return showValue(x);
      out.push({ id: x.v, line: x.line, column: x.column });
    }
    return out;
  }
  return showValue(v);
}

const label = (r: Rev): string => (r.title ? `${r.id} ("${r.title}")` : r.id);
const list = (ids: readonly string[]): string => (ids.length <= 2 ? ids.join(' and ') : `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`);

/** Read an Alembic history statically and report what would break `alembic upgrade`. */
export async function analyzeAlembic(ws: Workspace, dir: string): Promise<ToolResult> {
  const d = dir.replace(/\/+$/, '').replace(/^\.\/?/, '');
  if (d !== '' && !ws.files.some((f) => f.startsWith(`${d}/`))) return { problems: [], detail: '', missing: `${dir} holds no files (expected an Alembic script directory or its versions directory)` };
  const layout = await alembicLayout(ws, d);
  const files = revisionFiles(ws, layout.versionDirs);
  const tree = new PyTree(ws);
  const problems: Problem[] = [];
  const revs: Rev[] = [];
  let unreadable = 0; // revisions whose place in the history is unknown: heads and bases cannot be proven

  await forEachLimit(files, 32, async (f) => void (await tree.module(f))); // read in parallel; parsed once, cached
  for (const file of files) {
    const mod = await tree.module(file);
    if (!mod) continue;
    const at = (name: string): number => {
      for (let i = mod.assignments.length - 1; i >= 0; i--) if (mod.assignments[i]!.scope === '' && mod.assignments[i]!.name === name) return mod.assignments[i]!.line;
      return 0;
    };
    const raw = (name: string): PyValue | undefined => lastModuleLevel(mod, name);
    const revRaw = raw('revision');
    if (!revRaw) {
      problems.push({
        file,
        line: 1,
        identity: 'no-revision',
        message: `${file} is in a version directory but declares no \`revision = "…"\`: alembic stops with "Could not determine revision id". Move helper modules out of the version directory, or add the revision identifiers.`,
      });
      continue;
    }
    const rev = await tree.resolve(file, revRaw);
    if (rev.k !== 'str' || rev.v === '') {
      problems.push({
        file,
        line: at('revision'),
        identity: 'unreadable:revision',
        message: `The revision id of ${file} cannot be read statically (\`revision = ${showValue(revRaw)}\`). Write it as a string, or as a constant imported from another module of the repository.`,
      });
      continue;
    }
    const fields: Partial<Record<'down' | 'labels' | 'deps', Ref[]>> = {};
    for (const [key, name] of [
      ['down', 'down_revision'],
      ['labels', 'branch_labels'],
      ['deps', 'depends_on'],
    ] as const) {
      const v = raw(name);
      const refs = refsOf(v === undefined ? undefined : await tree.resolve(file, v));
      if (typeof refs === 'string') {
        if (key !== 'labels') unreadable++;
        problems.push({
          file,
          line: at(name),
          identity: `unreadable:${name}`,
          message: `\`${name}\` of revision ${rev.v} cannot be read statically (\`${refs}\`). Write revision ids as strings, or as constants imported from another module of the repository.`,
        });
        fields[key] = [];
      } else fields[key] = refs;
    }
    if (raw('down_revision') === undefined) {
      problems.push({
        file,
        line: at('revision'),
        identity: 'no-down-revision',
        message: `Revision ${rev.v} has no \`down_revision\`: alembic cannot load it. Write \`down_revision = None\` for a base, or the id of the revision it follows.`,
      });
    }
    revs.push({
      id: rev.v,
      file,
      ...(mod.docstring ? { title: mod.docstring } : {}),
      line: at('revision'),
      downLine: at('down_revision') || at('revision'),
      down: fields.down!,
      labels: fields.labels!,
      deps: fields.deps!,
    });
  }

  // Duplicate ids: the first file (in path order) keeps the id.
  const byId = new Map<string, Rev>();
  for (const r of revs) {
    const first = byId.get(r.id);
    if (!first) byId.set(r.id, r);
    else
      problems.push({
        file: r.file,
        line: r.line,
        identity: `duplicate-revision:${r.id}`,
        message: `Revision id ${r.id} is declared twice: in ${first.file} and in ${r.file}; alembic keeps only one of them. Give one of them a new id (\`alembic revision\` generates one) and point its children at it.`,
      });
  }
  const unique = [...byId.values()];

  // Branch labels: each names one revision, and no label may equal a revision id.
  const byLabel = new Map<string, Rev>();
  for (const r of unique) {
    for (const l of r.labels) {
      const first = byLabel.get(l.id);
      if (byId.has(l.id)) {
        problems.push({
          file: r.file,
          line: l.line,
          column: l.column,
          identity: `label-is-revision:${l.id}`,
          message: `Branch label '${l.id}' of revision ${r.id} is also a revision id; alembic stops with "Branch name '${l.id}' ... already used". Choose another label.`,
        });
      } else if (first) {
        problems.push({
          file: r.file,
          line: l.line,
          column: l.column,
          identity: `duplicate-label:${l.id}`,
          message: `Branch label '${l.id}' is declared by revision ${r.id} and already by ${first.id} (${first.file}); alembic stops with "Branch name '${l.id}' in revision ${r.id} already used by revision ${first.id}". A label names a branch once, at its first revision: remove it here or rename it.`,
        });
      } else byLabel.set(l.id, r);
    }
  }
  const find = (id: string): Rev | undefined => byId.get(id) ?? byLabel.get(id);

  // Dangling references.
  const ids = [...byId.keys()].sort(cmp);
  const hint = (id: string): string => {
    const near = closest(id, [...ids, ...byLabel.keys()]);
    return near ? ` Did you mean ${near}?` : '';
  };
  for (const r of unique) {
    for (const ref of r.down) {
      if (find(ref.id)) continue;
      problems.push({
        file: r.file,
        line: ref.line,
        column: ref.column,
        identity: `missing-down-revision:${ref.id}`,
        message: `Revision ${r.id} revises ${ref.id}, which is no revision here (deleted, renamed, or not merged yet?): alembic stops with "Revision ${ref.id} referenced from ${r.id} is not present".${hint(ref.id)} Point down_revision at an existing revision.`,
      });
    }
    for (const ref of r.deps) {
      if (find(ref.id)) continue;
      problems.push({
        file: r.file,
        line: ref.line,
        column: ref.column,
        identity: `missing-depends-on:${ref.id}`,
        message: `Revision ${r.id} depends on ${ref.id}, which is no revision or branch label here (deleted or renamed?).${hint(ref.id)} Point depends_on at an existing revision or label.`,
      });
    }
  }

  // The graph: versioned children (down_revision) and all children (with depends_on).
  const downOf = (r: Rev): Rev[] => r.down.map((x) => find(x.id)).filter((x): x is Rev => x !== undefined);
  const depsOf = (r: Rev): Rev[] => r.deps.map((x) => find(x.id)).filter((x): x is Rev => x !== undefined);
  const children = new Map<string, Set<string>>(unique.map((r) => [r.id, new Set()]));
  const allChildren = new Map<string, Set<string>>(unique.map((r) => [r.id, new Set()]));
  for (const r of unique) {
    for (const p of downOf(r)) {
      children.get(p.id)!.add(r.id);
      allChildren.get(p.id)!.add(r.id);
    }
    for (const p of depsOf(r)) allChildren.get(p.id)!.add(r.id);
  }

  const cycles = cyclesOf(new Map(unique.map((r) => [r.id, [...downOf(r), ...depsOf(r)].map((x) => x.id)])));
  for (const c of cycles) {
    const r = byId.get(c[0]!)!;
    problems.push({
      file: r.file,
      line: r.downLine,
      identity: `cycle:${[...new Set(c)].sort(cmp).join(',')}`,
      message: `Revisions form a cycle: ${c.join(' → ')} (through down_revision/depends_on); alembic cannot order them. Break the cycle: one of these revisions must not revise or depend on the next.`,
      properties: { cycle: c },
    });
  }

  // Branch labels reach every descendant, and ancestors up to a branch or merge point (as in Alembic).
  const labels = new Map<string, Set<string>>(unique.map((r) => [r.id, new Set(r.labels.map((l) => l.id).filter((l) => byLabel.get(l) === r))]));
  for (const r of unique) {
    const own = r.labels.map((l) => l.id).filter((l) => byLabel.get(l) === r); // declared here, not inherited
    if (own.length === 0) continue;
    const seen = new Set<string>([r.id]);
    const queue = [r.id];
    for (let q = 0; q < queue.length; q++) {
      for (const c of children.get(queue[q]!)!) {
        if (seen.has(c)) continue;
        seen.add(c);
        queue.push(c);
        for (const l of own) labels.get(c)!.add(l);
      }
    }
    let p: Rev | undefined = r;
    const walked = new Set<string>();
    while (p && !walked.has(p.id) && allChildren.get(p.id)!.size <= 1 && p.down.length <= 1) {
      walked.add(p.id);
      for (const l of own) labels.get(p.id)!.add(l);
      p = downOf(p)[0];
    }
  }

  const ancestors = (id: string): Set<string> => {
    const out = new Set<string>();
    const stack = [id];
    while (stack.length) {
      for (const p of downOf(byId.get(stack.pop()!)!)) {
        if (!out.has(p.id)) {
          out.add(p.id);
          stack.push(p.id);
        }
      }
    }
    return out;
  };
  const forkOf = (heads: string[]): string[] => {
    const sets = heads.map(ancestors);
    const common = [...sets[0]!].filter((a) => sets.every((s) => s.has(a)));
    // common ancestors are closed downwards: the nearest are those with no child among them
    const inCommon = new Set(common);
    const nearest = common.filter((a) => ![...children.get(a)!].some((c) => inCommon.has(c)));
    return nearest.sort(cmp);
  };

  const where = layout.versionDirs.map((v) => v || '.').join(', ');
  const read = `${plural(unique.length, 'revision')} in ${where}${layout.ini ? ` (from ${layout.ini})` : ''}`;
  if (unreadable > 0) return { problems: sortProblems(problems), detail: `${read}; heads and bases not checked: ${plural(unreadable, 'reference')} could not be read` };

  const heads = unique.filter((r) => children.get(r.id)!.size === 0).sort((a, b) => cmp(a.id, b.id));
  const groups = new Map<string, Rev[]>();
  for (const h of heads) {
    const ls = [...labels.get(h.id)!].sort(cmp);
    for (const key of ls.length ? ls : ['']) groups.set(key, [...(groups.get(key) ?? []), h]);
  }
  for (const [key, hs] of [...groups.entries()].sort((a, b) => cmp(a[0], b[0]))) {
    if (hs.length < 2) continue;
    const hids = hs.map((h) => h.id);
    const fork = forkOf(hids);
    const forkText =
      fork.length === 0
        ? 'they share no ancestor'
        : hs.every((h) => h.down.length === 1 && h.down[0]!.id === fork[0]) && fork.length === 1
          ? `${hs.length === 2 ? 'both' : 'all'} revise ${fork[0]}`
          : `they fork at ${list(fork)}`;
    const cmd = key ? `alembic merge -m "merge ${key} heads" ${hids.join(' ')}` : `alembic merge -m "merge heads" ${hids.join(' ')}`;
    for (const h of hs) {
      const what = key ? `one of ${hs.length} heads of branch '${key}'` : `one of ${hs.length} heads without a branch label`;
      const fails = key ? `\`alembic upgrade ${key}@head\` fails` : '`alembic upgrade head` fails with "Multiple head revisions are present"';
      const also = key ? '' : ', or give each its own branch_labels if they are meant to stay separate branches (expand/contract)';
      problems.push({
        file: h.file,
        line: h.downLine,
        identity: `multiple-heads:${key}:${h.id}`,
        message: `Revision ${label(h)} is ${what}: ${list(hids)} (${forkText}). ${fails}. Merge them: \`${cmd}\`${also}.`,
        properties: { heads: hids, ...(key ? { branch: key } : {}) },
      });
    }
  }

  const bases = unique.filter((r) => r.down.length === 0 && labels.get(r.id)!.size === 0).sort((a, b) => cmp(a.id, b.id));
  if (bases.length > 1) {
    const bids = bases.map((b) => b.id);
    for (const b of bases) {
      problems.push({
        file: b.file,
        line: b.downLine,
        identity: `multiple-bases:${b.id}`,
        message: `Revision ${label(b)} is one of ${bases.length} base revisions (down_revision = None) without a branch label: ${list(bids)}; alembic cannot tell which history each starts. Point one base's down_revision at the other history, or give each base its own branch_labels.`,
        properties: { bases: bids },
      });
    }
  }

  const headText = heads.length === 0 ? 'no head' : `${plural(heads.length, 'head')}: ${heads.map((h) => h.id).join(', ')}`;
  return { problems: sortProblems(problems), detail: `${read}, ${headText}` };
}

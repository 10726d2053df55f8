import { adjacency, tangles } from '../graph/algorithms.js';
import { isJs, isPython } from '../graph/index.js';
import type { ImportEdge } from '../graph/types.js';
import { compileMatcher } from '../util/paths.js';
import { cmp, plural } from '../util/text.js';
import { maxOf } from '../util/array.js';

/** A guardrail that holds today, with why it is worth keeping. */
export interface Suggestion {
  id: string;
  title: string;
  check: 'no-cycles' | 'layers' | 'forbidden-imports' | 'max-lines';
  /** The kind's options, as they go into the YAML. */
  options: Record<string, unknown>;
  /** One line: what holds today. */
  reason: string;
}

export interface SuggestInput {
  /** Modules of the import graph and its runtime edges (the checks' defaults). */
  nodes: readonly string[];
  edges: readonly ImportEdge[];
  /** Line counts of source files. */
  lines: ReadonlyMap<string, number>;
  /** Guardrails already configured: a suggestion equal to one of them is left out. */
  existing: readonly { id: string; check: string; options: Record<string, unknown> }[];
  /** Modules the graph could not read (a syntax error): no import property is claimed for a folder holding one. */
  unread?: readonly string[];
  /** Imports that name a module of the repository the graph could not find: what they hide is not proven. */
  unresolved?: readonly { from: string; specifier: string; line: number }[];
  /** Filled with what was not suggested because it could not be proven (for the user). */
  notes?: string[];
}

const MAX_DEPTH = 3;
const MAX_FORBIDDEN = 10;

/**
 * Guardrails the code already respects and that would catch tomorrow's regression: folders whose
 * imports are acyclic, layerings of sibling folders the import graph already follows, directions
 * between sibling folders never crossed, and size limits just above today's largest file.
 */
export function suggest(input: SuggestInput): Suggestion[] {
  const out: Suggestion[] = [];
  const edges = input.edges.filter((e) => e.from !== e.to);
  const dirs = folders(input.nodes);

  // Acyclic folders: the biggest ones (a folder with a tangle is searched below for acyclic parts).
  const acyclic = (prefix: string): { nodes: string[]; internal: number } | null => {
    const m = compileMatcher([`${prefix}/**`]);
    if (input.unread?.some(m)) return null; // not proven: searched below for parts that were read
    const nodes = input.nodes.filter(m);
    const inside = edges.filter((e) => m(e.from) && m(e.to));
    return tangles(adjacency(nodes, inside)).length === 0 ? { nodes, internal: inside.length } : null;
  };
  const unresolved = input.unresolved ?? [];
  const visit = (dir: string, depth: number) => {
    const ok = acyclic(dir);
    if (ok) {
      // "no cycle today" is a claim about every import of the folder: not made when some are unresolved.
      const unseen = unresolved.filter((u) => u.from.startsWith(`${dir}/`));
      if (ok.nodes.length >= 2 && unseen.length > 0) {
        const u = unseen[0]!;
        input.notes?.push(
          `${dir}/: no cycle among the imports that were resolved, but ${plural(unseen.length, 'import')} of its modules name${unseen.length === 1 ? 's' : ''} repository modules that were not found (e.g. ${u.from}:${u.line} '${u.specifier}'), so no-cycles is not suggested there; set python-roots if the source roots are wrong.`,
        );
        return;
      }
      if (ok.nodes.length >= 2 && ok.internal > 0) {
        out.push({
          id: `no-cycles-${slug(dir)}`,
          title: `No circular imports in ${dir}/`,
          check: 'no-cycles',
          options: { paths: [`${dir}/**`], ...language(ok.nodes) },
          reason: `${dir}/: ${plural(ok.nodes.length, 'module')}, ${plural(ok.internal, 'import')} among them, no cycle today.`,
        });
      }
      return;
    }
    if (depth < MAX_DEPTH) for (const sub of dirs.filter((d) => parentOf(d) === dir)) visit(sub, depth + 1);
  };
  for (const top of dirs.filter((d) => !d.includes('/'))) visit(top, 1);

  // Layerings and never-crossed directions between the parts of a folder.
  const layered = new Set<string>();
  const forbidden: (Suggestion & { weight: number })[] = [];
  for (const dir of ['', ...dirs].filter((d) => depthOf(d) < MAX_DEPTH)) {
    const units = unitGraph(dir, edges);
    if (units.size < 2 || input.unread?.some((f) => unitOf(dir, f) !== null)) continue;
    const layering = layersOf(units);
    if (layering) {
      layered.add(dir);
      const spec = layering.map((layer) => (layer.length === 1 ? globOf(layer[0]!) : layer.map(globOf)));
      const where = dir ? `${dir}/` : 'the repository';
      const nodes = input.nodes.filter((n) => unitOf(dir, n) !== null);
      out.push({
        id: `layers-${slug(dir || 'root')}`,
        title: `The parts of ${where} import only downwards`,
        check: 'layers',
        options: { layers: spec, ...language(nodes) },
        reason: `${where}: ${layering.length} layers (${layering.map((l) => l.map(short).join(' + ')).join(' → ')}) and no import goes upwards today.`,
      });
      continue;
    }
    for (const [a, targets] of units) {
      for (const [b, n] of targets) {
        if (!a.endsWith('/') || !b.endsWith('/') || units.get(b)?.has(a)) continue;
        forbidden.push({
          id: `${slug(b.slice(0, -1))}-not-importing-${slug(a.slice(0, -1).split('/').pop()!)}`,
          title: `${b} never imports ${a}`,
          check: 'forbidden-imports',
          options: { from: [`${b}**`], to: [`${a}**`] },
          reason: `${a} imports ${b} (${plural(n, 'import')}); ${b} has never imported ${a}.`,
          weight: n,
        });
      }
    }
  }
  forbidden.sort((x, y) => y.weight - x.weight || cmp(x.id, y.id));
  for (const { weight: _w, ...s } of forbidden.slice(0, MAX_FORBIDDEN)) out.push(s);

  // Size limits just above today's largest file, per top folder and language.
  for (const top of [...new Set([...input.lines.keys()].filter((f) => f.includes('/')).map((f) => f.split('/')[0]!))].sort(cmp)) {
    for (const [lang, glob] of [
      ['Python', `${top}/**/*.py`],
      ['JavaScript/TypeScript', `${top}/**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}`],
    ] as const) {
      const m = compileMatcher([glob]);
      const files = [...input.lines.entries()].filter(([f]) => m(f));
      if (files.length < 2) continue;
      files.sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]));
      const [largest, lines] = files[0]!;
      const max = Math.max(100, Math.ceil(lines / 100) * 100);
      const near = files.filter(([, n]) => n >= max * 0.8).length;
      out.push({
        id: `max-lines-${slug(top)}-${lang === 'Python' ? 'py' : 'js'}`,
        title: `${lang} files in ${top}/ stay under ${max} lines`,
        check: 'max-lines',
        options: { paths: [glob], max },
        reason: `largest today: ${largest} (${lines} lines)${near > 1 ? `; ${near} files within 20% of ${max}` : ''}; nothing grows past ${max}.`,
      });
    }
  }
  return unique(
    out.filter((s) => !input.existing.some((g) => g.check === s.check && sameOptions(g.options, s.options))),
    input.existing.map((g) => g.id),
  );
}

/** Every folder that holds a module, sorted. */
function folders(nodes: readonly string[]): string[] {
  const set = new Set<string>();
  for (const n of nodes) {
    const parts = n.split('/');
    for (let i = 1; i < parts.length; i++) set.add(parts.slice(0, i).join('/'));
  }
  return [...set].sort(cmp);
}

function parentOf(dir: string): string {
  return dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
}

function depthOf(dir: string): number {
  return dir ? dir.split('/').length : 0;
}

/** The part of `dir` a module belongs to: `dir/sub/` for a module in a subfolder, else the file itself. */
function unitOf(dir: string, file: string): string | null {
  const prefix = dir ? `${dir}/` : '';
  if (!file.startsWith(prefix)) return null;
  const rest = file.slice(prefix.length);
  const i = rest.indexOf('/');
  return i === -1 ? file : `${prefix}${rest.slice(0, i)}/`;
}

/** Part → part → number of imports, for the parts of `dir` that import or are imported by another part. */
function unitGraph(dir: string, edges: readonly ImportEdge[]): Map<string, Map<string, number>> {
  const g = new Map<string, Map<string, number>>();
  for (const e of edges) {
    const a = unitOf(dir, e.from);
    const b = unitOf(dir, e.to);
    if (!a || !b || a === b) continue;
    if (!g.has(a)) g.set(a, new Map());
    if (!g.has(b)) g.set(b, new Map());
    g.get(a)!.set(b, (g.get(a)!.get(b) ?? 0) + 1);
  }
  return g;
}

/**
 * Layers of an acyclic part graph, top first: a part's layer is its longest path to a part that
 * imports nothing. Only when there are at least three layers (a real layering, not a pair).
 */
function layersOf(units: Map<string, Map<string, number>>): string[][] | null {
  const height = new Map<string, number>();
  const visiting = new Set<string>();
  const h = (u: string): number => {
    const known = height.get(u);
    if (known !== undefined) return known;
    if (visiting.has(u)) throw new Error('cycle');
    visiting.add(u);
    let best = 0;
    for (const v of units.get(u)?.keys() ?? []) best = Math.max(best, h(v) + 1);
    visiting.delete(u);
    height.set(u, best);
    return best;
  };
  try {
    for (const u of units.keys()) h(u);
  } catch {
    return null;
  }
  const top = maxOf(height.values());
  if (top < 2) return null;
  const layers: string[][] = [];
  for (let l = top; l >= 0; l--)
    layers.push(
      [...height.entries()]
        .filter(([, x]) => x === l)
        .map(([u]) => u)
        .sort(cmp),
    );
  return layers;
}

function globOf(unit: string): string {
  return unit.endsWith('/') ? `${unit}**` : unit;
}

function short(unit: string): string {
  const s = unit.endsWith('/') ? unit.slice(0, -1) : unit;
  return s.split('/').pop()! + (unit.endsWith('/') ? '/' : '');
}

function language(nodes: readonly string[]): { language?: string } {
  if (nodes.length && nodes.every(isPython)) return { language: 'python' };
  if (nodes.length && nodes.every(isJs)) return { language: 'javascript' };
  return {};
}

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'root'
  );
}

/** Same scope (paths, layers, from, to): an existing guardrail already guards what the suggestion would. */
function sameOptions(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const norm = (v: unknown) => JSON.stringify(Array.isArray(v) ? [...v].map(String).sort(cmp) : v === undefined ? undefined : [String(v)]);
  return ['paths', 'from', 'to'].every((k) => norm(a[k]) === norm(b[k])) && JSON.stringify(a.layers) === JSON.stringify(b.layers);
}

function unique(list: Suggestion[], taken: string[]): Suggestion[] {
  const used = new Set(taken);
  return list.map((s) => {
    let id = s.id;
    for (let i = 2; used.has(id); i++) id = `${s.id}-${i}`;
    used.add(id);
    return { ...s, id };
  });
}

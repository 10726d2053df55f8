import { parseRouteSpec, routeMatches } from '../routes/match.js';
import type { Route } from '../routes/types.js';
import { cmp, plural } from '../util/text.js';
import type { CodeModel } from './code.js';
import { generateMap } from './generate.js';
import { MACHINE_MODULE_FIELDS, type IntelligenceMap } from './types.js';
import { codeSpan } from '../util/markdown.js';

/** Repository text (module paths, routes, goal ids) as a code span that nothing inside can close. */
const code = (s: string): string => codeSpan(s, { cell: false });

/** What changed between the committed map and the code. */
export interface MapDiff {
  map: string;
  modulesAdded: string[];
  modulesRemoved: string[];
  /** Modules whose imports changed (only when the map records imports). */
  dependencies: { module: string; added: string[]; removed: string[] }[];
  /** Routes in the code the map does not list, and listed routes gone (only when the map records routes). */
  routesAdded: string[];
  routesRemoved: string[];
  /** Goals' critical paths that no route serves. */
  criticalPaths: { goal: string; path: string }[];
  /** Whether the map records imports / routes (written by `map generate`). */
  records: { imports: boolean; routes: boolean };
}

/** Compare the committed map with what `map generate` would write from the code today. */
export function diffMap(mapFile: string, committed: IntelligenceMap, code: CodeModel, routes: readonly Route[]): MapDiff {
  const fresh = generateMap(committed, code).map;
  const before = committed.modules ?? {};
  const after = fresh.modules ?? {};
  // A map that went through `map generate` records machine fields; a missing field then means "none".
  const generated = Object.values(before).some((m) => MACHINE_MODULE_FIELDS.some((k) => k in m));
  const records = { imports: generated, routes: generated };
  const dependencies: MapDiff['dependencies'] = [];
  if (records.imports) {
    for (const key of Object.keys(before)
      .filter((k) => k in after)
      .sort(cmp)) {
      const was = new Set(before[key]!.imports ?? []);
      const now = new Set(after[key]!.imports ?? []);
      const added = [...now].filter((x) => !was.has(x)).sort(cmp);
      const removed = [...was].filter((x) => !now.has(x)).sort(cmp);
      if (added.length || removed.length) dependencies.push({ module: key, added, removed });
    }
  }
  const routeSet = (mods: Record<string, { routes?: string[] }>) => new Set(Object.values(mods).flatMap((m) => m.routes ?? []));
  const wasRoutes = routeSet(before);
  const nowRoutes = routeSet(after);
  const criticalPaths = Object.entries(committed.goals ?? {})
    .flatMap(([goal, g]) => (g.criticalPaths ?? []).map((p) => ({ goal, path: p })))
    .filter((c) => {
      const spec = parseRouteSpec(c.path);
      return spec !== null && !routes.some((r) => routeMatches(spec, r));
    });
  return {
    map: mapFile,
    modulesAdded: Object.keys(after)
      .filter((k) => !(k in before))
      .sort(cmp),
    modulesRemoved: Object.keys(before)
      .filter((k) => !(k in after))
      .sort(cmp),
    dependencies,
    routesAdded: records.routes ? [...nowRoutes].filter((r) => !wasRoutes.has(r)).sort(cmp) : [],
    routesRemoved: records.routes ? [...wasRoutes].filter((r) => !nowRoutes.has(r)).sort(cmp) : [],
    criticalPaths,
    records,
  };
}

export function hasChanges(d: MapDiff): boolean {
  return d.modulesAdded.length + d.modulesRemoved.length + d.dependencies.length + d.routesAdded.length + d.routesRemoved.length + d.criticalPaths.length > 0;
}

function count(d: MapDiff): number {
  return d.modulesAdded.length + d.modulesRemoved.length + d.dependencies.length + d.routesAdded.length + d.routesRemoved.length + d.criticalPaths.length;
}

/** The diff for a terminal: one section per kind of change, `+` and `-` lines. */
export function diffText(d: MapDiff): string {
  const out: string[] = [];
  if (!hasChanges(d)) {
    out.push(`${d.map} matches the code.`);
  } else {
    out.push(`${d.map} differs from the code: ${plural(count(d), 'change')}.`);
    section(
      out,
      'Modules added (no map entry)',
      d.modulesAdded.map((m) => `  + ${m}`),
    );
    section(
      out,
      'Modules removed (no longer in the code)',
      d.modulesRemoved.map((m) => `  - ${m}`),
    );
    section(
      out,
      'Dependencies changed',
      d.dependencies.flatMap((x) => [`  ${x.module}`, ...x.added.map((a) => `    + ${a}`), ...x.removed.map((r) => `    - ${r}`)]),
    );
    section(
      out,
      'Routes added',
      d.routesAdded.map((r) => `  + ${r}`),
    );
    section(
      out,
      'Routes removed',
      d.routesRemoved.map((r) => `  - ${r}`),
    );
    section(
      out,
      'Critical paths with no route',
      d.criticalPaths.map((c) => `  - ${c.path} (goal ${c.goal})`),
    );
  }
  if (!d.records.imports) out.push('', 'The map records no imports or routes: run `living-architecture map generate` to record them and see their changes.');
  return `${out.join('\n')}\n`;
}

/** The diff for a job summary or an issue: headings, lists, code spans. */
export function diffMarkdown(d: MapDiff): string {
  const out: string[] = [];
  const file = code(d.map);
  if (!hasChanges(d)) {
    out.push(`### ✅ Intelligence map matches the code`, '', `${file} describes the code as it is.`);
  } else {
    out.push(`### 🧭 Intelligence map drift: ${plural(count(d), 'change')}`, '', `${file} no longer matches the code. Run \`living-architecture map generate\` and review the goals of new modules.`);
    mdSection(
      out,
      'Modules added (no map entry)',
      d.modulesAdded.map((m) => `- ${code(m)}`),
    );
    mdSection(
      out,
      'Modules removed (no longer in the code)',
      d.modulesRemoved.map((m) => `- ${code(m)}`),
    );
    mdSection(
      out,
      'Dependencies changed',
      d.dependencies.map((x) => `- ${code(x.module)}: ${[...x.added.map((a) => `+${code(a)}`), ...x.removed.map((r) => `−${code(r)}`)].join(', ')}`),
    );
    mdSection(
      out,
      'Routes added',
      d.routesAdded.map((r) => `- ${code(r)}`),
    );
    mdSection(
      out,
      'Routes removed',
      d.routesRemoved.map((r) => `- ${code(r)}`),
    );
    mdSection(
      out,
      'Critical paths with no route',
      d.criticalPaths.map((c) => `- ${code(c.path)} (goal ${code(c.goal)})`),
    );
  }
  if (!d.records.imports) out.push('', '_The map records no imports or routes yet: `living-architecture map generate` records them._');
  return `${out.join('\n')}\n`;
}

function section(out: string[], title: string, lines: string[]): void {
  if (lines.length) out.push('', `${title}:`, ...lines);
}

function mdSection(out: string[], title: string, lines: string[]): void {
  if (lines.length) out.push('', `#### ${title}`, '', ...lines);
}

import { getGraph, warmGraphFiles } from '../graph/index.js';
import { warmTreeLayout } from '../graph/python-tree.js';
import type { Workspace } from '../workspace/workspace.js';
import { runtimeEdges, type ImportEdge, type ModuleGraph } from '../graph/types.js';
import type { Finding, Guardrail } from '../types.js';
import { compileMatcher, isGlob, type Matcher } from '../util/paths.js';
import { plural } from '../util/text.js';
import { asList, globs } from './schema-bits.js';
import { findingOf, type CheckContext, type GuardrailOf, type JsonSchema } from './types.js';
import type { NoCyclesOptions } from '../config/options.generated.js';

/** The keys every import-graph kind shares (GRAPH_OPTIONS), as typed. */
export type ImportScopeOptions = Pick<NoCyclesOptions, 'paths' | 'exclude' | 'language' | 'ignore-type-only' | 'include-deferred' | 'python-roots'>;

/** Options every import check shares: which graph, which part of it, which edges count. */
export const GRAPH_OPTIONS: Record<string, JsonSchema> = {
  paths: globs('Modules to look at (globs or Python module prefixes). Default: the whole graph.'),
  exclude: globs('Modules to leave out (globs).'),
  language: { enum: ['auto', 'python', 'javascript'], default: 'auto', description: 'Which import graph: auto takes Python and JavaScript/TypeScript files by extension.' },
  'ignore-type-only': {
    type: 'boolean',
    default: true,
    description: 'Ignore imports erased at run time: TypeScript `import type` and imports used only as types, Python imports under `if TYPE_CHECKING:`.',
  },
  'include-deferred': { type: 'boolean', default: false, description: 'Python: count imports inside functions too (they run only when the function is called).' },
  'python-roots': globs('Python source roots (directories that hold top-level packages). Default: inferred.'),
};

export interface Scoped {
  graph: ModuleGraph;
  /** Nodes inside paths/exclude. */
  nodes: string[];
  inScope: (file: string) => boolean;
  /** Runtime edges (per the guardrail's filter) with both ends known to the graph. */
  edges: readonly ImportEdge[];
  /** Modules in scope the graph could not read (a syntax error): nodes without imports of their own. */
  skipped: Set<string>;
  /** What the report should say about how the graph was read for this guardrail (for CheckResult.notices). */
  notices: string[];
}

const SHOWN_SKIPPED = 5;

/**
 * The graph a guardrail judges, read only as far as it needs: the JavaScript projects holding a
 * module under its `paths` (and, when given, under `reads`: the modules whose imports it looks
 * at, e.g. `from`), so a broken project elsewhere never stops it.
 */
export async function scopedGraph(ctx: CheckContext, g: GuardrailOf<ImportScopeOptions>, reads?: readonly string[]): Promise<Scoped> {
  const o = g.options;
  const roots = asList(o['python-roots']);
  // The modules whose imports the guardrail needs; Python's also by dotted name (`backend.services`).
  // (Python: every module under `paths`, so the notices about its unresolved imports stay whole.)
  const needs = (names: ReadonlyMap<string, string> | undefined, withReads: boolean): Matcher => {
    const known = { moduleNames: names as Map<string, string> | undefined };
    const byGlob = moduleMatcher(known, asList(o.paths), asList(o.exclude));
    const byReads = reads && withReads ? moduleMatcher(known, [...reads]) : () => true;
    return (f) => byGlob(f) && byReads(f);
  };
  const graph = await getGraph(ctx, {
    language: o.language ?? 'auto',
    ...(roots.length ? { pythonRoots: roots } : {}),
    scope: needs(undefined, true),
    pythonScope: (names) => needs(names, false),
  });
  const inScope = moduleMatcher(graph, asList(o.paths), asList(o.exclude));
  const nodes = graph.nodes.filter(inScope);
  const edges = runtimeEdges(graph, { ignoreTypeOnly: o['ignore-type-only'] ?? true, includeDeferred: o['include-deferred'] ?? false });
  const skippedHere = (graph.skipped ?? []).filter((s) => inScope(s.file));
  const notices = [...(graph.notices ?? [])];
  if (skippedHere.length > 0) {
    const shown = skippedHere.slice(0, SHOWN_SKIPPED).map((s) => `${s.file} (${s.reason})`);
    const more = skippedHere.length > SHOWN_SKIPPED ? `, and ${skippedHere.length - SHOWN_SKIPPED} more` : '';
    notices.push(
      `${g.id}: ${plural(skippedHere.length, 'file')} could not be parsed and ${skippedHere.length === 1 ? 'was' : 'were'} left out of the import graph, the rest was judged: ${shown.join('; ')}${more}.`,
    );
  }
  const scoped = { graph, nodes, inScope, edges, skipped: new Set(skippedHere.map((s) => s.file)), notices };
  for (const n of unresolvedNotices(scoped)) notices.push(`${g.id}: ${n}`);
  return scoped;
}

/**
 * What a guardrail of an import-graph kind starts while git lists the files (CheckKind.warmUp): the
 * Python layout the graph will infer, when it will infer one (no `python-roots`; language auto or python).
 */
export function warmImportGraph(provisional: Workspace, g: GuardrailOf<ImportScopeOptions>): void {
  const language = g.options.language ?? 'auto';
  if (language === 'auto') warmGraphFiles(provisional.files);
  if ((language === 'auto' || language === 'python') && asList(g.options['python-roots']).length === 0) warmTreeLayout(provisional);
}

/**
 * A notice when imports of the guardrail's modules name modules of the repository that the graph
 * could not find (wrong source roots, a deleted module): what the check proved holds only for the
 * imports it saw.
 */
export function unresolvedNotices(s: Scoped): string[] {
  const list = (s.graph.unresolved ?? []).filter((u) => s.inScope(u.from));
  if (list.length === 0) return [];
  const shown = list
    .slice(0, 3)
    .map((u) => `${u.from}:${u.line} '${u.specifier}'`)
    .join(', ');
  return [
    `${plural(list.length, 'import')} of its modules name${list.length === 1 ? 's' : ''} a module of the repository that was not found (${shown}${list.length > 3 ? ', …' : ''}); ` +
      `a cycle or forbidden import through them cannot be seen.${list.some((u) => /\.pyi?$/.test(u.from)) ? ' If the source roots are wrong, set python-roots.' : ''}`,
  ];
}

/**
 * Matches modules by glob (`backend/services/**`, `frontend/components`) or, for Python, by dotted
 * module prefix (`backend.services` matches `backend.services` and everything below it), as
 * import-linter users write them.
 */
export function moduleMatcher(graph: Pick<ModuleGraph, 'moduleNames'>, include: string[], exclude: string[] = []): Matcher {
  const dotted = (p: string): boolean => /^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)+$/.test(p) && !isGlob(p) && !/\.(py|pyi|[cm]?[jt]sx?)$/.test(p);
  const byName = (patterns: string[]): Matcher => {
    if (patterns.length === 0) return () => false;
    return (file) => {
      const name = graph.moduleNames?.get(file);
      return name !== undefined && patterns.some((p) => name === p || name.startsWith(`${p}.`));
    };
  };
  const incGlobs = include.filter((p) => !dotted(p));
  const incNames = byName(include.filter(dotted));
  const excNames = byName(exclude.filter(dotted));
  const globMatch =
    incGlobs.length > 0
      ? compileMatcher(
          incGlobs,
          exclude.filter((p) => !dotted(p)),
        )
      : null;
  const excGlob = compileMatcher(
    ['**'],
    exclude.filter((p) => !dotted(p)),
  );
  return (file) => {
    if (excNames(file) || !excGlob(file)) return false;
    if (include.length === 0) return true;
    return (globMatch?.(file) ?? false) || incNames(file);
  };
}

/**
 * A finding for a module pattern that matches nothing: a typo in a glob or module name would
 * otherwise make the guardrail pass forever (import-linter refuses such contracts too).
 */
export function matchesNothing(g: Guardrail, where: readonly (string | number)[], what: string, patterns: string[]): Finding {
  const at = g.locate(where);
  return findingOf(g, {
    file: at.file,
    line: at.line,
    column: at.column,
    message: `${what} (${patterns.join(', ')}) matches no module of the import graph, so this guardrail proves nothing: check the glob or module name.`,
    identity: `matches-nothing:${where.join('.')}`,
  });
}

import type { Facts } from '../facts.js';
import type { Workspace } from '../workspace/workspace.js';
import type { Matcher } from '../util/paths.js';
import { JavaScriptGraphs, uncoveredComponents } from './javascript.js';
import { PythonGraphs, type PythonScope } from './python.js';
import { mergeGraphs, type ModuleGraph } from './types.js';
import { buildLanguageGraph } from './generic.js';
import { isJs, isPython, languageNamed, languages } from '../lang/index.js';

/** `auto`: every language by extension; else one language by name (`python`, `javascript`, a registered one). */
export type GraphLanguage = 'auto' | 'python' | 'javascript';

export { isJs, isPython } from '../lang/index.js';

export interface GraphOptions {
  language: GraphLanguage;
  /** Python source roots (override of the inferred ones). */
  pythonRoots?: string[];
  /**
   * The modules whose imports the question needs (a guardrail's `paths`, `from`, layers): only the
   * JavaScript projects holding one are read. Every module is a node either way. Default: all.
   */
  scope?: Matcher;
  /**
   * The same scope for the Python graph, given the modules' dotted names (a guardrail's `paths` may
   * name `backend.services`): only the selected files and what they import, transitively, are read.
   * Default: `scope`, else all.
   */
  pythonScope?: PythonScope;
}

/**
 * The module graph of the whole workspace for a language, built once per run and shared by every
 * guardrail (each check then looks at the part under its own `paths`). `auto` is the union of the
 * Python and JavaScript graphs, each built only when the workspace has such files.
 */
/** What building a graph needs of a run (a CheckContext has it). */
export interface GraphContext {
  workspace: Workspace;
  facts: Facts;
  log: (message: string) => void;
}

/** What `auto` asks of a file list, once per list (each guardrail asks): whether it holds Python, its JavaScript files, the notice on files of no language. */
const listed = new WeakMap<readonly string[], { python: boolean; js: string[]; uncovered?: string | null }>();

function filesOf(files: readonly string[]): { python: boolean; js: string[]; uncovered?: string | null } {
  let f = listed.get(files);
  if (!f) {
    let python = false;
    const js: string[] = [];
    for (const file of files) {
      if (isJs(file)) js.push(file);
      else if (!python && isPython(file)) python = true;
    }
    listed.set(files, (f = { python, js }));
  }
  return f;
}

/**
 * What an `auto` graph asks of the file list, asked ahead (CheckKind.warmUp: while git still walks
 * the work tree), memoized by the list as `getGraph` memoizes it.
 */
export function warmGraphFiles(files: readonly string[]): void {
  if (filesOf(files).js.length > 0) uncoveredOf(files);
}

/** The notice on files of no language of a file list, once per list. */
function uncoveredOf(files: readonly string[]): string | null {
  const f = filesOf(files);
  if (f.uncovered === undefined) f.uncovered = uncoveredComponents(files);
  return f.uncovered;
}

export async function getGraph(ctx: GraphContext, opts: GraphOptions): Promise<ModuleGraph> {
  const pyScope: PythonScope | undefined = opts.pythonScope ?? (opts.scope ? () => opts.scope! : undefined);
  const py = async () =>
    (
      await ctx.facts.get(
        `graph:python:${JSON.stringify(opts.pythonRoots ?? null)}`,
        async () => new PythonGraphs(ctx.workspace, { ...(opts.pythonRoots ? { roots: opts.pythonRoots } : {}) }, ctx.log),
      )
    ).graph(pyScope);
  const js = async () => (await ctx.facts.get('graph:javascript', async () => new JavaScriptGraphs(ctx.workspace, ctx.log))).graph(opts.scope);
  const other = (name: string) => buildLanguageGraph(ctx.workspace, languageNamed(name)!, opts.scope);
  switch (opts.language) {
    case 'python':
      return py();
    case 'javascript':
      return js();
    case 'auto': {
      const parts: ModuleGraph[] = [];
      const files = filesOf(ctx.workspace.files);
      if (files.python) parts.push(await py());
      if (files.js.length > 0) {
        // Only JavaScript modules import JavaScript modules: when the scope selects none, no check
        // of it looks at a JavaScript node or edge, and the graph (every project, every file's
        // size) is not built. Its one scope-free notice is kept, so the report stays the same.
        const scope = opts.scope;
        if (!scope || files.js.some(scope)) parts.push(await js());
        else {
          ctx.log('javascript graph: not needed, the scope selects no JavaScript module');
          const uncovered = uncoveredOf(ctx.workspace.files);
          if (uncovered) parts.push({ nodes: [], edges: [], notices: [uncovered] });
        }
      }
      for (const l of languages()) {
        if (l.name === 'python' || l.name === 'javascript') continue;
        if (ctx.workspace.files.some((f) => l.extensions.some((e) => f.endsWith(e)))) parts.push(other(l.name)); // per-file facts are stored once (lang/facts.ts)
      }
      return parts.length === 1 ? parts[0]! : mergeGraphs(parts);
    }
    default:
      if (languageNamed(opts.language)) return other(opts.language);
      throw new Error(`no language '${String(opts.language)}'`);
  }
}

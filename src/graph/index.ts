import type { Facts } from '../facts.js';
import type { Workspace } from '../workspace/workspace.js';
import type { Matcher } from '../util/paths.js';
import { JavaScriptGraphs } from './javascript.js';
import { PythonGraphs, type PythonScope } from './python.js';
import { mergeGraphs, type ModuleGraph } from './types.js';

export type GraphLanguage = 'auto' | 'python' | 'javascript';

export const JS_EXTENSIONS = ['.js', '.jsx', '.mjs', '.cjs', '.ts', '.tsx', '.mts', '.cts'];
/** Vue and Svelte components: their `<script>` blocks are read into the JavaScript graph. */
export const COMPONENT_EXTENSIONS = ['.vue', '.svelte'];
export const PY_EXTENSIONS = ['.py', '.pyi'];

export function isJs(file: string): boolean {
  return JS_EXTENSIONS.some((e) => file.endsWith(e)) || COMPONENT_EXTENSIONS.some((e) => file.endsWith(e));
}
export function isPython(file: string): boolean {
  return PY_EXTENSIONS.some((e) => file.endsWith(e));
}

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

export async function getGraph(ctx: GraphContext, opts: GraphOptions): Promise<ModuleGraph> {
  const pyScope: PythonScope | undefined = opts.pythonScope ?? (opts.scope ? () => opts.scope! : undefined);
  const py = async () =>
    (await ctx.facts.get(`graph:python:${JSON.stringify(opts.pythonRoots ?? null)}`, async () => new PythonGraphs(ctx.workspace, { ...(opts.pythonRoots ? { roots: opts.pythonRoots } : {}) }, ctx.log))).graph(pyScope);
  const js = async () => (await ctx.facts.get('graph:javascript', async () => new JavaScriptGraphs(ctx.workspace, ctx.log))).graph(opts.scope);
  switch (opts.language) {
    case 'python':
      return py();
    case 'javascript':
      return js();
    default: {
      const parts: ModuleGraph[] = [];
      if (ctx.workspace.files.some(isPython)) parts.push(await py());
      if (ctx.workspace.files.some(isJs)) parts.push(await js());
      return parts.length === 1 ? parts[0]! : mergeGraphs(parts);
    }
  }
}

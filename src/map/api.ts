import path from 'node:path';
import { Facts } from '../facts.js';
import { getGraph, isJs, isPython } from '../graph/index.js';
import { runtimeEdges, type ModuleGraph } from '../graph/types.js';
import { append } from '../util/array.js';
import { plural } from '../util/text.js';
import { getRoutes } from '../routes/index.js';
import { Workspace, isBinary } from '../workspace/workspace.js';
import { codeModel, type CodeContext } from './code.js';
import { diffMap, diffMarkdown, diffText, hasChanges, type MapDiff } from './diff.js';
import { formatMap, generateMap, type GenerateResult } from './generate.js';
import { DEFAULT_MAP, loadMap } from './load.js';
import { SOURCE_EXT } from './modules.js';
import { suggest, type SuggestInput, type Suggestion } from './suggest.js';

/** A context to read the code of `root` (for `map generate`, `map diff`, `suggest`), without a guardrails run. */
export async function openCode(root: string, opts: { exclude?: readonly string[]; log?: (m: string) => void } = {}): Promise<CodeContext> {
  const workspace = await Workspace.open(root, { exclude: opts.exclude ?? [] });
  return { root: workspace.root, workspace, facts: new Facts(), log: opts.log ?? (() => {}) };
}

export interface MapDriftResult {
  /** The map no longer matches the code. */
  changed: boolean;
  /** There is no map at that path (then `changed` is false and the texts say so). */
  missing: boolean;
  text: string;
  markdown: string;
  diff?: MapDiff;
}

/**
 * `map diff` as a function (the Action's `mode: drift` calls it): what changed between the map
 * committed at `mapPath` and the code under `source` (a root directory or an open context).
 * A map that is present but invalid throws a ConfigError.
 */
export async function diffMapAgainstCode(
  source: string | CodeContext,
  mapPath?: string,
  opts: { display?: string; exclude?: readonly string[]; log?: (m: string) => void } = {},
): Promise<MapDriftResult> {
  const ctx = typeof source === 'string' ? await openCode(source, opts) : source;
  const abs = mapPath ? path.resolve(ctx.root, mapPath) : path.join(ctx.root, DEFAULT_MAP);
  const display = opts.display ?? (path.relative(ctx.root, abs).split(path.sep).join('/') || abs);
  const map = await loadMap(abs, display, { root: ctx.root, optional: true });
  if (!map) {
    const text = `No intelligence map at ${display}: nothing to compare (\`living-architecture map generate\` writes one).`;
    return { changed: false, missing: true, text: `${text}\n`, markdown: `${text}\n` };
  }
  const code = await codeModel(ctx, map.data.checks?.ignore ?? []);
  const diff = diffMap(map.file, map.data, code, await getRoutes(ctx));
  return { changed: hasChanges(diff), missing: false, text: diffText(diff), markdown: diffMarkdown(diff), diff };
}

/** `map generate`: the new map text from the code and the map at `mapPath` (when there is one). */
export async function generateMapText(ctx: CodeContext, mapPath: string, display: string): Promise<{ text: string; result: GenerateResult; lenient: boolean }> {
  const map = await loadMap(mapPath, display, { root: ctx.root, optional: true });
  const code = await codeModel(ctx, map?.data.checks?.ignore ?? []);
  const result = generateMap(map?.data ?? null, code);
  return { text: formatMap(result.map), result, lenient: map?.lenient ?? false };
}

/**
 * Guardrails that hold today (see suggest.ts), computed on the code of `ctx`. What could not be
 * read (a file that does not parse, a tsconfig link not installed) goes to `notices`, and no
 * suggestion claims a property of a folder holding a file the graph could not read.
 */
export async function suggestFor(ctx: CodeContext, existing: SuggestInput['existing'], notices: string[] = []): Promise<Suggestion[]> {
  const ws = ctx.workspace;
  const hasCode = ws.files.some((f) => isPython(f) || isJs(f));
  const graph: ModuleGraph = hasCode ? await getGraph(ctx, { language: 'auto' }) : { nodes: [], edges: [] };
  append(notices, graph.notices ?? []);
  const unread = [...new Set((graph.skipped ?? []).map((s) => s.file))];
  if (unread.length)
    notices.push(
      `${plural(unread.length, 'file')} could not be parsed, so no folder holding one is suggested: ${unread.slice(0, 5).join(', ')}${unread.length > 5 ? `, and ${unread.length - 5} more` : ''}.`,
    );
  const lines = new Map<string, number>();
  for (const f of ws.files) {
    if (!SOURCE_EXT.test(f)) continue;
    const buf = await ws.readBytes(f);
    if (buf && !isBinary(buf)) lines.set(f, countLines(buf));
  }
  return suggest({ nodes: graph.nodes, edges: runtimeEdges(graph), lines, existing, unread, unresolved: graph.unresolved ?? [], notes: notices });
}

/** Lines as `wc -l` counts them, plus a last line without a newline (as max-lines counts). */
function countLines(buf: Buffer): number {
  let n = 0;
  let i = -1;
  while ((i = buf.indexOf(10, i + 1)) !== -1) n++;
  if (buf.length > 0 && buf[buf.length - 1] !== 10) n++;
  return n;
}

import { fileFacts } from '../lang/facts.js';
import type { Language, SourceTree } from '../lang/types.js';
import type { Matcher } from '../util/paths.js';
import { cmp } from '../util/text.js';
import { compareEdges, type ImportEdge, type ModuleGraph } from './types.js';

/**
 * The import graph of a language that has no builder of its own, from its files' facts
 * (src/lang/facts.ts): every file of the language is a node; the imports of the files `scope`
 * selects and of what they import, transitively (all files when absent), are its edges.
 */
export function buildLanguageGraph(tree: SourceTree, lang: Language, scope?: Matcher): ModuleGraph {
  const store = fileFacts(tree);
  const nodes = store.filesOf(lang).sort(cmp);
  const seen = new Set(scope ? nodes.filter(scope) : nodes);
  const queue = [...seen];
  const edges: ImportEdge[] = [];
  const unresolved: NonNullable<ModuleGraph['unresolved']> = [];
  const moduleNames = new Map<string, string>();
  for (let i = 0; i < queue.length; i++) {
    const from = queue[i]!;
    const f = store.factsOf(from);
    if (!f) continue;
    if (f.moduleName !== undefined) moduleNames.set(from, f.moduleName);
    for (const imp of f.imports) {
      if (imp.target === from) continue;
      edges.push({ from, to: imp.target, line: imp.line, column: imp.column, kind: imp.kind, specifier: imp.specifier });
      if (!seen.has(imp.target)) {
        seen.add(imp.target);
        queue.push(imp.target);
      }
    }
    for (const u of f.unresolved) unresolved.push({ from, ...u });
  }
  edges.sort(compareEdges);
  unresolved.sort((a, b) => cmp(a.from, b.from) || a.line - b.line || cmp(a.specifier, b.specifier));
  return { nodes, edges, moduleNames, unresolved };
}

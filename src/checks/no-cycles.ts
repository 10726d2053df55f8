import { adjacency, analyseTangle, key, tangles } from '../graph/algorithms.js';
import type { Finding } from '../types.js';
import { plural } from '../util/text.js';
import { GRAPH_OPTIONS, matchesNothing, scopedGraph, warmImportGraph } from './imports-common.js';
import { asList } from './schema-bits.js';
import { findingOf, defineKind } from './types.js';

export const noCycles = defineKind({
  kind: 'no-cycles',
  description: 'No circular imports: one finding per tangle, showing a shortest cycle and the import best to cut (JavaScript/TypeScript via dependency-cruiser, Python via our own import graph).',
  tags: ['architecture', 'maintainability'],
  schema: { properties: { ...GRAPH_OPTIONS } },
  warmUp: warmImportGraph,
  async run(ctx, g) {
    const { nodes, edges, notices } = await scopedGraph(ctx, g);
    const adj = adjacency(nodes, edges);
    const findings: Finding[] = [];
    if (nodes.length === 0 && g.options.paths !== undefined) findings.push(matchesNothing(g, ['paths'], "'paths'", asList(g.options.paths)));
    for (const members of tangles(adj)) {
      const t = analyseTangle(adj, members);
      // Every import of the shortest cycle, where it is written (SARIF shows them as related locations).
      const path = t.cycle.map((from, i) => adj.edge.get(key(from, t.cycle[(i + 1) % t.cycle.length]!))!);
      const first = path[0]!;
      const shown = [...t.cycle, t.cycle[0]!].join(' → ');
      const cut = t.cut;
      const cutNote = t.examined > 1 ? ` It lies on ${t.cutBreaks} of the ${t.examined} shortest cycles through the tangle's modules.` : '';
      findings.push(
        findingOf(g, {
          file: first.from,
          line: first.line,
          column: first.column,
          message: `Import cycle: ${shown}${members.length > t.cycle.length ? ` (${members.length} modules tangled)` : ` (${plural(members.length, 'module')})`}. Best import to cut: ${cut.from}:${cut.line} imports ${cut.to}.${cutNote}`,
          identity: members.join('\u0000'),
          properties: {
            cycle: t.cycle,
            cycleImports: path.map((e) => ({ from: e.from, to: e.to, line: e.line, column: e.column })),
            members,
            cut: { from: cut.from, to: cut.to, line: cut.line, specifier: cut.specifier },
          },
        }),
      );
    }
    return { findings, detail: `${plural(nodes.length, 'module')}, ${plural(findings.length, 'tangle')}`, notices };
  },
});

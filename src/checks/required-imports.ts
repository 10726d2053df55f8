import type { Finding } from '../types.js';
import { plural } from '../util/text.js';
import { asList, globs } from './schema-bits.js';
import { GRAPH_OPTIONS, matchesNothing, moduleMatcher, scopedGraph, warmImportGraph } from './imports-common.js';
import { findingOf, defineKind } from './types.js';

export const requiredImports = defineKind({
  kind: 'required-imports',
  description: 'Every module matching `from` imports something matching `to` ("the circuit breaker is wired").',
  tags: ['architecture', 'resilience'],
  schema: {
    properties: {
      ...GRAPH_OPTIONS,
      from: globs('Modules that must import something of `to` (globs or Python module prefixes).'),
      to: globs('What they must import.'),
      message: { type: 'string', minLength: 1, description: 'What to tell the author.' },
    },
    required: ['from', 'to'],
  },
  warmUp: warmImportGraph,
  async run(ctx, g) {
    const { graph, nodes, edges, skipped, notices } = await scopedGraph(ctx, g, asList(g.options.from));
    const from = moduleMatcher(graph, asList(g.options.from));
    const to = moduleMatcher(graph, asList(g.options.to));
    const satisfied = new Set(edges.filter((e) => from(e.from) && to(e.to)).map((e) => e.from));
    const matched = nodes.filter(from);
    // a module left out of the graph (a syntax error) is named in a notice, not judged
    const subjects = matched.filter((n) => !skipped.has(n));
    const findings: Finding[] = [];
    if (matched.length === 0) findings.push(matchesNothing(g, ['from'], "'from'", asList(g.options.from)));
    for (const m of subjects) {
      if (satisfied.has(m)) continue;
      const why = g.options.message;
      findings.push(findingOf(g, { file: m, line: 1, message: `${m} does not import anything matching ${asList(g.options.to).join(', ')}${why ? `: ${why}` : ''}.`, identity: '' }));
    }
    return { findings, detail: `${plural(subjects.length, 'module')} checked`, notices };
  },
});

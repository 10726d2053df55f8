import type { Finding } from '../types.js';
import { plural } from '../util/text.js';
import { asList, globs } from './schema-bits.js';
import { GRAPH_OPTIONS, matchesNothing, moduleMatcher, scopedGraph, warmImportGraph } from './imports-common.js';
import { findingOf, defineKind } from './types.js';

export const forbiddenImports = defineKind({
  kind: 'forbidden-imports',
  description: 'Modules matching `from` never import modules matching `to` (unless listed in `except`).',
  tags: ['architecture'],
  schema: {
    properties: {
      ...GRAPH_OPTIONS,
      from: globs('Importing modules (globs or Python module prefixes).'),
      to: globs('Modules they must not import.'),
      except: globs('Modules exempt on either side (globs or module prefixes).'),
      message: { type: 'string', minLength: 1, description: 'What to tell the author.' },
    },
    required: ['from', 'to'],
  },
  warmUp: warmImportGraph,
  async run(ctx, g) {
    const { graph, nodes, inScope, edges, notices } = await scopedGraph(ctx, g, asList(g.options.from));
    const from = moduleMatcher(graph, asList(g.options.from));
    const to = moduleMatcher(graph, asList(g.options.to));
    const exempt = asList(g.options.except).length ? moduleMatcher(graph, asList(g.options.except)) : () => false;
    const findings: Finding[] = [];
    if (!nodes.some(from)) findings.push(matchesNothing(g, ['from'], "'from'", asList(g.options.from)));
    for (const e of edges) {
      if (!inScope(e.from) || !from(e.from) || !to(e.to) || exempt(e.from) || exempt(e.to)) continue;
      const why = g.options.message ?? `modules matching ${asList(g.options.from).join(', ')} must not import ${asList(g.options.to).join(', ')}`;
      findings.push(
        findingOf(g, {
          file: e.from,
          line: e.line,
          column: e.column,
          message: `${e.from} imports ${e.to} (\`${e.specifier}\`): ${why}.`,
          identity: `${e.to}\u0000${e.specifier}`,
          properties: { from: e.from, to: e.to, specifier: e.specifier, importKind: e.kind },
        }),
      );
    }
    return { findings, detail: plural(findings.length, 'forbidden import'), notices };
  },
});

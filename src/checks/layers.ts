import { ConfigError } from '../errors.js';
import type { Finding } from '../types.js';
import { plural } from '../util/text.js';
import { GRAPH_OPTIONS, matchesNothing, moduleMatcher, scopedGraph, warmImportGraph } from './imports-common.js';
import { findingOf, defineKind } from './types.js';

const LAYER = { type: ['string', 'array'], items: { type: 'string', minLength: 1 }, minLength: 1 };

export const layers = defineKind({
  kind: 'layers',
  description: 'Each layer imports only layers below it (import-linter style): listed top first; a lower layer importing a higher one is a finding at the import.',
  tags: ['architecture'],
  schema: {
    properties: {
      ...GRAPH_OPTIONS,
      layers: {
        type: 'array',
        minItems: 2,
        items: LAYER,
        description: 'Layers, top first: each a glob or Python module prefix, or a list of them (one layer made of several parts).',
      },
    },
    required: ['layers'],
  },
  validate(options, locate) {
    const list = options.layers;
    list.forEach((l, i) => {
      if (Array.isArray(l) && l.length === 0) throw new ConfigError('a layer cannot be an empty list', { ...locate(['layers', i]) });
    });
  },
  warmUp: warmImportGraph,
  async run(ctx, g) {
    const specs = g.options.layers.map((l) => (Array.isArray(l) ? l : [l]));
    const { graph, nodes, inScope, edges, notices } = await scopedGraph(ctx, g, specs.flat());
    const matchers = specs.map((s) => moduleMatcher(graph, s));
    const layerOf = new Map<string, number>();
    for (const n of nodes) {
      const i = matchers.findIndex((m) => m(n));
      if (i !== -1) layerOf.set(n, i);
    }
    const name = (i: number) => specs[i]!.join(' | ');
    const findings: Finding[] = [];
    const used = new Set(layerOf.values());
    specs.forEach((spec, i) => {
      if (!used.has(i)) findings.push(matchesNothing(g, ['layers', i], `Layer ${i + 1}`, spec));
    });
    for (const e of edges) {
      if (!inScope(e.from) || !inScope(e.to)) continue;
      const a = layerOf.get(e.from);
      const b = layerOf.get(e.to);
      if (a === undefined || b === undefined || b >= a) continue;
      findings.push(
        findingOf(g, {
          file: e.from,
          line: e.line,
          column: e.column,
          message: `${e.from} (layer ${a + 1}: ${name(a)}) imports ${e.to} (layer ${b + 1}: ${name(b)}): a layer may only import the layers below it.`,
          identity: `${e.to}\u0000${e.specifier}`,
          properties: { from: e.from, to: e.to, fromLayer: name(a), toLayer: name(b), specifier: e.specifier },
        }),
      );
    }
    return { findings, detail: `${plural(layerOf.size, 'module')} in ${specs.length} layers`, notices };
  },
});

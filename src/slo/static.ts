import { nearestRoutes, routeMatches } from '../routes/match.js';
import type { Route } from '../routes/types.js';
import type { Finding, SourcePos } from '../types.js';
import { plural } from '../util/text.js';
import type { SloFile } from './types.js';

export const SLO_GUARDRAIL = 'slo-monitors';
export const SLO_RULE = `${SLO_GUARDRAIL}/missing-route`;

/**
 * The static check of the SLO file: every probed path (probe and gauge) is a route in the code,
 * so a probe cannot measure a 404 for months. Query strings are ignored for the match.
 */
export function checkSloRoutes(slo: SloFile, routes: readonly Route[], goalsOfSlo: (id: string) => string[]): { findings: Finding[]; detail: string } {
  const findings: Finding[] = [];
  let probed = 0;
  for (const s of slo.slos) {
    const targets: { what: string; method: string; path: string; pos: SourcePos }[] = [];
    if (s.probe) targets.push({ what: 'probe', method: s.probe.method, path: s.probe.path, pos: s.probe.pathPos });
    if (s.gauge) targets.push({ what: 'gauge', method: s.gauge.method, path: s.gauge.path, pos: s.gauge.pathPos });
    for (const t of targets) {
      probed++;
      const spec = { method: t.method, path: t.path.split(/[?#]/)[0]! || '/' };
      if (routes.some((r) => routeMatches(spec, r, { concrete: true }))) continue; // a probe requests a real path: /api/orders/42 is served by /api/orders/{id}
      const near = nearestRoutes(spec, routes, 3).map((r) => `${r.method} ${r.path} (${r.file}:${r.line})`);
      findings.push({
        ruleId: SLO_RULE,
        guardrail: SLO_GUARDRAIL,
        level: 'error',
        file: t.pos.file,
        line: t.pos.line,
        column: t.pos.column,
        message: `SLO '${s.id}' ${t.what}s ${spec.method} ${spec.path}, which is not a route in the code${near.length ? `; nearest: ${near.join(', ')}` : ' (no routes found)'}.`,
        identity: `${s.id}\u0000${t.what}\u0000${spec.method} ${spec.path}`,
        properties: { slo: s.id, method: spec.method, path: spec.path },
        goals: goalsOfSlo(s.id),
      });
    }
  }
  return { findings, detail: `${plural(slo.slos.length, 'SLO')}, ${plural(probed, 'probed path')}${findings.length ? `, ${findings.length} not routes` : ''}` };
}

import { getRoutes } from '../routes/index.js';
import { SLO_GUARDRAIL, SLO_RULE, checkSloRoutes } from '../slo/static.js';
import { cmp } from '../util/text.js';
import { builtinGuardrail } from './intelligence-map.js';
import type { BuiltinKind } from './types.js';

/** The static check of the SLO file as a check kind, planned by the engine when the file exists. */
export const sloMonitors: BuiltinKind = {
  kind: SLO_GUARDRAIL,
  builtin: true,
  description: 'The SLO file is valid and every path its probes and gauges request is a route in the code.',
  schema: { properties: {} },
  tags: ['slo'],
  plan(living) {
    return living.slo ? builtinGuardrail(SLO_GUARDRAIL, 'SLO monitors probe real routes', 'error', living.slo.file) : null;
  },
  async run(ctx) {
    const slo = ctx.living?.slo;
    if (!slo) return { findings: [], skipped: 'no SLO monitors file' };
    const goals = Object.entries(ctx.living?.map?.data.goals ?? {});
    const goalsOfSlo = (id: string): string[] =>
      goals
        .filter(([, g]) => (g.slos ?? []).includes(id))
        .map(([gid]) => gid)
        .sort(cmp);
    const needsRoutes = slo.slos.some((s) => s.probe || s.gauge);
    const r = checkSloRoutes(slo, needsRoutes ? await getRoutes(ctx) : [], goalsOfSlo);
    return {
      findings: r.findings,
      detail: r.detail,
      rules: [{ id: SLO_RULE, guardrail: SLO_GUARDRAIL, name: 'missing-route', description: 'Every path an SLO probes is a route in the code', level: 'error', tags: ['slo'] }],
    };
  },
};

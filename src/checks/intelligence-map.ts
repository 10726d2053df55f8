import { getRoutes } from '../routes/index.js';
import { levelRank } from '../gate.js';
import { DEFAULT_LEVELS, MAP_GUARDRAIL, RULE_TEXT, checkMap } from '../map/check.js';
import { MAP_RULES } from '../map/types.js';
import type { Guardrail, Level, RuleMeta } from '../types.js';
import type { BuiltinKind } from './types.js';

/**
 * The map checks as a check kind. Not written in guardrails.yaml: the engine plans it when the
 * map exists, after every configured guardrail (it judges their results), and runs it like any
 * kind — `only`, timing and error isolation included.
 */
export const intelligenceMap: BuiltinKind = {
  kind: MAP_GUARDRAIL,
  builtin: true,
  description:
    'Every module of the map exists, every critical path is a route, every guardrail, SLO and goal it names exists, every source module is claimed by a goal, and done evolution items keep their guardrails passing.',
  schema: { properties: {} },
  tags: ['architecture', 'intelligence-map'],
  plan(living) {
    if (!living.map) return null;
    return builtinGuardrail(MAP_GUARDRAIL, 'The system intelligence map tells the truth', worst(enabledRules(living.map).map((r) => r.level)), living.map.file);
  },
  async run(ctx) {
    const living = ctx.living;
    const map = living?.map;
    if (!living || !map) return { findings: [], skipped: 'no intelligence map' };
    const ran = new Map(living.results.map((r) => [r.id, { status: r.status, findings: r.findings, goals: r.goals }]));
    const r = await checkMap({
      map,
      workspace: ctx.workspace,
      routes: () => getRoutes(ctx),
      guardrails: ctx.config.guardrails.map((g) => ({ id: g.id, goals: g.goals ?? [], goalPos: (i: number) => g.locate(['goals', i]) })),
      disabledGuardrails: ctx.config.disabled ?? [],
      ran,
      slos: living.slo ? { ids: living.slo.slos.map((s) => s.id), file: living.slo.file } : null,
      configName: living.configName,
    });
    return { findings: r.findings, detail: r.detail, rules: enabledRules(map) };
  },
};

function enabledRules(map: NonNullable<import('./types.js').LivingRun['map']>): RuleMeta[] {
  const levels = { ...DEFAULT_LEVELS, ...(map.data.checks?.levels ?? {}) } as Record<string, Level | 'off'>;
  return MAP_RULES.filter((rule) => levels[rule] !== 'off').map((rule) => ({
    id: `${MAP_GUARDRAIL}/${rule}`,
    guardrail: MAP_GUARDRAIL,
    name: rule,
    description: RULE_TEXT[rule],
    level: levels[rule] as Level,
    tags: ['intelligence-map'],
  }));
}

/** A guardrail the engine plans itself (no place in guardrails.yaml: findings point at their own files). */
export function builtinGuardrail(id: string, title: string, severity: Level, audit: string): Guardrail {
  const pos = { file: audit, line: 1, column: 1 };
  return { id, title, severity, check: id, audit, goals: [], options: {}, pos, keyPos: {}, locate: () => pos };
}

function worst(levels: Level[]): Level {
  return [...levels].sort((a, b) => levelRank(a) - levelRank(b))[0] ?? 'note';
}

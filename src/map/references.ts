import type { IntelligenceMap } from './types.js';

/** One reference from the map (or a guardrail) to an id defined elsewhere. */
export interface Reference {
  kind: 'guardrail' | 'slo' | 'goal';
  id: string;
  /** JSON path of the reference in the map. */
  path: (string | number)[];
  /** Who refers, for the message: `goal "event-tracking"`, `truth "layered-backend"`. */
  owner: string;
  /** Goals the referring entry serves (for businessGoals). */
  goals: string[];
}

/** Every guardrail, SLO and goal id the map refers to, in document order. */
export function referencesOf(map: IntelligenceMap): Reference[] {
  const out: Reference[] = [];
  const add = (kind: Reference['kind'], list: string[] | undefined, path: (string | number)[], owner: string, goals: string[]) =>
    (list ?? []).forEach((id, i) => out.push({ kind, id, path: [...path, i], owner, goals }));
  for (const [key, m] of Object.entries(map.modules ?? {})) add('goal', m.goals, ['modules', key, 'goals'], `module ${key}`, []);
  for (const [id, g] of Object.entries(map.goals ?? {})) {
    add('slo', g.slos, ['goals', id, 'slos'], `goal "${id}"`, [id]);
    add('guardrail', g.guardrails, ['goals', id, 'guardrails'], `goal "${id}"`, [id]);
  }
  (map.resilience ?? []).forEach((r, i) => {
    const goals = goalsOfModules(map, r.modules ?? []);
    add('guardrail', r.guardrails, ['resilience', i, 'guardrails'], `resilience "${r.id}"`, goals);
    add('slo', r.slos, ['resilience', i, 'slos'], `resilience "${r.id}"`, goals);
  });
  (map.truths ?? []).forEach((t, i) => add('guardrail', t.guardrails, ['truths', i, 'guardrails'], `truth "${t.id}"`, []));
  for (const [phase, items] of Object.entries(map.evolution ?? {})) {
    items.forEach((it, i) => add('guardrail', it.guardrails, ['evolution', phase, i, 'guardrails'], `evolution item "${it.item}"`, []));
  }
  return out;
}

/** Goals of the map's own entries for these exact module keys. */
function goalsOfModules(map: IntelligenceMap, modules: string[]): string[] {
  const set = new Set<string>();
  for (const m of modules) for (const g of map.modules?.[m]?.goals ?? []) set.add(g);
  return [...set].sort();
}

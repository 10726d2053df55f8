import { levelRank } from '../gate.js';
import { loadSlo } from '../slo/load.js';
import { SLO_GUARDRAIL } from '../slo/static.js';
import type { SloFile } from '../slo/types.js';
import type { Finding, GoalRisk, Level } from '../types.js';
import { cmp } from '../util/text.js';
import { MAP_GUARDRAIL } from './check.js';
import { loadMap } from './load.js';
import { claims } from './modules.js';
import type { MapDoc } from './types.js';
import { append } from '../util/array.js';

/** How the engine names an optional file: absolute path, how to show it, whether the user named it. */
export interface FileOption {
  path: string;
  display: string;
  explicit: boolean;
}

/** Ids `only` may name besides guardrails: the map checks and the SLO static check. */
export const LIVING_IDS = [MAP_GUARDRAIL, SLO_GUARDRAIL] as const;

export interface LivingFiles {
  map: MapDoc | null;
  slo: SloFile | null;
  notices: string[];
}

/**
 * Read the map and the SLO file before any guardrail runs, so a broken file stops the run at once
 * (ConfigError, exit 2). Missing default files are skipped with a notice.
 */
export async function loadLivingFiles(root: string, map: FileOption, slo: FileOption): Promise<LivingFiles> {
  const notices: string[] = [];
  const m = await loadMap(map.path, map.display, { root, optional: !map.explicit });
  if (!m) notices.push(`No intelligence map at ${map.display}: the map checks were skipped (\`living-architecture map generate\` writes one).`);
  else if (m.lenient) notices.push(`${map.display} has comments or trailing commas: read as JSONC.`);
  const s = await loadSlo(slo.path, slo.display, { root, optional: !slo.explicit });
  if (!s) notices.push(`No SLO monitors file at ${slo.display}: the SLO checks were skipped.`);
  else append(notices, s.notes);
  return { map: m, slo: s, notices };
}

/** Add to every finding the goals the map links to its file (its own entry, a folder or glob above it). */
export function attachGoals(findings: Finding[], map: MapDoc | null): void {
  if (!map) return;
  const c = claims(map.data);
  for (const f of findings) {
    const extra = c.goalsOf(f.file);
    if (extra.length === 0) continue;
    f.goals = [...new Set([...(f.goals ?? []), ...extra])].sort(cmp);
  }
}

/**
 * The business goals at risk: one row per goal that findings endanger, with the guardrails that
 * failed for it and its findings by level, most severe first.
 */
export function goalRisks(findings: readonly Finding[], map: MapDoc | null): GoalRisk[] {
  const rows = new Map<string, { counts: Record<Level, number>; guardrails: Map<string, Level> }>();
  for (const f of findings) {
    for (const goal of f.goals ?? []) {
      let row = rows.get(goal);
      if (!row) rows.set(goal, (row = { counts: { error: 0, warning: 0, note: 0 }, guardrails: new Map() }));
      row.counts[f.level]++;
      const g = f.guardrail ?? f.ruleId;
      const prev = row.guardrails.get(g);
      if (!prev || levelRank(f.level) < levelRank(prev)) row.guardrails.set(g, f.level);
    }
  }
  const out: GoalRisk[] = [...rows.entries()].map(([id, row]) => {
    const title = map?.data.goals?.[id]?.title;
    return {
      id,
      ...(typeof title === 'string' ? { title } : {}),
      level: worst((Object.keys(row.counts) as Level[]).filter((l) => row.counts[l] > 0)),
      counts: row.counts,
      guardrails: [...row.guardrails.entries()].sort((a, b) => levelRank(a[1]) - levelRank(b[1]) || cmp(a[0], b[0])).map(([g]) => g),
    };
  });
  return out.sort((a, b) => levelRank(a.level) - levelRank(b.level) || b.counts.error - a.counts.error || b.counts.warning - a.counts.warning || b.counts.note - a.counts.note || cmp(a.id, b.id));
}

function worst(levels: Level[]): Level {
  return [...levels].sort((a, b) => levelRank(a) - levelRank(b))[0] ?? 'note';
}

import type { CheckContext } from '../checks/types.js';
import { levelRank } from '../gate.js';
import { getRoutes } from '../routes/index.js';
import { loadSlo } from '../slo/load.js';
import { SLO_GUARDRAIL, SLO_RULE, checkSloRoutes } from '../slo/static.js';
import type { SloFile } from '../slo/types.js';
import type { Finding, GoalRisk, Guardrail, GuardrailResult, Level, RuleMeta } from '../types.js';
import { cmp, plural } from '../util/text.js';
import { DEFAULT_LEVELS, MAP_GUARDRAIL, RULE_TEXT, checkMap } from './check.js';
import { loadMap } from './load.js';
import { claims } from './modules.js';
import { MAP_RULES, type MapDoc } from './types.js';
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

/**
 * After the guardrails ran: the map checks and the SLO static check as two more entries of the
 * report (`intelligence-map`, `slo-monitors`), each with its sub-rules. They run when `only` is
 * empty or names them.
 */
export async function runLivingChecks(
  ctx: CheckContext,
  files: LivingFiles,
  run: { only: string[]; guardrails: Guardrail[]; disabled?: string[]; results: GuardrailResult[]; configName: string },
): Promise<{ results: GuardrailResult[]; findings: Finding[]; rules: RuleMeta[] }> {
  const out = { results: [] as GuardrailResult[], findings: [] as Finding[], rules: [] as RuleMeta[] };
  const wanted = (id: string) => run.only.length === 0 || run.only.includes(id);
  const goalsOfSlo = (id: string): string[] =>
    Object.entries(files.map?.data.goals ?? {})
      .filter(([, g]) => (g.slos ?? []).includes(id))
      .map(([gid]) => gid)
      .sort(cmp);

  if (files.map && wanted(MAP_GUARDRAIL)) {
    const t = Date.now();
    const map = files.map;
    const ran = new Map(run.results.map((r) => [r.id, { status: r.status, findings: r.findings, goals: r.goals }]));
    const r = await checkMap({
      map,
      workspace: ctx.workspace,
      routes: () => getRoutes(ctx),
      guardrails: run.guardrails.map((g) => ({ id: g.id, goals: g.goals ?? [], goalPos: (i: number) => g.locate(['goals', i]) })),
      disabledGuardrails: run.disabled ?? [],
      ran,
      slos: files.slo ? { ids: files.slo.slos.map((s) => s.id), file: files.slo.file } : null,
      configName: run.configName,
    });
    const levels = { ...DEFAULT_LEVELS, ...(map.data.checks?.levels ?? {}) } as Record<string, Level | 'off'>;
    const enabled = MAP_RULES.filter((rule) => levels[rule] !== 'off');
    for (const rule of enabled) {
      out.rules.push({ id: `${MAP_GUARDRAIL}/${rule}`, guardrail: MAP_GUARDRAIL, name: rule, description: RULE_TEXT[rule], level: levels[rule] as Level, tags: ['intelligence-map'] });
    }
    append(out.findings, r.findings);
    out.results.push({
      id: MAP_GUARDRAIL,
      title: 'The system intelligence map tells the truth',
      check: 'intelligence-map',
      checkDescription: 'Every module of the map exists, every critical path is a route, every guardrail, SLO and goal it names exists, every source module is claimed by a goal, and done evolution items keep their guardrails passing.',
      severity: worst(enabled.map((rule) => levels[rule] as Level)),
      audit: map.file,
      goals: [],
      tags: ['architecture', 'intelligence-map'],
      status: r.findings.length > 0 ? 'fail' : 'pass',
      findings: r.findings.length,
      durationMs: Date.now() - t,
      detail: r.detail,
    });
    ctx.log(`${MAP_GUARDRAIL}: ${r.findings.length ? plural(r.findings.length, 'finding') : 'pass'} in ${Date.now() - t} ms`);
  }

  if (files.slo && wanted(SLO_GUARDRAIL)) {
    const t = Date.now();
    const needsRoutes = files.slo.slos.some((s) => s.probe || s.gauge);
    const r = checkSloRoutes(files.slo, needsRoutes ? await getRoutes(ctx) : [], goalsOfSlo);
    out.rules.push({ id: SLO_RULE, guardrail: SLO_GUARDRAIL, name: 'missing-route', description: 'Every path an SLO probes is a route in the code', level: 'error', tags: ['slo'] });
    append(out.findings, r.findings);
    out.results.push({
      id: SLO_GUARDRAIL,
      title: 'SLO monitors probe real routes',
      check: 'slo-monitors',
      checkDescription: 'The SLO file is valid and every path its probes and gauges request is a route in the code.',
      severity: 'error',
      audit: files.slo.file,
      goals: [],
      tags: ['slo'],
      status: r.findings.length > 0 ? 'fail' : 'pass',
      findings: r.findings.length,
      durationMs: Date.now() - t,
      detail: r.detail,
    });
  }
  return out;
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

import { promises as fs } from 'node:fs';
import { nearestRoutes, parseRouteSpec, routeMatches } from '../routes/match.js';
import type { Route } from '../routes/types.js';
import type { Finding, Level, SourcePos } from '../types.js';
import { forEachLimit } from '../util/async.js';
import { isGlob } from '../util/paths.js';
import { closest, cmp, plural } from '../util/text.js';
import type { Workspace } from '../workspace/workspace.js';
import { claims, normKey, sourceModules } from './modules.js';
import { referencesOf, type Reference } from './references.js';
import type { MapDoc, MapRule } from './types.js';

export const MAP_GUARDRAIL = 'intelligence-map';

/** Unknown references past this many get no "did you mean" (each costs a pass over the known ids). */
const HINTED = 100;

export const DEFAULT_LEVELS: Record<MapRule, Level> = {
  'missing-module': 'warning',
  'missing-route': 'error',
  'unknown-reference': 'warning',
  'unmapped-module': 'warning',
  regressed: 'error',
};

export const RULE_TEXT: Record<MapRule, string> = {
  'missing-module': 'Every module the map names exists',
  'missing-route': "Every goal's critical path is a route in the code",
  'unknown-reference': 'Every guardrail, SLO and goal the map refers to exists',
  'unmapped-module': 'Every source module is claimed by a business goal',
  regressed: 'An evolution item marked done keeps its guardrails passing',
};

/** What the map checks need to know about the run. */
export interface MapCheckInput {
  map: MapDoc;
  workspace: Workspace;
  /** The routes of the code (computed only when the map has critical paths). */
  routes: () => Promise<Route[]>;
  /** Every guardrail of the config (whether it ran or not), with where its goals are written. */
  guardrails: { id: string; goals: string[]; goalPos: (i: number) => SourcePos }[];
  /** Guardrails declared with `enabled: false`: known ids, not run. */
  disabledGuardrails?: string[];
  /** Guardrails that ran, by id: their status, finding count and goals. */
  ran: Map<string, { status: string; findings: number; goals: string[] }>;
  /** SLO ids of the SLO file, or null when there is none (SLO references are then not checked). */
  slos: { ids: string[]; file: string } | null;
  /** How the guardrails file is named in messages. */
  configName: string;
}

/** The five map checks. Each finding points at the map entry it is about (or at the module). */
export async function checkMap(input: MapCheckInput): Promise<{ findings: Finding[]; detail: string }> {
  const { map, workspace: ws } = input;
  const data = map.data;
  const levels = { ...DEFAULT_LEVELS, ...(data.checks?.levels ?? {}) } as Record<MapRule, Level | 'off'>;
  const findings: Finding[] = [];
  const emit = (rule: MapRule, pos: SourcePos, f: Omit<Finding, 'ruleId' | 'level' | 'file' | 'line' | 'column'>) => {
    const level = levels[rule];
    if (level === 'off') return;
    findings.push({ ruleId: `${MAP_GUARDRAIL}/${rule}`, guardrail: MAP_GUARDRAIL, level, file: pos.file, line: pos.line, column: pos.column, ...f, goals: [...new Set(f.goals ?? [])].sort(cmp) });
  };
  const facts: string[] = [];

  // missing-module: module keys and resilience modules that name nothing in the repository.
  const claim = claims(data);
  const moduleKeys = Object.keys(data.modules ?? {});
  const dirs = new Set<string>();
  for (const f of ws.files) for (let i = f.indexOf('/'); i !== -1; i = f.indexOf('/', i + 1)) dirs.add(f.slice(0, i));
  const exists = async (key: string): Promise<boolean> => {
    const k = normKey(key);
    if (isGlob(key)) return claim.anyFile(key, ws.files);
    if (ws.has(k) || dirs.has(k)) return true;
    const abs = ws.resolve(k);
    return (
      abs !== null &&
      (await fs.stat(abs).then(
        () => true,
        () => false,
      ))
    );
  };
  const moved = movedHints(ws.files);
  // Asked 16 at a time (a key outside the file list is a stat: 40,000 of them one by one idle for seconds).
  const present = new Set<string>();
  await forEachLimit(moduleKeys, 16, async (key) => {
    if (await exists(key)) present.add(key);
  });
  let missing = 0;
  for (const key of moduleKeys) {
    if (present.has(key)) continue;
    missing++;
    const goals = data.modules![key]!.goals ?? [];
    emit('missing-module', map.keyAt(['modules', key]), {
      message: `Module ${key} does not exist${goals.length ? ` (it serves ${goals.join(', ')})` : ''}.${moved(key)} Remove the entry or correct its path.`,
      identity: `modules\u0000${key}`,
      properties: { module: key },
      goals,
    });
  }
  for (const [i, r] of (data.resilience ?? []).entries()) {
    for (const [j, m] of (r.modules ?? []).entries()) {
      if (await exists(m)) continue;
      missing++;
      emit('missing-module', map.at(['resilience', i, 'modules', j]), {
        message: `Module ${m} of resilience "${r.id}" does not exist.${moved(m)}`,
        identity: `resilience\u0000${r.id}\u0000${m}`,
        properties: { module: m, resilience: r.id },
        goals: claim.goalsOf(normKey(m)),
      });
    }
  }
  facts.push(`${plural(moduleKeys.length, 'module entry', 'module entries')}${missing ? `, ${missing} missing` : ''}`);

  // missing-route: critical paths of goals that no route serves.
  const paths = Object.entries(data.goals ?? {}).flatMap(([id, g]) => (g.criticalPaths ?? []).map((spec, i) => ({ goal: id, spec, i })));
  if (paths.length > 0) {
    const routes = await input.routes();
    let unserved = 0;
    for (const p of paths) {
      const spec = parseRouteSpec(p.spec)!;
      if (routes.some((r) => routeMatches(spec, r))) continue;
      unserved++;
      const near = nearestRoutes(spec, routes, 3).map((r) => `${r.method} ${r.path} (${r.file}:${r.line})`);
      emit('missing-route', map.at(['goals', p.goal, 'criticalPaths', p.i]), {
        message: `Critical path ${spec.method} ${spec.path} of goal "${p.goal}" is not a route in the code${near.length ? `; nearest: ${near.join(', ')}` : ` (no routes found)`}.`,
        identity: `${p.goal}\u0000${spec.method} ${spec.path}`,
        properties: { goal: p.goal, criticalPath: `${spec.method} ${spec.path}` },
        goals: [p.goal],
      });
    }
    facts.push(`${plural(paths.length, 'critical path')}${unserved ? `, ${unserved} without a route` : ''}`);
  }

  // unknown-reference: guardrail, SLO and goal ids that are defined nowhere.
  const guardrailIds = [...input.guardrails.map((g) => g.id), ...(input.disabledGuardrails ?? [])];
  const goalIds = Object.keys(data.goals ?? {});
  const sets = { guardrail: new Set(guardrailIds), goal: new Set(goalIds), slo: new Set(input.slos?.ids ?? []) };
  const refs = referencesOf(data);
  let unknown = 0;
  for (const ref of refs) {
    const known = ref.kind === 'guardrail' ? guardrailIds : ref.kind === 'goal' ? goalIds : input.slos?.ids;
    if (!known || sets[ref.kind].has(ref.id)) continue;
    unknown++;
    emit('unknown-reference', map.at(ref.path), {
      message: unknownMessage(ref, unknown <= HINTED ? known : [], input),
      identity: `${ref.kind}\u0000${ref.id}\u0000${ref.path.slice(0, -1).join('.')}`,
      properties: { kind: ref.kind, id: ref.id, owner: ref.owner },
      goals: ref.goals,
    });
  }
  for (const g of input.guardrails) {
    g.goals.forEach((goal, i) => {
      if (sets.goal.has(goal)) return;
      unknown++;
      const near = unknown <= HINTED ? closest(goal, goalIds) : undefined;
      emit('unknown-reference', g.goalPos(i), {
        message: `Guardrail "${g.id}" names goal "${goal}", which ${map.file} does not define.${near ? ` Did you mean "${near}"?` : goalIds.length ? ` Known: ${goalIds.join(', ')}.` : ''}`,
        identity: `guardrail-goal\u0000${g.id}\u0000${goal}`,
        properties: { kind: 'goal', id: goal, owner: `guardrail "${g.id}"` },
      });
    });
  }
  facts.push(`${plural(refs.length, 'reference')}${unknown ? `, ${unknown} unknown` : ''}`);

  // unmapped-module: source modules no goal claims.
  const { modules } = await sourceModules(ws, data.checks?.ignore ?? []);
  let unmapped = 0;
  for (const file of modules) {
    if (claim.goalsOf(file).length > 0) continue;
    unmapped++;
    const entry = claim.entriesOf(file)[0];
    emit(
      'unmapped-module',
      { file, line: 1, column: 1 },
      {
        message: entry
          ? `${file} is a source module that no goal claims: its map entry "${entry}" lists no goals.`
          : `${file} is a source module that no goal claims: add it to ${map.file} ("modules") with the goals it serves, or list it in checks.ignore.`,
        identity: 'unmapped',
        properties: { module: file },
      },
    );
  }
  facts.push(`${plural(modules.length, 'source module')}${unmapped ? `, ${unmapped} unmapped` : ''}`);

  // regressed: done evolution items whose guardrails fail today.
  let done = 0;
  let regressed = 0;
  for (const [phase, items] of Object.entries(data.evolution ?? {})) {
    items.forEach((it, i) => {
      if (it.status !== 'done') return;
      done++;
      const failing = (it.guardrails ?? []).filter((id) => input.ran.get(id)?.status === 'fail').sort(cmp);
      if (failing.length === 0) return;
      regressed++;
      const shown = failing.map((id) => `${id} (${plural(input.ran.get(id)!.findings, 'finding')})`);
      emit('regressed', map.keyAt(['evolution', phase, i, 'item']), {
        message: `Evolution item "${it.item}" (${phase}) is marked done, but ${failing.length === 1 ? 'its guardrail fails' : 'its guardrails fail'}: ${shown.join(', ')}.`,
        identity: `${phase}\u0000${it.item}`,
        properties: { item: it.item, phase, failing },
        goals: failing.flatMap((id) => input.ran.get(id)!.goals),
      });
    });
  }
  if (done) facts.push(`${plural(done, 'done item')}${regressed ? `, ${regressed} regressed` : ''}`);
  return { findings, detail: facts.join('; ') };
}

function unknownMessage(ref: Reference, known: string[], input: MapCheckInput): string {
  const near = closest(ref.id, known);
  const where = ref.kind === 'guardrail' ? `is not a guardrail of ${input.configName}` : ref.kind === 'slo' ? `${input.slos!.file} does not define` : 'the map\u2019s goals do not define';
  const list = near ? ` Did you mean "${near}"?` : known.length && known.length <= 8 ? ` Known: ${known.join(', ')}.` : '';
  const what = ref.kind === 'slo' ? 'SLO' : ref.kind;
  return `${cap(ref.owner)} refers to ${what} "${ref.id}", which ${where}.${list}`;
}

function cap(s: string): string {
  return s[0]!.toUpperCase() + s.slice(1);
}

/**
 * " Moved? Same name: backend/auth/legacy.py." when files with the same name exist: the files
 * indexed by name once, so a map of many missing modules costs one pass over the files.
 */
function movedHints(files: readonly string[]): (key: string) => string {
  let byName: Map<string, string[]> | undefined;
  return (key) => {
    const base = normKey(key).split('/').pop()!;
    if (!base || isGlob(base)) return '';
    if (!byName) {
      byName = new Map();
      for (const f of files) {
        const name = f.slice(f.lastIndexOf('/') + 1);
        const list = byName.get(name);
        if (!list) byName.set(name, [f]);
        else if (list.length < 3) list.push(f);
      }
    }
    const same = byName.get(base) ?? [];
    return same.length ? ` Moved? Same name: ${same.join(', ')}.` : '';
  };
}

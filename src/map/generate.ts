import { cmp } from '../util/text.js';
import type { CodeModel } from './code.js';
import { claims } from './modules.js';
import { MAP_SCHEMA_ID } from './schema.js';
import { MACHINE_MODULE_FIELDS, type IntelligenceMap, type ModuleEntry, type ResilienceEntry } from './types.js';
import { FAILURE_MODES, WRAP_KINDS, type WrapKind } from './wraps.js';

export interface GenerateResult {
  map: IntelligenceMap;
  /** Module keys added (new source modules) and removed (no longer in the repository). */
  added: string[];
  removed: string[];
  /** Resilience candidate ids written. */
  candidates: string[];
}

const TOP_ORDER = ['$schema', 'version', 'modules', 'goals', 'resilience', 'truths', 'evolution'];

/**
 * The map from the code, keeping every human-written field of `existing`: module entries keep
 * their keys and order, only the machine fields (imports, routes, wraps) are rewritten; goals,
 * truths, evolution and resilience entries a person wrote are copied as they are. New source
 * modules are inserted where they sort among the existing keys, with empty `purpose` and `goals`
 * to fill; entries whose file or folder is gone are dropped. Resilience candidates (modules
 * wrapping a database, cache, HTTP client, queue or object store that no entry covers) replace the
 * previous candidates. Deterministic: the same code and map give the same bytes.
 */
export function generateMap(existing: IntelligenceMap | null, code: CodeModel): GenerateResult {
  const old = existing ?? ({ version: 1 } as IntelligenceMap);
  const c = claims(old);
  const modulesIn = old.modules ?? {};
  const modules: Record<string, ModuleEntry> = {};
  const removed: string[] = [];
  for (const [key, entry] of Object.entries(modulesIn)) {
    const files = c.filesOf(key, code.files);
    if (files.length === 0) {
      removed.push(key);
      continue;
    }
    modules[key] = withMachineFields(entry, files, code);
  }
  const added = code.modules.filter((f) => c.entriesOf(f).length === 0);
  const ordered = insertSorted(Object.keys(modules), added);
  const outModules: Record<string, ModuleEntry> = {};
  for (const key of ordered) outModules[key] = modules[key] ?? withMachineFields({ purpose: '', goals: [] }, [key], code);

  const human = (old.resilience ?? []).filter((r) => r.candidate !== true);
  const covered = new Set(human.flatMap((r) => r.modules ?? []));
  const candidates: ResilienceEntry[] = [];
  for (const kind of WRAP_KINDS) {
    const mods = Object.keys(outModules)
      .filter((k) => (outModules[k]!.wraps as WrapKind[] | undefined)?.includes(kind) && !covered.has(k))
      .sort(cmp);
    if (mods.length === 0) continue;
    candidates.push({ id: `${kind}-candidate`, candidate: true, modules: mods, failureModes: [...FAILURE_MODES[kind]], mitigations: [], guardrails: [] });
  }

  const next: Record<string, unknown> = {};
  const keys = existing ? [...Object.keys(old), ...TOP_ORDER.filter((k) => k !== '$schema' && !(k in old))] : TOP_ORDER;
  for (const k of keys) {
    switch (k) {
      case '$schema':
        next.$schema = existing ? old.$schema : MAP_SCHEMA_ID;
        break;
      case 'version':
        next.version = 1;
        break;
      case 'modules':
        next.modules = outModules;
        break;
      case 'goals':
        next.goals = old.goals ?? {};
        break;
      case 'resilience':
        next.resilience = [...human, ...candidates];
        break;
      case 'truths':
        next.truths = old.truths ?? [];
        break;
      case 'evolution':
        next.evolution = old.evolution ?? { immediate: [], shortTerm: [], longTerm: [] };
        break;
      default:
        next[k] = old[k];
    }
  }
  return { map: next as IntelligenceMap, added, removed, candidates: candidates.map((r) => r.id) };
}

/** The map as written to disk: two-space JSON and a final newline. */
export function formatMap(map: IntelligenceMap): string {
  return `${JSON.stringify(map, null, 2)}\n`;
}

/** An entry with its machine fields for the files it covers (own key order kept, new fields appended). */
function withMachineFields(entry: ModuleEntry, files: string[], code: CodeModel): ModuleEntry {
  const inside = new Set(files);
  const union = (m: Map<string, string[]>, keep: (x: string) => boolean = () => true) => [...new Set(files.flatMap((f) => m.get(f) ?? []))].filter(keep).sort(cmp);
  const fields: Record<string, string[]> = {
    imports: union(code.imports, (t) => !inside.has(t)),
    routes: union(code.routes),
    wraps: WRAP_KINDS.filter((k) => files.some((f) => code.wraps.get(f)?.includes(k))),
  };
  const out: ModuleEntry = {};
  for (const [k, v] of Object.entries(entry)) {
    if ((MACHINE_MODULE_FIELDS as readonly string[]).includes(k)) {
      if (fields[k]!.length) out[k] = fields[k];
    } else {
      out[k] = v;
    }
  }
  for (const k of MACHINE_MODULE_FIELDS) if (!(k in out) && fields[k]!.length) out[k] = fields[k];
  return out;
}

/** Existing keys in their order; each new key goes right after the last existing key that sorts before it. */
function insertSorted(existing: string[], added: string[]): string[] {
  const out = [...existing];
  for (const key of [...added].sort(cmp)) {
    let at = 0;
    for (let i = 0; i < out.length; i++) if (cmp(out[i]!, key) < 0) at = i + 1;
    out.splice(at, 0, key);
  }
  return out;
}

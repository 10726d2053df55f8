import type { Level, SourcePos } from '../types.js';

/**
 * The system intelligence map (docs/formats/intelligence-map.md): modules linked to business goals, goals to critical API
 * paths and SLOs, resilience dependencies, architectural truths and the evolution path. Every
 * object keeps fields a person added (owner, notes…): `map generate` rewrites only the machine
 * fields listed in MACHINE_MODULE_FIELDS and resilience candidates.
 */
export interface IntelligenceMap {
  $schema?: string;
  version: 1;
  modules?: Record<string, ModuleEntry>;
  goals?: Record<string, Goal>;
  resilience?: ResilienceEntry[];
  truths?: Truth[];
  evolution?: Record<string, EvolutionItem[]>;
  checks?: MapChecks;
  [extra: string]: unknown;
}

export interface ModuleEntry {
  purpose?: string;
  goals?: string[];
  /** Machine: files this module imports (runtime imports), written by `map generate`. */
  imports?: string[];
  /** Machine: routes declared in this module (`GET /api/x`), written by `map generate`. */
  routes?: string[];
  /** Machine: what the module wraps (database, cache, http, queue, storage), written by `map generate`. */
  wraps?: string[];
  [extra: string]: unknown;
}

export interface Goal {
  title?: string;
  criticalPaths?: string[];
  slos?: string[];
  guardrails?: string[];
  [extra: string]: unknown;
}

export interface ResilienceEntry {
  id: string;
  modules?: string[];
  failureModes?: string[];
  mitigations?: string[];
  guardrails?: string[];
  slos?: string[];
  /** Written by `map generate` for wrapped dependencies no entry covers; remove it to make the entry yours. */
  candidate?: boolean;
  [extra: string]: unknown;
}

export interface Truth {
  id: string;
  statement?: string;
  guardrails?: string[];
  [extra: string]: unknown;
}

export type EvolutionStatus = 'planned' | 'in-progress' | 'done' | 'dropped';

export interface EvolutionItem {
  item: string;
  status?: EvolutionStatus;
  guardrails?: string[];
  [extra: string]: unknown;
}

export const MAP_RULES = ['missing-module', 'missing-route', 'unknown-reference', 'unmapped-module', 'regressed'] as const;
export type MapRule = (typeof MAP_RULES)[number];

/** Optional tuning of the map checks, kept in the map itself. */
export interface MapChecks {
  /** Level per rule, or `off`. */
  levels?: Partial<Record<MapRule, Level | 'off'>>;
  /** Files that are never source modules for `unmapped-module` (globs). */
  ignore?: string[];
}

export const MACHINE_MODULE_FIELDS = ['imports', 'routes', 'wraps'] as const;

/** A map read from disk: the data, where each value is written, and how to name the file. */
export interface MapDoc {
  data: IntelligenceMap;
  /** Repo-relative path of the map for findings (or the display path when it lies outside the root). */
  file: string;
  /** As the user named it, for messages. */
  display: string;
  /** Where the value at a JSON path starts. */
  at(path: readonly (string | number)[]): SourcePos;
  /** Where the key of the last path segment is written (falls back to the value). */
  keyAt(path: readonly (string | number)[]): SourcePos;
  /** The file had comments or trailing commas (JSONC): `map generate` cannot keep comments. */
  lenient: boolean;
}

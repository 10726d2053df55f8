/** Shared vocabulary of the engine: options in, findings and a report out. */

export type Level = 'error' | 'warning' | 'note';
export type FailOn = Level | 'new' | 'none';

/** A position in a file of the user's (1-based line and column). */
export interface SourcePos {
  file: string;
  line: number;
  column: number;
}

/** One guardrail as written in guardrails.yaml, after validation. */
export interface Guardrail {
  id: string;
  title: string;
  severity: Level;
  check: string;
  audit?: string;
  rationale?: string;
  goals?: string[];
  tags?: string[];
  /** SARIF `security-severity` written by the guardrail itself (0.1–10.0), overriding src/checks/severity.ts. */
  securitySeverity?: number;
  /** The kind's own keys, as validated by the kind's schema. */
  options: Record<string, unknown>;
  /** Where the guardrail is declared (its `- id:` item) — findings with no place in code point here. */
  pos: SourcePos;
  /** Positions of the guardrail's own keys, for findings about a specific key. */
  keyPos: Record<string, SourcePos>;
  /**
   * Where a value inside the guardrail is written, e.g. `locate(['routes', 2])` for the third
   * route of a list: findings about one item point at its own line.
   */
  locate: (path: readonly (string | number)[]) => SourcePos;
}

export interface Config {
  version: 1;
  /** Repo-relative path of the file read, or null when the embedded defaults are used. */
  file: string | null;
  exclude: string[];
  guardrails: Guardrail[];
  /** Ids of guardrails written with `enabled: false`: declared, so references to them are known. */
  disabled: string[];
}

/** What a check reports. Checks never print, never write. */
export interface Finding {
  ruleId: string;
  /** Filled by the engine: the guardrail that produced it (ruleId may be a sub-rule of it). */
  guardrail?: string;
  level: Level;
  message: string;
  /** Repo-relative path with forward slashes. */
  file: string;
  line: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /**
   * What the finding is about, independent of its line: the matched text, the import, the
   * cycle's members, the key. With ruleId and file it makes the fingerprint.
   */
  identity: string;
  /** Extra facts for SARIF `properties` and the JSON report. Must be JSON and deterministic. */
  properties?: Record<string, unknown>;
  /** Filled by the engine: business goals the finding endangers. */
  goals?: string[];
  /** Filled by the engine: a stable hash of ruleId + file + identity. */
  fingerprint?: string;
  /** Filled by the baseline (when one is used). */
  baselineState?: 'new' | 'recurring' | 'regressed';
}

export type GuardrailStatus = 'pass' | 'fail' | 'error' | 'skipped';

export interface GuardrailResult {
  id: string;
  title: string;
  check: string;
  /** What the check kind proves (one sentence). */
  checkDescription: string;
  /** SARIF security-severity of the kind, when it is a security matter. */
  securitySeverity?: number;
  severity: Level;
  audit?: string;
  rationale?: string;
  goals: string[];
  tags: string[];
  status: GuardrailStatus;
  findings: number;
  durationMs: number;
  /** Why a guardrail errored or was skipped, or what a command printed. */
  detail?: string;
  /** Extra output kept for the report (e.g. a command's output, trimmed). */
  output?: string;
}

export interface WorkspaceStats {
  files: number;
  skippedBinary: number;
  skippedLarge: number;
  unreadable: number;
  source: 'git' | 'walk';
  /** Files whose names are not valid UTF-8: listed, never read. */
  skippedNames?: number;
  /** Symlinks, sockets and the like (also counted in `unreadable`): never followed. */
  skippedSpecial?: number;
  /** The first files (sorted, at most 20 per reason) not scanned: binary, over the 8 MiB text limit, names not UTF-8 (escaped). */
  notScanned?: { binary: string[]; large: string[]; names: string[] };
}

export interface Report {
  tool: { name: string; version: string };
  root: string;
  /** The root's path inside its git work tree ('' at the top): prefixes SARIF URIs and links. */
  repoPrefix: string;
  config: { file: string | null; defaults: boolean };
  failOn: FailOn;
  only: string[];
  result: 'pass' | 'fail';
  counts: { error: number; warning: number; note: number; new: number; fixed: number };
  guardrails: GuardrailResult[];
  findings: Finding[];
  /** Findings that gate (depend on fail-on). */
  gating: number;
  notices: string[];
  workspace: WorkspaceStats;
  /** The files the run's pull request or push changes, when known (annotations prefer them). */
  changedFiles?: string[];
  /** Rules that are not guardrails themselves (sub-rules of a kind, results merged from a command's SARIF). */
  rules: RuleMeta[];
  durationMs: number;
  /** Present when a baseline file was read: what changed since it. */
  baseline?: BaselineOutcome;
  /** Business goals endangered by findings (the intelligence map's goals), most severe first. */
  goals?: GoalRisk[];
  /** With a cache folder (input `cache-dir`, `--cache-dir`): per-file facts restored from it (hits) or read (misses). */
  factCache?: { hits: number; misses: number; byReader: Record<string, { hits: number; misses: number }>; saved: boolean };
}

/** One finding recorded in the baseline file (src/baseline/, schemas/baseline.schema.json). */
export interface BaselineEntry {
  fingerprint: string;
  rule: string;
  /** The guardrail that reported it, when it is not the rule itself. */
  guardrail?: string;
  file: string;
  message?: string;
  /** Calendar days, YYYY-MM-DD (UTC). */
  firstSeen: string;
  lastSeen: string;
  /** On how many days a baseline update saw it. */
  timesSeen: number;
  /** How many times it disappeared. */
  timesFixed?: number;
  /** The day it was first missing (fixed entries only). */
  fixedOn?: string;
}

/** A run compared with the baseline: findings carry `baselineState`; what is gone is listed here. */
export interface BaselineOutcome {
  /** The baseline file as shown to the user. */
  file: string;
  counts: { new: number; recurring: number; regressed: number; fixed: number; stale: number };
  /** Baseline findings of the guardrails that ran that are gone now, sorted. */
  fixed: BaselineEntry[];
  /** Fixed entries older than `staleAfterDays`: the next `baseline update` drops them. */
  stale: BaselineEntry[];
  staleAfterDays: number;
}

/** A rule reported under its own id (e.g. `intelligence-map/missing-route`, or one merged from a command's SARIF). */
export interface RuleMeta {
  id: string;
  /** The guardrail that produced it, when there is one. */
  guardrail?: string;
  name: string;
  description: string;
  fullDescription?: string;
  helpUri?: string;
  level: Level;
  tags?: string[];
  securitySeverity?: number;
}

/** A business goal at risk: the guardrails that failed for it and its findings by level. */
export interface GoalRisk {
  id: string;
  /** The goal's title in the intelligence map. */
  title?: string;
  /** The most severe level of its findings. */
  level: Level;
  counts: Record<Level, number>;
  /** Failing guardrails (and map / SLO checks), most severe first. */
  guardrails: string[];
}

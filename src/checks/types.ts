import type { Config, Finding, Guardrail, GuardrailResult, Level, RuleMeta, SourcePos } from '../types.js';
import type { MapDoc } from '../map/types.js';
import type { SloFile } from '../slo/types.js';
import type { Workspace } from '../workspace/workspace.js';
import type { Facts } from '../facts.js';
import type { RegexPool } from '../util/safe-regex.js';
import type { KindOptions } from '../config/options.generated.js';

/** A JSON Schema fragment (draft-07), as far as we use it. */
export type JsonSchema = Record<string, unknown>;

/** Where a key or item of the guardrail sits in the config file, for errors and findings. */
export type Locate = (path: readonly (string | number)[]) => SourcePos;

/** What the engine knows about the run that a check may need. */
export interface RunEnv {
  /** Environment for child processes (the command kind filters it further). */
  env: NodeJS.ProcessEnv;
  /** `command` checks may run. */
  allowCommands: boolean;
  /** Why commands are refused, when they are. */
  commandsRefusedBecause?: string;
  /** GitHub event name and payload, when run by the Action. */
  event?: { name: string; payload: Record<string, unknown> };
}

export interface CheckContext {
  root: string;
  workspace: Workspace;
  facts: Facts;
  config: Config;
  regex: RegexPool;
  run: RunEnv;
  /** Progress for long runs (stderr in the CLI, the log in the Action). */
  log: (message: string) => void;
  /** The map, the SLO file and the results so far, for the built-in kinds that judge the run. */
  living?: LivingRun;
}

/** What the built-in kinds (intelligence-map, slo-monitors) read besides the workspace. */
export interface LivingRun {
  map: MapDoc | null;
  slo: SloFile | null;
  /** Results of the guardrails that ran before (the engine's list, as it grows). */
  results: readonly GuardrailResult[];
  /** How the guardrails file is named in messages. */
  configName: string;
}

export interface CheckResult {
  findings: Finding[];
  /** One line about the run of this guardrail (e.g. "2 files, 1 skipped"). */
  detail?: string;
  /** Output kept for the report (a command's output, trimmed). */
  output?: string;
  /** Set when the guardrail did not run (e.g. commands refused): the reason, shown in the summary. */
  skipped?: string;
  /** Rules of findings whose ruleId is not the guardrail's own. */
  rules?: RuleMeta[];
  /** What the report should say about how the guardrail judged (files left out, a config link not installed); deduplicated across guardrails. */
  notices?: string[];
}

/** One check kind: metadata, options schema and logic together (ESLint-rule style). */
export interface CheckKind {
  kind: string;
  /** One sentence for docs, --help and the schema's description. */
  description: string;
  /** JSON Schema of the kind's own keys (besides the common ones). */
  schema: { properties: Record<string, JsonSchema>; required?: string[]; [k: string]: unknown };
  /** Checks the schema cannot express (e.g. that a regular expression compiles). Throws ConfigError. */
  validate?(options: Record<string, unknown>, locate: Locate): void;
  /** Tags for SARIF `properties.tags`. */
  tags?: string[];
  /** SARIF `security-severity` of an error-level guardrail of this kind that is about security (default 7.5); scaled down for warning and note (src/checks/severity.ts). */
  securitySeverity?: number;
  /** Whether a guardrail of this kind is about security (secrets, a credential or CORS setting): only then is `security-severity` written. */
  security?(g: Guardrail): boolean;
  run(ctx: CheckContext, guardrail: Guardrail): Promise<CheckResult>;
  /**
   * Work the guardrail can start on a provisional workspace (the tracked files, while git still
   * walks the work tree: WorkspaceOptions.whileListing), memoized by the file list so that its run
   * takes it when the listing holds exactly those files. Never needed for a correct result.
   */
  warmUp?(provisional: Workspace, guardrail: Guardrail): void;
}

/** A finding of a guardrail: its id and severity, the rest from the check. */
export function findingOf(g: Guardrail, f: Omit<Finding, 'ruleId' | 'level'> & { level?: Level; ruleId?: string }): Finding {
  return { ruleId: g.id, level: g.severity, ...f };
}

/**
 * A kind the engine plans itself, never written in guardrails.yaml (its id is reserved): it runs
 * when its file exists, after the configured guardrails, through the same loop as every kind.
 */
export interface BuiltinKind extends CheckKind {
  builtin: true;
  /** The guardrail to run, or null when its file is absent. */
  plan(living: Omit<LivingRun, 'results' | 'configName'>): Guardrail | null;
}

/** A guardrail whose options are typed by its kind (the interfaces generated from the schema). */
export type GuardrailOf<O> = Omit<Guardrail, 'options'> & { options: O };

/** A check kind written against its own options type. */
export interface TypedKind<K extends keyof KindOptions> extends Omit<CheckKind, 'kind' | 'validate' | 'run'> {
  kind: K;
  validate?(options: KindOptions[K], locate: Locate): void;
  run(ctx: CheckContext, guardrail: GuardrailOf<KindOptions[K]>): Promise<CheckResult>;
  warmUp?(provisional: Workspace, guardrail: GuardrailOf<KindOptions[K]>): void;
}

/**
 * Declare a kind with typed options. The loader validated a guardrail against the kind's schema
 * before any `validate` or `run` sees it, and options.generated.ts is generated from that schema
 * (a test keeps it fresh): this is the one place the options are taken as that type.
 */
export function defineKind<K extends keyof KindOptions>(kind: TypedKind<K>): CheckKind {
  return kind as unknown as CheckKind;
}

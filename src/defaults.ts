/**
 * Where the project's files live by default, relative to the repository root: the one source of
 * truth for the Action, the CLI and the engine. action.yml repeats the Action's defaults (GitHub
 * shows them to users); a test checks that it says the same.
 */
export const DEFAULT_PATHS = {
  /** The guardrails file (action input `config`, CLI `--config`). */
  config: 'infra/selfcheck/guardrails.yaml',
  /** The system intelligence map (`intelligence-map`, `--map`). */
  map: 'src/observability/system_intelligence_map.json',
  /** The SLO monitors (`slo-monitors`, `--slo`). */
  slo: 'infra/selfcheck/slo-monitors.yml',
  /** The drift tracker baseline (`baseline`, `--baseline`). */
  baseline: 'infra/selfcheck/guardrails-baseline.json',
  /** The SARIF file the Action writes (`sarif-file`). */
  sarif: 'guardrails.sarif',
} as const;

/** The SARIF `category` and the tool's name in reports. */
export const DEFAULT_CATEGORY = 'living-architecture';

export const DEFAULT_CONFIG = DEFAULT_PATHS.config;
export const DEFAULT_MAP = DEFAULT_PATHS.map;
export const DEFAULT_SLO = DEFAULT_PATHS.slo;
export const DEFAULT_BASELINE = DEFAULT_PATHS.baseline;

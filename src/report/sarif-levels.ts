/**
 * Which SARIF `level` a result gets (the Action input `sarif-levels`, the CLI's `--sarif-levels`).
 *
 * Code scanning's own pull-request check fails on alerts of level `error` (by default), whatever
 * the Action's `fail-on` says: with `fail-on: new` a known error fails GitHub's check while the
 * Action passes. `gate` makes the two agree: a result is `error` exactly when its finding fails
 * the gate (src/gate.ts), the others are `warning` (severity error or warning) or `note`.
 *
 * - `severity` (default): the guardrail's severity, as the finding has it.
 * - `gate`: `error` only for findings that fail the gate under the run's fail-on.
 */
import { gates } from '../gate.js';
import type { FailOn, Finding, Level } from '../types.js';

export type SarifLevels = 'severity' | 'gate';

export const SARIF_LEVELS_VALUES: readonly SarifLevels[] = ['severity', 'gate'];

export function isSarifLevels(v: string): v is SarifLevels {
  return (SARIF_LEVELS_VALUES as readonly string[]).includes(v);
}

/** A result's SARIF level. */
export function sarifLevelOf(f: Finding, failOn: FailOn, mode: SarifLevels): Level {
  if (mode === 'severity') return f.level;
  return gates(f, failOn) ? 'error' : belowGate(f.level);
}

/**
 * A rule's `defaultConfiguration.level`: what a result of the rule without a level of its own
 * would be. Every result we write carries its level, so this only matters to a reader that falls
 * back on the rule: in `gate` mode it is never `error` (only a result can say it fails the gate).
 */
export function ruleDefaultLevel(severity: Level, mode: SarifLevels): Level {
  return mode === 'severity' ? severity : belowGate(severity);
}

/** The level of a finding that does not fail the gate: never `error`. */
function belowGate(level: Level): Level {
  return level === 'note' ? 'note' : 'warning';
}

import type { BuiltinKind, CheckKind } from './types.js';
import { adr } from './adr.js';
import { command } from './command.js';
import { configValue } from './config-value.js';
import { forbiddenImports } from './forbidden-imports.js';
import { intelligenceMap } from './intelligence-map.js';
import { layers } from './layers.js';
import { maxLines } from './max-lines.js';
import { migrations } from './migrations.js';
import { noCycles } from './no-cycles.js';
import { pattern } from './pattern.js';
import { requiredImports } from './required-imports.js';
import { routesExist } from './routes-exist.js';
import { secrets } from './secrets.js';
import { sloMonitors } from './slo-monitors.js';

/** The registry: every check kind, one line each. */
export const CHECK_KINDS: readonly CheckKind[] = [adr, command, configValue, forbiddenImports, layers, maxLines, migrations, noCycles, pattern, requiredImports, routesExist, secrets];

/** Kinds the engine plans itself when their file exists (their ids are reserved), in run order, after the configured guardrails. */
export const BUILTIN_KINDS: readonly BuiltinKind[] = [intelligenceMap, sloMonitors];

/** A kind a guardrails file may name. */
export function kindOf(name: string): CheckKind | undefined {
  return CHECK_KINDS.find((k) => k.kind === name);
}

/** Any kind the engine can run: a configurable one or a built-in one. */
export function runnableKindOf(name: string): CheckKind | undefined {
  return kindOf(name) ?? BUILTIN_KINDS.find((k) => k.kind === name);
}

import type { CheckKind } from './types.js';
import { command } from './command.js';
import { maxLines } from './max-lines.js';
import { pattern } from './pattern.js';

/** The registry: every check kind, one line each. */
export const CHECK_KINDS: readonly CheckKind[] = [command, maxLines, pattern];

export function kindOf(name: string): CheckKind | undefined {
  return CHECK_KINDS.find((k) => k.kind === name);
}

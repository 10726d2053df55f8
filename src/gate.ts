import type { FailOn, Finding, Level } from './types.js';

const RANK: Record<Level, number> = { error: 0, warning: 1, note: 2 };

export function levelRank(l: Level): number {
  return RANK[l];
}

/** Does this finding fail the gate? */
export function gates(f: Finding, failOn: FailOn): boolean {
  switch (failOn) {
    case 'none':
      return false;
    case 'new':
      // Without a baseline every finding is new.
      return f.baselineState === undefined || f.baselineState === 'new' || f.baselineState === 'regressed';
    default:
      return RANK[f.level] <= RANK[failOn];
  }
}

export const FAIL_ON_VALUES: readonly FailOn[] = ['error', 'warning', 'note', 'new', 'none'];

/** The job summary's first section: what to fix — the findings that fail the gate, then those in changed files. */
import { gates } from '../gate.js';
import type { Finding, Report } from '../types.js';
import { plural } from '../util/text.js';

/** Rows shown at most (the SARIF and JSON reports have them all). */
export const FIX_ROWS = 50;

export interface FixList {
  /** Findings that fail the gate, then findings in changed files that do not, each once. */
  rows: { f: Finding; why: 'gate' | 'changed' }[];
  gating: number;
  changed: number;
}

export function fixList(report: Report): FixList {
  const changed = report.changedFiles ? new Set(report.changedFiles) : undefined;
  const rows: FixList['rows'] = [];
  for (const f of report.findings) if (gates(f, report.failOn)) rows.push({ f, why: 'gate' });
  const gating = rows.length;
  if (changed) for (const f of report.findings) if (!gates(f, report.failOn) && changed.has(f.file)) rows.push({ f, why: 'changed' });
  return { rows, gating, changed: rows.length - gating };
}

/** The section's heading: `### What to fix first` with what it lists. */
export function fixHeading(list: FixList, failOn: Report['failOn']): string {
  const parts: string[] = [];
  if (list.gating) parts.push(`${plural(list.gating, failOn === 'new' ? 'new finding' : 'finding')} failing the gate`);
  if (list.changed) parts.push(`${plural(list.changed, 'other finding')} in changed files`);
  return `### 🔧 What to fix first: ${parts.join(', ')}`;
}

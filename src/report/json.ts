import type { Report } from '../types.js';

/** The JSON report (`--json`, the Action's report-file): everything, machine-readable, stable. */
export function toJson(report: Report): string {
  const { root: _root, ...rest } = report;
  return `${JSON.stringify({ reportVersion: 1, ...rest }, null, 2)}\n`;
}

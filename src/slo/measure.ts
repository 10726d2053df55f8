/** Measures over probe samples: availability, nearest-rank percentiles, numbers read from JSON. */

/**
 * The nearest-rank percentile: the smallest value such that at least p% of the values are at or
 * below it — the value at rank ⌈p/100 × n⌉ of the sorted list (rank 1 for p = 0).
 */
export function nearestRank(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('no values');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

/** `p95` → 95, `p99.9` → 99.9, `max` → 100. */
export function percentileOf(key: string): number {
  return key === 'max' ? 100 : Number(key.slice(1));
}

/** Does a status count as success? Codes and classes (`2xx`). */
export function statusOk(status: number, expect: readonly (number | string)[]): boolean {
  return expect.some((e) => (typeof e === 'number' ? status === e : status >= Number(e[0]) * 100 && status < Number(e[0]) * 100 + 100));
}

/**
 * A value at a JSON path: `database.pool.utilization`, `$.checks[0].value`, `a["dotted.key"]`.
 * Returns undefined when a step is missing.
 */
export function readJsonPath(data: unknown, expr: string): unknown {
  let cur: unknown = data;
  for (const step of jsonPathSteps(expr)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[step];
  }
  return cur;
}

export function jsonPathSteps(expr: string): (string | number)[] {
  const steps: (string | number)[] = [];
  let s = expr.trim().replace(/^\$/, '');
  while (s.length > 0) {
    let m: RegExpExecArray | null;
    if ((m = /^\.?([A-Za-z_$][\w$-]*)/.exec(s))) steps.push(m[1]!);
    else if ((m = /^\[(\d+)\]/.exec(s))) steps.push(Number(m[1]));
    else if ((m = /^\[\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*\]/.exec(s))) steps.push((m[1] ?? m[2]!).replace(/\\(.)/g, '$1'));
    else if ((m = /^\.(\d+)/.exec(s))) steps.push(Number(m[1]));
    else throw new Error(`cannot read the JSON path ${JSON.stringify(expr)} at ${JSON.stringify(s)}`);
    s = s.slice(m[0].length);
  }
  return steps;
}

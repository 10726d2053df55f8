/**
 * Array helpers safe for any length. `a.push(...b)` and `Math.max(...b)` pass every element as an
 * argument and throw "Maximum call stack size exceeded" past ~125,000 elements: a hostile
 * repository gets there easily (one pattern matching every line of a generated file).
 */

/** Append every item of `items` to `target` (in place), in order; returns `target`. */
export function append<T>(target: T[], items: Iterable<T>): T[] {
  for (const x of items) target.push(x);
  return target;
}

/** The largest number of `values`, or `empty` when there is none. */
export function maxOf(values: Iterable<number>, empty = -Infinity): number {
  let m = empty;
  let any = false;
  for (const v of values) {
    m = any ? Math.max(m, v) : v;
    any = true;
  }
  return any ? m : empty;
}

/** Whether `list` is ascending by `<` (equal neighbours allowed): what `binarySearch` needs. */
export function isSorted(list: readonly string[]): boolean {
  for (let i = 1; i < list.length; i++) if (list[i - 1]! > list[i]!) return false;
  return true;
}

/** `list` sorted in place by `<`, unless it is already (a listing mostly comes sorted); returns `list`. */
export function sortedByCodeUnits(list: string[]): string[] {
  return isSorted(list) ? list : list.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The index of `x` in `sorted` (ascending by \`<\`) between `lo` and `hi` (both included), or -1 when it is not there. */
export function binarySearch<T extends number | string>(sorted: ArrayLike<T>, x: T, lo = 0, hi = sorted.length - 1): number {
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid]!;
    if (v === x) return mid;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Calendar days (YYYY-MM-DD, UTC) for the baseline: first seen, last seen, fixed on. */

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Today, as a calendar day in UTC. `SOURCE_DATE_EPOCH` (seconds, the reproducible-builds
 * convention) fixes the day, so a baseline written in a test or a reproducible job is byte-identical.
 */
export function todayOf(env: NodeJS.ProcessEnv = process.env): string {
  const epoch = env.SOURCE_DATE_EPOCH?.trim();
  const ms = epoch && /^\d+$/.test(epoch) ? Number(epoch) * 1000 : Date.now();
  return new Date(ms).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** A real calendar day written as YYYY-MM-DD (2024-02-30 is not). */
export function isDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}

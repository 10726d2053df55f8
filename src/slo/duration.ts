import { ConfigError } from '../errors.js';
import type { SourcePos } from '../types.js';

/** `200ms`, `1.5s`, `1m` or a number of milliseconds → milliseconds. */
export function durationMs(v: unknown, pos: SourcePos): number {
  if (typeof v === 'number' && v > 0) return v;
  const m = typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)\s*$/.exec(v) : null;
  if (!m) throw new ConfigError(`${JSON.stringify(v)} is not a duration`, { ...pos, hint: 'write 200ms, 1.5s, 1m or a number of milliseconds' });
  const n = Number(m[1]);
  return m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000;
}

// Small helpers shared by the benchmark rows: timing, medians and the table.
import { spawnSync } from 'node:child_process';

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Run a command `n` times (after one warm-up) and return the median wall time in ms. */
export function timeCommand(cmd, args, opts = {}, n = 7) {
  const times = [];
  let last;
  for (let i = 0; i <= n; i++) {
    const t = process.hrtime.bigint();
    last = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (i > 0) times.push(ms);
  }
  return { ms: median(times), status: last.status, stdout: last.stdout, stderr: last.stderr };
}

export async function timeAsync(fn, n = 5) {
  const times = [];
  let result;
  for (let i = 0; i <= n; i++) {
    const t = process.hrtime.bigint();
    result = await fn();
    if (i > 0) times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { ms: median(times), result };
}

export function row(cells) {
  return `| ${cells.join(' | ')} |`;
}

export function fmtMs(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

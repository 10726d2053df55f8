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

/** Strongly connected components with a cycle (an independent Tarjan, for cross-checking tangles). */
export function sccs(nodes, edges) {
  const next = new Map(nodes.map((n) => [n, []]));
  for (const [a, b] of edges) if (next.has(a) && next.has(b) && a !== b) next.get(a).push(b);
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const on = new Set();
  const out = [];
  const strong = (v) => {
    // iterative to survive deep graphs
    const work = [[v, 0]];
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    while (work.length) {
      const top = work[work.length - 1];
      const [u, i] = top;
      const succ = next.get(u);
      if (i < succ.length) {
        top[1]++;
        const w = succ[i];
        if (!idx.has(w)) {
          idx.set(w, index);
          low.set(w, index++);
          stack.push(w);
          on.add(w);
          work.push([w, 0]);
        } else if (on.has(w)) low.set(u, Math.min(low.get(u), idx.get(w)));
      } else {
        work.pop();
        if (work.length) {
          const p = work[work.length - 1][0];
          low.set(p, Math.min(low.get(p), low.get(u)));
        }
        if (low.get(u) === idx.get(u)) {
          const c = [];
          let w;
          do {
            w = stack.pop();
            on.delete(w);
            c.push(w);
          } while (w !== u);
          if (c.length > 1) out.push(c.sort());
        }
      }
    }
  };
  for (const n of nodes) if (!idx.has(n)) strong(n);
  return out.map((c) => c.join(' ')).sort();
}

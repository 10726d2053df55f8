import { Worker } from 'node:worker_threads';
import os from 'node:os';

/**
 * Users' regular expressions run where a catastrophic one cannot hang the job: in worker threads,
 * each match over one file under a time budget. A worker that overruns is terminated (V8 cannot
 * interrupt a running RegExp any other way) and replaced; the caller gets `timeout` and reports it.
 * We keep JavaScript's full RegExp syntax (lookaround, backreferences) that users expect, rather
 * than a linear-time engine that would refuse them.
 */

export interface UserRegex {
  source: string;
  flags: string;
}

/** A match: 0-based offset, length and the matched text (capped). */
export type Match = [index: number, length: number, text: string];

/** `skipped`: the caller's `skipIf` said, when the match was about to start, that it is no longer wanted. */
export type MatchResult = { ok: true; matches: Match[]; truncated: boolean } | { ok: false; reason: 'timeout' | 'skipped' };

/**
 * Compile a user's pattern. Accepts a leading inline-flag group as written for PCRE, Python, Go
 * and gitleaks (`(?i)`, `(?m)`, `(?s)`, `(?x)` is refused), which JavaScript does not know.
 * Throws SyntaxError with JavaScript's own message when the pattern is invalid.
 */
export function parseUserRegex(pattern: string, extraFlags = ''): UserRegex {
  let source = pattern;
  let flags = new Set(extraFlags.split('').filter(Boolean));
  const lead = /^\(\?([imsux]+)\)/.exec(source);
  if (lead) {
    for (const f of lead[1]!) {
      if (f === 'x') throw new SyntaxError('the (?x) verbose flag is not supported');
      if (f !== 'u') flags.add(f);
    }
    source = source.slice(lead[0].length);
  }
  flags.add('g');
  flags = new Set([...flags].filter((f) => 'dgimsuyv'.includes(f)));
  if (!flags.has('v')) flags.add('u');
  const flagStr = [...flags].sort().join('');
  try {
    new RegExp(source, flagStr);
  } catch (e) {
    // Some patterns valid without the u flag (e.g. `\-` or `{` literals) are refused with it.
    flags.delete('u');
    const plain = [...flags].sort().join('');
    try {
      new RegExp(source, plain);
      return { source, flags: plain };
    } catch {
      throw new SyntaxError((e as Error).message.replace(/^Invalid regular expression: /, ''));
    }
  }
  return { source, flags: flagStr };
}

const WORKER_CODE = `
const { parentPort } = require('node:worker_threads');
const cache = new Map();
parentPort.on('message', ({ id, source, flags, text, max, textCap }) => {
  let re = cache.get(flags + '/' + source);
  if (!re) { re = new RegExp(source, flags); cache.set(flags + '/' + source, re); }
  re.lastIndex = 0;
  const matches = [];
  let truncated = false;
  let m;
  while ((m = re.exec(text)) !== null) {
    if (matches.length >= max) { truncated = true; break; }
    matches.push([m.index, m[0].length, m[0].length > textCap ? m[0].slice(0, textCap) : m[0]]);
    if (m[0].length === 0) re.lastIndex++;
  }
  parentPort.postMessage({ id, matches, truncated });
});
`;

interface Slot {
  worker: Worker;
  /** Resolves when the worker runs: the budget of a match starts then, not while a fresh worker boots (slow on a loaded runner). */
  online: Promise<void>;
  busy: boolean;
}

interface Job {
  re: UserRegex;
  text: string;
  skipIf?: () => boolean;
  resolve: (r: MatchResult) => void;
}

export class RegexPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly budgetMs = 3000,
    private readonly size = Math.max(1, Math.min(2, os.availableParallelism?.() ?? os.cpus().length)),
    private readonly maxMatches = 1000,
  ) {}

  /**
   * All matches of `re` in `text`, or a timeout when the budget runs out. `skipIf` is asked when
   * the match is about to start (it may wait in the queue): true resolves `skipped` without running.
   */
  match(re: UserRegex, text: string, opts: { skipIf?: () => boolean } = {}): Promise<MatchResult> {
    if (this.closed) throw new Error('RegexPool is closed');
    return new Promise((resolve) => {
      this.queue.push({ re, text, skipIf: opts.skipIf, resolve });
      this.pump();
    });
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_CODE, { eval: true });
    worker.unref();
    const online = new Promise<void>((resolve) => worker.once('online', () => resolve()));
    return { worker, online, busy: false };
  }

  private pump(): void {
    while (!this.closed && this.queue.length > 0) {
      const head = this.queue[0]!;
      if (head.skipIf?.()) {
        this.queue.shift();
        head.resolve({ ok: false, reason: 'skipped' });
        continue;
      }
      let slot = this.slots.find((s) => !s.busy);
      if (!slot) {
        if (this.slots.length >= this.size) return;
        slot = this.spawn();
        this.slots.push(slot);
      }
      this.run(slot, this.queue.shift()!);
    }
  }

  private run(slot: Slot, job: Job): void {
    slot.busy = true;
    const id = this.nextId++;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let finished = false;
    const finish = (r: MatchResult): void => {
      finished = true;
      clearTimeout(timer);
      slot.worker.off('message', onMessage);
      slot.worker.off('error', onError);
      slot.busy = false;
      job.resolve(r);
      // Next turn: the caller's continuation (which may record a timeout its next skipIf reads) runs first.
      setImmediate(() => this.pump());
    };
    const onMessage = (msg: { id: number; matches: Match[]; truncated: boolean }): void => {
      if (msg.id === id) finish({ ok: true, matches: msg.matches, truncated: msg.truncated });
    };
    const onError = (): void => {
      this.replace(slot);
      finish({ ok: false, reason: 'timeout' });
    };
    void slot.online.then(() => {
      if (finished) return;
      timer = setTimeout(() => {
        this.replace(slot);
        finish({ ok: false, reason: 'timeout' });
      }, this.budgetMs);
    });
    slot.worker.on('message', onMessage);
    slot.worker.on('error', onError);
    slot.worker.postMessage({ id, source: job.re.source, flags: job.re.flags, text: job.text, max: this.maxMatches, textCap: 200 });
  }

  private replace(slot: Slot): void {
    void slot.worker.terminate();
    const fresh = this.spawn();
    slot.worker = fresh.worker;
    slot.online = fresh.online;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }
}

/**
 * A guardrail's allowance of timeouts: once `perPattern` files have timed out on a pattern, that
 * pattern is given up — further files are not matched (each costs the full per-match budget
 * otherwise: 40 files, two minutes) — and once `total` files have timed out on any of the
 * guardrail's patterns, all of them are. What was not checked is counted, so the result can say so.
 */
export class RegexBudget {
  private readonly timeouts = new Map<string, number>();
  private readonly notChecked = new Map<string, number>();
  private allTimeouts = 0;

  constructor(
    private readonly perPattern = 3,
    private readonly total = 10,
  ) {}

  private static key(re: UserRegex): string {
    return `${re.flags}/${re.source}`;
  }

  /** True while the pattern may still run. */
  live(re: UserRegex): boolean {
    return this.allTimeouts < this.total && (this.timeouts.get(RegexBudget.key(re)) ?? 0) < this.perPattern;
  }

  /** Record the outcome of one file: a timeout, or a file left unchecked because the pattern was given up. */
  record(re: UserRegex, what: 'timeout' | 'skipped'): void {
    if (what === 'timeout') this.allTimeouts++;
    const map = what === 'timeout' ? this.timeouts : this.notChecked;
    const k = RegexBudget.key(re);
    map.set(k, (map.get(k) ?? 0) + 1);
  }

  /**
   * The patterns given up on, each with the files that timed out on it and the files it did not
   * check; `byTotal` when it was stopped by the guardrail's total rather than its own timeouts.
   */
  gaveUp(patterns: readonly UserRegex[]): { re: UserRegex; timedOut: number; notChecked: number; byTotal: boolean }[] {
    const seen = new Set<string>();
    const out: { re: UserRegex; timedOut: number; notChecked: number; byTotal: boolean }[] = [];
    for (const re of patterns) {
      const k = RegexBudget.key(re);
      if (seen.has(k) || this.live(re)) continue;
      seen.add(k);
      const timedOut = this.timeouts.get(k) ?? 0;
      const notChecked = this.notChecked.get(k) ?? 0;
      const byTotal = timedOut < this.perPattern;
      if (byTotal && notChecked === 0) continue; // stopped when it had nothing left to check
      out.push({ re, timedOut, notChecked, byTotal });
    }
    return out;
  }
}

/**
 * Classification of a run against the baseline: each finding is new, recurring, or regressed
 * (fixed once, back again); baseline findings that are gone are fixed; fixed entries older than
 * `staleAfterDays` are stale. And the update that folds a run into the baseline.
 */
import type { BaselineEntry, BaselineOutcome, Finding, GuardrailResult } from '../types.js';
import { redactSecretsInText } from '../secrets/redact-text.js';
import { daysBetween } from './dates.js';
import { DEFAULT_STALE_DAYS, sortEntries, type Baseline } from './file.js';

/** Which baseline entries a run speaks for: a guardrail that did not run cannot say its findings are fixed. */
export type Scope = (guardrail: string) => boolean;

/**
 * Entries of guardrails that ran (pass or fail) are in scope; so are entries of guardrails no
 * longer in the configuration (their findings are gone), unless the run was narrowed with `only`.
 * A guardrail that was skipped or errored keeps its entries as they are.
 */
export function scopeOf(results: readonly GuardrailResult[], configured: readonly string[], only: readonly string[]): Scope {
  const ran = new Set(results.filter((r) => r.status === 'pass' || r.status === 'fail').map((r) => r.id));
  const known = new Set(configured);
  return (g) => ran.has(g) || (only.length === 0 && !known.has(g));
}

export function guardrailOf(e: BaselineEntry): string {
  return e.guardrail ?? e.rule;
}

/** Set `baselineState` on each finding and list what is fixed and stale. */
export function classify(findings: Finding[], baseline: Baseline, opts: { scope: Scope; today: string; file: string }): BaselineOutcome {
  const present = new Set(baseline.findings.map((e) => e.fingerprint));
  const wasFixed = new Set(baseline.fixed.map((e) => e.fingerprint));
  const now = new Set<string>();
  const counts = { new: 0, recurring: 0, regressed: 0, fixed: 0, stale: 0 };
  for (const f of findings) {
    const fp = f.fingerprint ?? '';
    now.add(fp);
    f.baselineState = present.has(fp) ? 'recurring' : wasFixed.has(fp) ? 'regressed' : 'new';
    counts[f.baselineState]++;
  }
  const staleAfterDays = baseline.staleAfterDays ?? DEFAULT_STALE_DAYS;
  const fixed = sortEntries(baseline.findings.filter((e) => !now.has(e.fingerprint) && opts.scope(guardrailOf(e))));
  const stale = sortEntries(baseline.fixed.filter((e) => !now.has(e.fingerprint) && isStale(e, opts.today, staleAfterDays)));
  counts.fixed = fixed.length;
  counts.stale = stale.length;
  return { file: opts.file, counts, fixed, stale, staleAfterDays };
}

export function isStale(e: BaselineEntry, today: string, staleAfterDays: number): boolean {
  return e.fixedOn !== undefined && daysBetween(e.fixedOn, today) > staleAfterDays;
}

export interface BaselineUpdate {
  baseline: Baseline;
  /** Findings seen for the first time. */
  added: number;
  /** Fixed entries that came back. */
  regressed: number;
  /** Entries that moved to `fixed` today. */
  fixed: number;
  /** Stale fixed entries dropped. */
  dropped: number;
  /** Entries left as they were because their guardrail did not run. */
  untouched: number;
}

/**
 * Fold a run into the baseline. Seen today: `lastSeen` = today and `timesSeen` + 1 (once per
 * day, so updating twice in a day changes nothing). Gone (in scope): moved to `fixed` with
 * `fixedOn` = today. Back after a fix: moved back, history kept. Stale fixed entries are dropped.
 */
export function updateBaseline(prev: Baseline | null, findings: readonly Finding[], opts: { scope: Scope; today: string }): BaselineUpdate {
  const today = opts.today;
  const staleAfterDays = prev?.staleAfterDays ?? DEFAULT_STALE_DAYS;
  const present = new Map((prev?.findings ?? []).map((e) => [e.fingerprint, e]));
  const fixedBefore = new Map((prev?.fixed ?? []).map((e) => [e.fingerprint, e]));
  const findingsOut = new Map<string, BaselineEntry>();
  let added = 0;
  let regressed = 0;
  for (const f of findings) {
    const fp = f.fingerprint;
    if (!fp || findingsOut.has(fp)) continue;
    const old = present.get(fp) ?? fixedBefore.get(fp);
    if (!old) added++;
    else if (fixedBefore.has(fp)) regressed++;
    const entry: BaselineEntry = {
      fingerprint: fp,
      rule: f.ruleId,
      ...(f.guardrail && f.guardrail !== f.ruleId ? { guardrail: f.guardrail } : {}),
      file: f.file,
      message: baselineMessage(f),
      firstSeen: old?.firstSeen ?? today,
      lastSeen: today,
      timesSeen: old ? old.timesSeen + (old.lastSeen === today ? 0 : 1) : 1,
      ...(old?.timesFixed ? { timesFixed: old.timesFixed } : {}),
    };
    findingsOut.set(fp, entry);
  }
  let fixed = 0;
  let untouched = 0;
  const fixedOut: BaselineEntry[] = [];
  for (const e of prev?.findings ?? []) {
    if (findingsOut.has(e.fingerprint)) continue;
    if (!opts.scope(guardrailOf(e))) {
      findingsOut.set(e.fingerprint, e);
      untouched++;
      continue;
    }
    fixed++;
    fixedOut.push({ ...e, timesFixed: (e.timesFixed ?? 0) + 1, fixedOn: today });
  }
  let dropped = 0;
  for (const e of prev?.fixed ?? []) {
    if (findingsOut.has(e.fingerprint)) continue;
    if (isStale(e, today, staleAfterDays)) {
      dropped++;
      continue;
    }
    fixedOut.push(e);
  }
  const baseline: Baseline = {
    ...(prev?.$schema ? { $schema: prev.$schema } : {}),
    version: 1,
    ...(prev?.staleAfterDays !== undefined ? { staleAfterDays: prev.staleAfterDays } : {}),
    findings: sortEntries([...findingsOut.values()]),
    fixed: sortEntries(fixedOut),
  };
  return { baseline, added, regressed, fixed, dropped, untouched };
}

/**
 * The message a baseline entry keeps, for people reading the committed file: never the text a
 * finding quotes from the code (`properties.match` of a pattern finding), never a secret.
 */
export function baselineMessage(f: Finding): string {
  const match = f.properties?.match;
  const message = typeof match === 'string' && match ? f.message.split(`\`${match}\``).join('…') : f.message;
  return redactSecretsInText(message);
}

/** What changed since the baseline: the job summary's section and the terminal report's line. */
import type { BaselineEntry, BaselineOutcome, Finding } from '../types.js';
import { plural } from '../util/text.js';
import { clip, codeSpan, mdText } from '../util/markdown.js';

const ROWS = 50;

/** How the summary draws one finding (passed in so this module needs nothing from summary.ts). */
export interface SectionHelpers {
  row: (f: Finding) => string;
}

/**
 * The summary section: counts, then the new findings, then the regressed ones (fixed once, back
 * again), then what was fixed (folded), then a tip about stale entries.
 */
export function baselineSection(b: BaselineOutcome, findings: readonly Finding[], h: SectionHelpers): string[] {
  const out: string[] = ['### Since the baseline', ''];
  out.push(`<sub>${codeSpan(b.file, { cell: false })} · fixed entries turn stale after ${plural(b.staleAfterDays, 'day')}</sub>`, '');
  out.push('| 🆕 New | ↩️ Regressed | ♻️ Recurring | ✅ Fixed | 🧹 Stale |', '|--:|--:|--:|--:|--:|');
  out.push(`| ${b.counts.new} | ${b.counts.regressed} | ${b.counts.recurring} | ${b.counts.fixed} | ${b.counts.stale} |`, '');
  for (const [state, title] of [
    ['new', '🆕 New since the baseline'],
    ['regressed', '↩️ Regressed: fixed once, back again'],
  ] as const) {
    const list = findings.filter((f) => f.baselineState === state);
    if (list.length === 0) continue;
    out.push(`**${title}**`, '', '| | Where | What |', '|:-:|---|---|');
    for (const f of list.slice(0, ROWS)) out.push(h.row(f));
    if (list.length > ROWS) out.push(`| | | … and ${list.length - ROWS} more (see the SARIF or JSON report) |`);
    out.push('');
  }
  if (b.fixed.length > 0) {
    out.push(`<details><summary>✅ ${plural(b.fixed.length, 'finding')} of the baseline fixed</summary>`, '');
    out.push(...entryTable(b.fixed, 'first seen'), '</details>', '');
  }
  if (b.stale.length > 0) {
    out.push(
      `> [!TIP]\n> ${plural(b.stale.length, 'fixed entry', 'fixed entries')} of the baseline ${b.stale.length === 1 ? 'is' : 'are'} older than ${plural(b.staleAfterDays, 'day')}: \`living-architecture baseline update\` drops ${b.stale.length === 1 ? 'it' : 'them'} so the file can shrink.`,
      '',
    );
  }
  return out;
}

/** Baseline entries as a Markdown table (they have no line: they are not in the code any more). */
export function entryTable(list: readonly BaselineEntry[], dateLabel: 'first seen' | 'fixed on', max = ROWS): string[] {
  const out = [`| File | Rule | What | ${dateLabel === 'first seen' ? 'First seen' : 'Fixed on'} |`, '|---|---|---|---|'];
  for (const e of list.slice(0, max))
    out.push(`| ${codeSpan(e.file)} | ${codeSpan(e.rule)} | ${mdText(clip(e.message ?? '', 1000))} | ${dateLabel === 'first seen' ? e.firstSeen : (e.fixedOn ?? '')} |`);
  if (list.length > max) out.push(`| | | … and ${list.length - max} more | |`);
  out.push('');
  return out;
}

/** One line for the terminal: `baseline (file): 2 new, 1 regressed, 10 recurring, 3 fixed, 1 stale`. */
export function baselineLine(b: BaselineOutcome): string {
  const c = b.counts;
  return `baseline ${b.file}: ${c.new} new, ${c.regressed} regressed, ${c.recurring} recurring, ${c.fixed} fixed${c.stale ? `, ${c.stale} stale (baseline update drops them)` : ''}`;
}

/**
 * The nightly drift report (mode: drift): what changed since the baseline and whether the
 * intelligence map still matches the code. One Markdown text for the job summary, the
 * drift-report file and the drift issue.
 */
import type { Finding, Report } from '../types.js';
import { plural } from '../util/text.js';
import { entryTable } from './baseline-section.js';
import type { LinkContext } from './links.js';
import { codeSpan, cutLines, mdText } from '../util/markdown.js';
import { findingRow, verdictLine } from './summary.js';

/** GitHub refuses issue and comment bodies over 65,536 characters. */
export const GITHUB_BODY_LIMIT = 65_536;

/** The intelligence map part: its diff against the code, or why it was not made. */
export type MapDriftPart = { changed: boolean; markdown: string } | { skipped: string };

export interface DriftReport {
  markdown: string;
  title: string;
  /** New + regressed findings, plus one when the map drifted: the issue closes when this is 0. */
  drift: number;
  mapChanged: boolean;
}

export function toDriftReport(report: Report, opts: { links?: LinkContext; map?: MapDriftPart; date: string; runUrl?: string; maxChars?: number }): DriftReport {
  const mapChanged = opts.map !== undefined && 'changed' in opts.map && opts.map.changed;
  const newCount = report.findings.filter(isDrift).length;
  const drift = newCount + (mapChanged ? 1 : 0);
  const title =
    drift === 0 ? 'Architecture drift: none' : `Architecture drift: ${[newCount && plural(newCount, 'new finding'), mapChanged && 'the intelligence map changed'].filter(Boolean).join(', ')}`;
  const max = opts.maxChars ?? Infinity;
  let rows = 50;
  let markdown = render(report, opts, rows, drift, mapChanged);
  while (markdown.length > max && rows > 0) {
    rows = Math.floor(rows / 2);
    markdown = render(report, opts, rows, drift, mapChanged);
  }
  if (markdown.length > max) markdown = `${cutLines(markdown, max - 80)}\n\n… cut to fit GitHub's size limit; the job summary has everything.\n`;
  return { markdown, title, drift, mapChanged };
}

function isDrift(f: Finding): boolean {
  return f.baselineState === undefined || f.baselineState === 'new' || f.baselineState === 'regressed';
}

function render(report: Report, opts: { links?: LinkContext; map?: MapDriftPart; date: string; runUrl?: string }, rows: number, drift: number, mapChanged: boolean): string {
  const links = opts.links ?? {};
  const b = report.baseline;
  const out: string[] = [];
  out.push(`## ${drift === 0 ? '✅' : '⚠️'} Architecture drift — ${opts.date}`, '');
  out.push(`${verdictLine(report)}.${opts.runUrl ? ` [Run](${opts.runUrl})` : ''}`, '');
  if (b) {
    out.push(`Against the baseline ${codeSpan(b.file, { cell: false })}:`, '');
    out.push('| 🆕 New | ↩️ Regressed | ♻️ Recurring | ✅ Fixed | 🧹 Stale | 🗺️ Map |', '|--:|--:|--:|--:|--:|:-:|');
    out.push(`| ${b.counts.new} | ${b.counts.regressed} | ${b.counts.recurring} | ${b.counts.fixed} | ${b.counts.stale} | ${mapCell(opts.map)} |`, '');
  } else {
    out.push('> [!NOTE]', '> No baseline: every finding counts as new. Write one with `living-architecture baseline update` and commit it, and this report shows only what changed.', '');
  }
  const sections: [string, Finding[]][] = [
    [b ? '🆕 New since the baseline' : '🆕 Findings', report.findings.filter((f) => f.baselineState === 'new' || f.baselineState === undefined)],
    ['↩️ Regressed: fixed once, back again', report.findings.filter((f) => f.baselineState === 'regressed')],
  ];
  for (const [title, list] of sections) {
    if (list.length === 0) continue;
    out.push(`### ${title} (${list.length})`, '', '| | Where | What |', '|:-:|---|---|');
    for (const f of list.slice(0, rows)) out.push(findingRow(f, links));
    if (list.length > rows) out.push(`| | | … and ${list.length - rows} more (see the job summary or the JSON report) |`);
    out.push('');
  }
  if (b && b.fixed.length > 0) out.push(`### ✅ Fixed since the baseline (${b.fixed.length})`, '', ...entryTable(b.fixed, 'first seen', rows));
  if (opts.map && 'changed' in opts.map && opts.map.markdown.trim()) {
    // The map diff (src/map/) brings its own heading.
    out.push(opts.map.markdown.trim(), '');
  } else {
    out.push('### 🗺️ Intelligence map', '');
    if (!opts.map) out.push('_The map was not compared with the code in this run._', '');
    else if ('skipped' in opts.map) out.push(`_Not compared: ${mdText(opts.map.skipped)}_`, '');
    else out.push(opts.map.changed ? 'The map no longer matches the code.' : 'The map matches the code.', '');
  }
  if (b && b.stale.length > 0) {
    out.push(
      `### 🧹 Stale baseline entries (${b.stale.length})`,
      '',
      `Fixed more than ${plural(b.staleAfterDays, 'day')} ago; \`living-architecture baseline update\` drops them.`,
      '',
      ...entryTable(b.stale, 'fixed on', rows),
    );
  }
  if (drift > 0 || (b && b.counts.fixed > 0)) {
    out.push(
      '<sub>When a change is intended, accept it: run `living-architecture baseline update` and commit the baseline' +
        (mapChanged ? ', and `living-architecture map generate` for the map' : '') +
        '.</sub>',
      '',
    );
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function mapCell(map: MapDriftPart | undefined): string {
  if (!map || 'skipped' in map) return '–';
  return map.changed ? 'changed' : 'in sync';
}

/**
 * The sticky pull-request comment: the verdict, what the pull request makes worse (new and
 * regressed findings, or every gating finding when there is no baseline) and the business goals
 * those findings put at risk.
 */
import { gates } from '../gate.js';
import type { Finding, Report } from '../types.js';
import { cmp, plural } from '../util/text.js';
import { GITHUB_BODY_LIMIT } from './drift.js';
import type { LinkContext } from './links.js';
import { codeSpan, cutLines, mdText } from '../util/markdown.js';
import { findingRow, verdictLine } from './summary.js';

export function toPrComment(report: Report, opts: { links?: LinkContext; runUrl?: string; title?: string } = {}): string {
  let rows = 30;
  let text = render(report, opts, rows);
  while (text.length > GITHUB_BODY_LIMIT - 200 && rows > 0) {
    rows = Math.floor(rows / 2);
    text = render(report, opts, rows);
  }
  return text.length > GITHUB_BODY_LIMIT - 200 ? `${cutLines(text, GITHUB_BODY_LIMIT - 300)}\n\n… cut to fit GitHub's size limit.\n` : text;
}

/** What the pull request is judged on: new and regressed findings with a baseline, else the gating ones (all with fail-on: none). */
export function findingsOfConcern(report: Report): Finding[] {
  if (report.baseline) return report.findings.filter((f) => f.baselineState === 'new' || f.baselineState === 'regressed');
  return report.failOn === 'none' ? report.findings : report.findings.filter((f) => gates(f, report.failOn));
}

/** Goals → how many findings of concern endanger each, most endangered first. */
export function goalsAtRisk(findings: readonly Finding[]): [string, number][] {
  const m = new Map<string, number>();
  for (const f of findings) for (const g of f.goals ?? []) m.set(g, (m.get(g) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]));
}

function render(report: Report, opts: { links?: LinkContext; runUrl?: string; title?: string }, rows: number): string {
  const links = opts.links ?? {};
  const out: string[] = [`### ${verdictLine(report, opts.title)}`, ''];
  const b = report.baseline;
  if (b) out.push(`Against the baseline: **${b.counts.new} new**, **${b.counts.regressed} regressed**, ${b.counts.recurring} recurring, ${b.counts.fixed} fixed.`, '');
  const list = findingsOfConcern(report);
  const label = b ? 'New in this pull request' : 'Findings';
  if (list.length === 0) {
    out.push(b ? 'This pull request adds no finding. 🎉' : 'No finding fails the gate.', '');
  } else {
    out.push(`**${label}** (${list.length})`, '', '| | Where | What |', '|:-:|---|---|');
    for (const f of list.slice(0, rows)) out.push(`${findingRow(f, links)}${f.baselineState === 'regressed' ? ' ↩️' : ''}`);
    if (list.length > rows) out.push(`| | | … and ${list.length - rows} more |`);
    out.push('');
    if (list.some((f) => f.baselineState === 'regressed')) out.push('<sub>↩️ regressed: fixed once, back again.</sub>', '');
  }
  const goals = goalsAtRisk(list);
  const titles = new Map((report.goals ?? []).map((g) => [g.id, g.title]));
  if (goals.length > 0)
    out.push(`**Goals at risk:** ${goals.map(([g, n]) => `${titles.get(g) ? `${mdText(titles.get(g)!)} ` : ''}${codeSpan(g, { cell: false })} (${plural(n, 'finding')})`).join(', ')}`, '');
  if (opts.runUrl) out.push(`<sub>[Details in the job summary](${opts.runUrl}) · updated on every push</sub>`, '');
  return `${out.join('\n').trimEnd()}\n`;
}

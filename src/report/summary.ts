import type { Finding, GuardrailResult, Report } from '../types.js';
import { plural } from '../util/text.js';
import { baselineSection } from './baseline-section.js';
import { goalsSection } from './goals-section.js';
import { auditUrl, blobUrl, type LinkContext } from './links.js';
import { notScannedLine } from './not-scanned.js';

/** GitHub refuses a step summary over 1 MiB; we stay well under it. */
export const SUMMARY_LIMIT = 1024 * 1024;
const BUDGET = SUMMARY_LIMIT - 64 * 1024;
const ROWS_PER_GUARDRAIL = 200;

const ICON = { pass: '✅', fail: '❌', error: '💥', skipped: '⏭️' } as const;
const LEVEL_ICON = { error: '🔴', warning: '🟠', note: '🔵' } as const;

/**
 * The job summary: a verdict line a person reads in ten seconds, one row per guardrail, then the
 * findings folded per guardrail. Truncates gracefully to stay under GitHub's 1 MiB limit.
 */
export function toSummary(report: Report, opts: { links?: LinkContext; title?: string } = {}): string {
  const links = opts.links ?? {};
  const out: string[] = [];
  out.push(`## ${verdictLine(report, opts.title)}`, '');
  out.push(`<sub>${subline(report)}</sub>`, '');
  const skips = notScannedLine(report.workspace);
  if (skips) out.push(skips, '');
  for (const n of report.notices) out.push(`> [!NOTE]\n> ${md(n)}`, '');

  if (report.guardrails.length > 0) {
    out.push('| | Guardrail | Severity | Findings | Audit |', '|:-:|---|---|--:|---|');
    for (const g of report.guardrails) out.push(guardrailRow(g, links));
    out.push('');
  }
  if (report.goals) out.push(...goalsSection(report.goals, md));
  if (report.baseline) out.push(...baselineSection(report.baseline, report.findings, { row: (f) => findingRow(f, links), md }));

  const byRule = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const owner = f.guardrail ?? f.ruleId;
    byRule.set(owner, [...(byRule.get(owner) ?? []), f]);
  }
  let size = Buffer.byteLength(out.join('\n'));
  let omitted = 0;
  for (const g of report.guardrails) {
    const list = byRule.get(g.id) ?? [];
    if (list.length === 0 && !g.output && g.status !== 'error') continue;
    const section: string[] = [];
    section.push(`<details${g.status === 'fail' && report.guardrails.filter((x) => x.status === 'fail').length === 1 ? ' open' : ''}>`);
    section.push(`<summary>${ICON[g.status]} <b>${html(g.title)}</b> <code>${html(g.id)}</code> — ${g.status === 'error' ? 'could not run' : plural(list.length, 'finding')}</summary>`, '');
    if (g.rationale) section.push(`_${prose(g.rationale)}_`, '');
    if (g.detail && g.status === 'error') section.push(`> ${md(g.detail)}`, '');
    if (list.length > 0) {
      section.push('| | Where | What |', '|:-:|---|---|');
      for (const f of list.slice(0, ROWS_PER_GUARDRAIL)) section.push(findingRow(f, links));
      if (list.length > ROWS_PER_GUARDRAIL) section.push(`| | | … and ${list.length - ROWS_PER_GUARDRAIL} more (see the SARIF or JSON report) |`);
      section.push('');
    }
    if (g.output) section.push('<details><summary>Command output</summary>', '', '```text', g.output.slice(-8000).replace(/```/g, '`\u200b``'), '```', '</details>', '');
    section.push('</details>', '');
    const text = section.join('\n');
    const bytes = Buffer.byteLength(text);
    if (size + bytes > BUDGET) {
      omitted += list.length;
      continue;
    }
    out.push(text);
    size += bytes + 1;
  }
  if (omitted > 0) out.push(`> [!WARNING]\n> ${omitted} findings are not listed here: the summary is limited to 1 MiB. The SARIF and JSON reports have them all.`, '');
  return `${out.join('\n').trimEnd()}\n`;
}

export function verdictLine(report: Report, title = 'Living Architecture'): string {
  const { error, warning, note } = report.counts;
  const parts = [error && plural(error, 'error'), warning && plural(warning, 'warning'), note && plural(note, 'note')].filter(Boolean);
  const found = parts.length ? parts.join(', ') : 'no findings';
  const failed = report.guardrails.filter((g) => g.status === 'fail' || g.status === 'error').length;
  if (report.result === 'pass') {
    return `✅ ${title}: passed — ${found}${report.failOn === 'none' ? ' (fail-on: none)' : ''}`;
  }
  return `❌ ${title}: failed — ${found} in ${plural(failed, 'guardrail')} (fail-on: ${report.failOn})`;
}

function subline(report: Report): string {
  const ran = report.guardrails.filter((g) => g.status !== 'skipped').length;
  const cfg = report.config.defaults ? 'built-in default guardrails' : `<code>${html(report.config.file ?? '')}</code>`;
  return [
    `${plural(ran, 'guardrail')} on ${plural(report.workspace.files, 'file')}`,
    `${(report.durationMs / 1000).toFixed(1)} s`,
    cfg,
    `${report.tool.name} ${report.tool.version}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

function guardrailRow(g: GuardrailResult, links: LinkContext): string {
  const url = auditUrl(links, g.audit);
  const audit = g.audit ? (url ? `[${md(shortRef(g.audit))}](${url})` : `\`${md(g.audit)}\``) : '';
  const findings = g.status === 'skipped' ? `skipped: ${md(g.detail ?? '')}` : g.status === 'error' ? 'error' : String(g.findings);
  return `| ${ICON[g.status]} | **${prose(g.title)}**<br><code>${html(g.id)}</code> · ${md(g.check)} | ${LEVEL_ICON[g.severity]}&nbsp;${g.severity} | ${findings} | ${audit} |`;
}

export function findingRow(f: Finding, links: LinkContext): string {
  const where = `${f.file}:${f.line}`;
  const url = blobUrl(links, f.file, f.line);
  const loc = url ? `[${md(where)}](${url})` : `\`${md(where)}\``;
  const goals = f.goals && f.goals.length ? `<br><sub>goals: ${f.goals.map(md).join(', ')}</sub>` : '';
  return `| ${LEVEL_ICON[f.level]} | ${loc} | ${prose(f.message)}${goals} |`;
}

function shortRef(audit: string): string {
  const [p, anchor] = audit.split('#');
  const base = p!.split('/').pop() ?? p!;
  return anchor ? `${base}#${anchor}` : base;
}

/** Text safe inside a Markdown table cell. */
export function md(s: string): string {
  return html(s).replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/**
 * Free text (a finding's message, a title, a rationale) in a cell: as md(), and `* _ ~ \` taken
 * literally, so a message quoting ["*"] or backend/** does not turn italic — except inside the
 * `code spans` messages use to quote code, which Markdown already shows as written.
 */
export function prose(s: string): string {
  return md(s)
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[*_~]|\\(?!\|)/g, '\\$&')))
    .join('');
}

function html(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

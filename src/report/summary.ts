import type { Finding, GuardrailResult, Report } from '../types.js';
import { append } from '../util/array.js';
import { plural } from '../util/text.js';
import { baselineSection } from './baseline-section.js';
import { goalsSection } from './goals-section.js';
import { auditUrl, blobUrl, isUrl, type LinkContext } from './links.js';
import { notScannedLine } from './not-scanned.js';
import { clip, codeBlock, codeSpan, htmlText, mdLink, mdText, prose } from '../util/markdown.js';

/** GitHub refuses a step summary over 1 MiB; we stay well under it. */
export const SUMMARY_LIMIT = 1024 * 1024;
const BUDGET = SUMMARY_LIMIT - 64 * 1024;
/** Finding rows per guardrail, tried in turn until its section fits. */
const ROWS = [200, 20, 0];
/** Longest text shown of one title, message, rationale or notice (the SARIF and JSON reports have it whole). */
const CLIP = { title: 300, message: 1000, rationale: 2000, notice: 2000 } as const;

const ICON = { pass: '✅', fail: '❌', error: '💥', skipped: '⏭️' } as const;
const LEVEL_ICON = { error: '🔴', warning: '🟠', note: '🔵' } as const;

export interface Summary {
  markdown: string;
  /** What was left out to stay under the size budget (empty when nothing was). */
  cut: string[];
}

/**
 * The job summary: a verdict line a person reads in ten seconds, one row per guardrail, then the
 * findings folded per guardrail. Always within `maxBytes` (default: under GitHub's 1 MiB): parts
 * are added in order while they fit — notices, guardrail rows, goals, the baseline, each
 * guardrail's findings (fewer rows when all do not fit) — and what was left out is said at the end.
 * Every piece of repository text goes through src/util/markdown.ts.
 */
export function toSummary(report: Report, opts: SummaryOptions = {}): string {
  return summarize(report, opts).markdown;
}

export interface SummaryOptions {
  links?: LinkContext;
  title?: string;
  maxBytes?: number;
  /** What the SARIF file left out (toSarif's `cut`), said under the verdict. */
  sarifCut?: readonly string[];
}

export function summarize(report: Report, opts: SummaryOptions = {}): Summary {
  const links = opts.links ?? {};
  const budget = (opts.maxBytes ?? BUDGET) - 4096; // room for the note on what was cut
  const out: string[] = [];
  const cut: string[] = [];
  let size = 0;
  const fits = (lines: readonly string[], extra = 0): boolean => size + extra + Buffer.byteLength(lines.join('\n')) + 1 <= budget;
  const add = (lines: readonly string[]): void => {
    append(out, lines);
    size += Buffer.byteLength(lines.join('\n')) + 1;
  };
  add([`## ${verdictLine(report, opts.title)}`, '', `<sub>${subline(report)}</sub>`, '']);
  const skips = notScannedLine(report.workspace);
  if (skips) add([skips, '']);
  if (opts.sarifCut?.length) add([`> [!WARNING]\n> Left out of the SARIF file to stay within GitHub's upload limits: ${opts.sarifCut.join(', ')}. The JSON report has everything.`, '']);

  let notices = 0;
  for (const n of report.notices) {
    const block = [`> [!NOTE]\n> ${mdText(clip(n, CLIP.notice))}`, ''];
    if (fits(block)) add(block);
    else notices++;
  }
  if (notices) cut.push(plural(notices, 'notice'));

  if (report.guardrails.length > 0) {
    const rows = ['| | Guardrail | Severity | Findings | Audit |', '|:-:|---|---|--:|---|'];
    let bytes = Buffer.byteLength(rows.join('\n')) + 200; // and the "… more" row
    let left = 0;
    for (const g of report.guardrails) {
      const row = guardrailRow(g, links);
      if (left === 0 && fits([row], bytes)) {
        rows.push(row);
        bytes += Buffer.byteLength(row) + 1;
      } else left++;
    }
    if (left) {
      rows.push(`| | … and ${plural(left, 'more guardrail')} (see the JSON report) | | | |`);
      cut.push(plural(left, 'guardrail row'));
    }
    add([...rows, '']);
  }
  if (report.goals) {
    const goals = goalsSection(report.goals);
    if (fits(goals)) add(goals);
    else cut.push('the goals at risk');
  }
  if (report.baseline) {
    const base = baselineSection(report.baseline, report.findings, { row: (f) => findingRow(f, links) });
    if (fits(base)) add(base);
    else cut.push('the baseline section');
  }

  const byRule = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const owner = f.guardrail ?? f.ruleId;
    const list = byRule.get(owner);
    if (list) list.push(f);
    else byRule.set(owner, [f]);
  }
  const failing = report.guardrails.filter((x) => x.status === 'fail').length;
  let omitted = 0;
  let shortened = 0;
  for (const g of report.guardrails) {
    const list = byRule.get(g.id) ?? [];
    if (list.length === 0 && !g.output && g.status !== 'error') continue;
    const tries = ROWS.map((n) => detailSection(g, list, n, failing === 1, links));
    const i = tries.findIndex(fits);
    if (i === -1) {
      omitted += list.length;
      continue;
    }
    if (i > 0) shortened++;
    add(tries[i]!);
  }
  if (shortened) cut.push(`finding rows of ${plural(shortened, 'guardrail')}`);
  if (omitted) cut.push(plural(omitted, 'finding'));
  if (cut.length > 0) out.push(`> [!WARNING]\n> Not shown here: ${cut.join(', ')} — the summary is limited to 1 MiB. The SARIF and JSON reports have them all.`, '');
  return { markdown: `${out.join('\n').trimEnd()}\n`, cut };
}

function detailSection(g: GuardrailResult, list: readonly Finding[], rows: number, open: boolean, links: LinkContext): string[] {
  const section: string[] = [];
  section.push(`<details${g.status === 'fail' && open ? ' open' : ''}>`);
  section.push(`<summary>${ICON[g.status]} <b>${htmlText(clip(g.title, CLIP.title))}</b> <code>${htmlText(g.id)}</code> — ${g.status === 'error' ? 'could not run' : plural(list.length, 'finding')}</summary>`, '');
  if (g.rationale) section.push(`_${prose(clip(g.rationale, CLIP.rationale))}_`, '');
  if (g.detail && g.status === 'error') section.push(`> ${mdText(clip(g.detail, CLIP.notice))}`, '');
  if (list.length > 0) {
    section.push('| | Where | What |', '|:-:|---|---|');
    for (const f of list.slice(0, rows)) section.push(findingRow(f, links));
    if (list.length > rows) section.push(`| | | … and ${list.length - rows} more (see the SARIF or JSON report) |`);
    section.push('');
  }
  if (g.output) section.push('<details><summary>Command output</summary>', '', codeBlock(g.output.slice(-8000)), '', '</details>', '');
  section.push('</details>', '');
  return section;
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
  const cfg = report.config.defaults ? 'built-in default guardrails' : codeSpan(report.config.file ?? '', { cell: false });
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
  // A repo path links to its file; a URL elsewhere is shown, not linked (a hostile pull request chooses it).
  const audit = !g.audit ? '' : isUrl(g.audit) ? codeSpan(clip(g.audit, CLIP.title)) : mdLink(clip(shortRef(g.audit), CLIP.title), auditUrl(links, g.audit));
  const findings = g.status === 'skipped' ? `skipped: ${mdText(clip(g.detail ?? '', CLIP.title))}` : g.status === 'error' ? 'error' : String(g.findings);
  return `| ${ICON[g.status]} | **${prose(clip(g.title, CLIP.title))}**<br>${codeSpan(g.id)} · ${mdText(g.check)} | ${LEVEL_ICON[g.severity]}&nbsp;${g.severity} | ${findings} | ${audit} |`;
}

/** One finding as a table row (summary, pull-request comment, drift report). */
export function findingRow(f: Finding, links: LinkContext): string {
  const loc = mdLink(`${f.file}:${f.line}`, blobUrl(links, f.file, f.line));
  const goals = f.goals && f.goals.length ? `<br><sub>goals: ${f.goals.map((g) => mdText(g)).join(', ')}</sub>` : '';
  return `| ${LEVEL_ICON[f.level]} | ${loc} | ${prose(clip(f.message, CLIP.message))}${goals} |`;
}

function shortRef(audit: string): string {
  const [p, anchor] = audit.split('#');
  const base = p!.split('/').pop() ?? p!;
  return anchor ? `${base}#${anchor}` : base;
}

/** Text safe inside a Markdown table cell (src/util/markdown.ts). */
export const md = mdText;
export { prose };

import type { Finding, GuardrailResult, Report } from '../types.js';
import { append } from '../util/array.js';
import { plural } from '../util/text.js';
import { gates } from '../gate.js';
import { baselineSection } from './baseline-section.js';
import { FIX_ROWS, fixHeading, fixList } from './fix-section.js';
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
 * The job summary, what to fix first: the verdict (what failed the gate, the totals second), the
 * findings that fail the gate and those in changed files (file:line), the guardrails with findings,
 * then the rest folded (notices, goals, the baseline, the passing guardrails, the findings per
 * guardrail). Always within `maxBytes` (default: under GitHub's 1 MiB): parts are added in that
 * order while they fit (fewer rows when all do not fit), and what was left out is said at the end.
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
  // 1. The verdict: what failed the gate (totals second), then how the run went.
  add([`## ${verdictLine(report, opts.title)}`, '', `<sub>${subline(report)}</sub>`, '']);
  const skips = notScannedLine(report.workspace);
  if (skips) add([skips, '']);
  if (opts.sarifCut?.length) add([`> [!WARNING]\n> Left out of the SARIF file to stay within GitHub's upload limits: ${opts.sarifCut.join(', ')}. The JSON report has everything.`, '']);

  // 2. What to fix first: the findings that fail the gate, then the others in changed files.
  const fix = fixList(report);
  if (fix.rows.length > 0) {
    const head = [fixHeading(fix, report.failOn), '', '| | Where · guardrail | What |', '|:-:|---|---|'];
    const tail = (left: number): string[] => (left > 0 ? [`| | | … and ${left} more (see the SARIF or JSON report) |`, ''] : ['']);
    const rows: string[] = [];
    let bytes = Buffer.byteLength(head.join('\n')) + 200;
    for (const { f, why } of fix.rows.slice(0, FIX_ROWS)) {
      const row = fixRow(f, why, links);
      if (!fits([row], bytes)) break;
      rows.push(row);
      bytes += Buffer.byteLength(row) + 1;
    }
    if (rows.length > 0) add([...head, ...rows, ...tail(fix.rows.length - rows.length)]);
    if (rows.length < Math.min(fix.rows.length, FIX_ROWS)) cut.push(plural(Math.min(fix.rows.length, FIX_ROWS) - rows.length, 'row', 'rows') + ' of what to fix first');
  }

  // 3. The failing guardrails (those that could not run too).
  const rowsOf = (list: readonly GuardrailResult[], what: string): string[] => {
    const rows = ['| | Guardrail | Severity | Findings | Audit |', '|:-:|---|---|--:|---|'];
    let bytes = Buffer.byteLength(rows.join('\n')) + 200; // and the "… more" row
    let left = 0;
    for (const g of list) {
      const row = guardrailRow(g, links);
      if (left === 0 && fits([row], bytes)) {
        rows.push(row);
        bytes += Buffer.byteLength(row) + 1;
      } else left++;
    }
    if (left) {
      rows.push(`| | … and ${plural(left, `more ${what}`)} (see the JSON report) | | | |`);
      cut.push(plural(left, `${what} row`));
    }
    return [...rows, ''];
  };
  const bad = report.guardrails.filter((g) => g.status === 'fail' || g.status === 'error');
  const good = report.guardrails.filter((g) => g.status === 'pass' || g.status === 'skipped');
  if (bad.length > 0) add([`### ❌ ${plural(bad.length, 'guardrail')} with findings`, '', ...rowsOf(bad, 'guardrail')]);

  // 4. The rest, folded: notices, goals, the baseline, the passing guardrails, each guardrail's findings.
  let notices = 0;
  for (const n of report.notices) {
    const block = [`> [!NOTE]\n> ${mdText(clip(n, CLIP.notice))}`, ''];
    if (fits(block)) add(block);
    else notices++;
  }
  if (notices) cut.push(plural(notices, 'notice'));
  if (report.goals) {
    const goals = goalsSection(report.goals);
    if (fits(goals)) add(goals);
    else cut.push('the goals at risk');
  }
  if (report.baseline) {
    const c = report.baseline.counts;
    const base = [
      `<details><summary>🗂️ <b>Since the baseline</b> — ${c.new} new, ${c.regressed} regressed, ${c.recurring} recurring, ${c.fixed} fixed</summary>`,
      '',
      ...baselineSection(report.baseline, report.findings, { row: (f) => findingRow(f, links) }),
      '</details>',
      '',
    ];
    if (fits(base)) add(base);
    else cut.push('the baseline section');
  }
  if (good.length > 0) {
    const skipped = good.filter((g) => g.status === 'skipped').length;
    const title = [plural(good.length - skipped, 'guardrail') + ' passed', skipped ? `${skipped} skipped` : ''].filter(Boolean).join(', ');
    add([`<details><summary>✅ ${title}</summary>`, '', ...rowsOf(good, 'passing guardrail'), '</details>', '']);
  }

  const byRule = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const owner = f.guardrail ?? f.ruleId;
    const list = byRule.get(owner);
    if (list) list.push(f);
    else byRule.set(owner, [f]);
  }
  let omitted = 0;
  let shortened = 0;
  for (const g of report.guardrails) {
    const list = byRule.get(g.id) ?? [];
    if (list.length === 0 && !g.output && g.status !== 'error') continue;
    const tries = ROWS.map((n) => detailSection(g, list, n, links));
    const i = tries.findIndex((t) => fits(t));
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

function detailSection(g: GuardrailResult, list: readonly Finding[], rows: number, links: LinkContext): string[] {
  const section: string[] = [];
  section.push('<details>');
  section.push(
    `<summary>${ICON[g.status]} <b>${htmlText(clip(g.title, CLIP.title))}</b> <code>${htmlText(g.id)}</code> — ${g.status === 'error' ? 'could not run' : plural(list.length, 'finding')}</summary>`,
    '',
  );
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

/**
 * The headline counts what the gate counts: `failed — 1 new error in `a`, `b` (fail-on: new) · 3
 * errors, 5 warnings in all`. The totals come second, only when they differ.
 */
export function verdictLine(report: Report, title = 'Living Architecture'): string {
  const total = levels(report.findings);
  const gating = report.findings.filter((f) => gates(f, report.failOn));
  const counted = levels(gating, report.failOn === 'new' ? 'new ' : '');
  const all = gating.length === report.findings.length ? '' : ` · ${total || 'no findings'} in all`;
  if (report.result === 'pass') {
    if (report.findings.length === 0) return `✅ ${title}: passed — no findings`;
    return `✅ ${title}: passed — nothing fails the gate (fail-on: ${report.failOn}) · ${total} in all`;
  }
  const ids = [...new Set(gating.map((f) => f.guardrail ?? f.ruleId))];
  const errored = report.guardrails.filter((g) => g.status === 'error').map((g) => g.id);
  const where = (list: readonly string[]): string => (list.length <= 3 ? list.map((id) => codeSpan(id, { cell: false })).join(', ') : plural(list.length, 'guardrail'));
  const parts = [counted && `${counted} in ${where(ids)}`, errored.length ? `${where(errored)} could not run` : ''].filter(Boolean);
  return `❌ ${title}: failed — ${parts.join('; ')} (fail-on: ${report.failOn})${all}`;
}

/** `1 error, 3 warnings` ('' for none); `prefix` qualifies each word (`new `). */
function levels(list: readonly Finding[], prefix = ''): string {
  const n = { error: 0, warning: 0, note: 0 };
  for (const f of list) n[f.level]++;
  return (['error', 'warning', 'note'] as const)
    .filter((l) => n[l])
    .map((l) => plural(n[l], `${prefix}${l}`))
    .join(', ');
}

function subline(report: Report): string {
  const ran = report.guardrails.filter((g) => g.status !== 'skipped').length;
  const cfg = report.config.defaults ? 'built-in default guardrails' : codeSpan(report.config.file ?? '', { cell: false });
  return [`${plural(ran, 'guardrail')} on ${plural(report.workspace.files, 'file')}`, `${(report.durationMs / 1000).toFixed(1)} s`, cfg, `${report.tool.name} ${report.tool.version}`]
    .filter(Boolean)
    .join(' · ');
}

function guardrailRow(g: GuardrailResult, links: LinkContext): string {
  // A repo path links to its file; a URL elsewhere is shown, not linked (a hostile pull request chooses it).
  const audit = !g.audit ? '' : isUrl(g.audit) ? codeSpan(clip(g.audit, CLIP.title)) : mdLink(clip(shortRef(g.audit), CLIP.title), auditUrl(links, g.audit));
  const findings = g.status === 'skipped' ? `skipped: ${mdText(clip(g.detail ?? '', CLIP.title))}` : g.status === 'error' ? 'error' : String(g.findings);
  return `| ${ICON[g.status]} | **${prose(clip(g.title, CLIP.title))}**<br>${codeSpan(g.id)} · ${mdText(g.check)} | ${LEVEL_ICON[g.severity]}&nbsp;${g.severity} | ${findings} | ${audit} |`;
}

/** A row of what to fix first: the finding, its guardrail, and why it is listed. */
function fixRow(f: Finding, why: 'gate' | 'changed', links: LinkContext): string {
  const loc = mdLink(`${f.file}:${f.line}`, blobUrl(links, f.file, f.line));
  const tag = f.baselineState === 'new' ? '🆕 ' : f.baselineState === 'regressed' ? '↩️ ' : '';
  const note = why === 'changed' ? '<br><sub>in a changed file; does not fail the gate</sub>' : '';
  return `| ${LEVEL_ICON[f.level]} | ${tag}${loc}<br><sub>${codeSpan(f.guardrail ?? f.ruleId)}</sub> | ${prose(clip(f.message, CLIP.message))}${note} |`;
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

import type { Finding, Report } from '../types.js';
import { plural } from '../util/text.js';
import { baselineLine } from './baseline-section.js';
import { notScannedCounts } from './not-scanned.js';

interface Paint {
  red: (s: string) => string;
  yellow: (s: string) => string;
  blue: (s: string) => string;
  green: (s: string) => string;
  dim: (s: string) => string;
  bold: (s: string) => string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const COLOR: Paint = { red: wrap(31, 39), yellow: wrap(33, 39), blue: wrap(34, 39), green: wrap(32, 39), dim: wrap(2, 22), bold: wrap(1, 22) };
const PLAIN: Paint = { red: (s) => s, yellow: (s) => s, blue: (s) => s, green: (s) => s, dim: (s) => s, bold: (s) => s };

/** The terminal report: per guardrail a status line and its findings as file:line (clickable in most terminals). */
export function toText(report: Report, opts: { color: boolean; maxPerGuardrail?: number }): string {
  const c = opts.color ? COLOR : PLAIN;
  const max = opts.maxPerGuardrail ?? 50;
  const lines: string[] = [];
  const cfg = report.config.defaults ? 'built-in defaults' : report.config.file;
  lines.push(c.dim(`${report.tool.name} ${report.tool.version} · ${plural(report.guardrails.length, 'guardrail')} on ${plural(report.workspace.files, 'file')} · ${cfg}`));
  for (const n of report.notices) lines.push(c.yellow(`notice: ${n}`));
  const skips = notScannedCounts(report.workspace);
  if (skips) lines.push(c.dim(skips));
  lines.push('');
  const owner = (f: Finding): string => f.guardrail ?? f.ruleId;
  for (const g of report.guardrails) {
    const list = report.findings.filter((f) => owner(f) === g.id);
    // The worst level among its findings (a map check's findings may be warnings under an 'error' row).
    const level = list.length ? (['error', 'warning', 'note'] as const).find((l) => list.some((f) => f.level === l))! : g.severity;
    const mark =
      g.status === 'pass' ? c.green('✔') : g.status === 'skipped' ? c.dim('-') : g.status === 'error' ? c.red('!') : level === 'error' ? c.red('✖') : level === 'warning' ? c.yellow('▲') : c.blue('●');
    const what =
      g.status === 'pass' ? c.dim('pass') : g.status === 'skipped' ? c.dim(`skipped: ${g.detail ?? ''}`) : g.status === 'error' ? c.red(g.detail ?? 'error') : plural(list.length, 'finding');
    lines.push(`${mark} ${c.bold(g.id)} ${c.dim(`(${level})`)} ${what}`);
    for (const f of list.slice(0, max)) {
      const lvl = f.level === 'error' ? c.red(f.level) : f.level === 'warning' ? c.yellow(f.level) : c.blue(f.level);
      const fresh = report.baseline && (f.baselineState === 'new' || f.baselineState === 'regressed') ? `${c.bold(f.baselineState)}  ` : '';
      lines.push(`    ${f.file}:${f.line}${f.column ? `:${f.column}` : ''}  ${lvl}  ${fresh}${f.message}`);
    }
    if (list.length > max) lines.push(c.dim(`    … ${list.length - max} more (use --json or --sarif for all)`));
  }
  lines.push('');
  if (report.baseline) lines.push(c.dim(baselineLine(report.baseline)));
  const { error, warning, note } = report.counts;
  const counts = `${plural(error, 'error')}, ${plural(warning, 'warning')}, ${plural(note, 'note')}`;
  const secs = `${(report.durationMs / 1000).toFixed(1)}s`;
  lines.push(
    report.result === 'pass'
      ? `${c.green(c.bold('PASS'))} ${counts} ${c.dim(`(fail-on: ${report.failOn}, ${secs})`)}`
      : `${c.red(c.bold('FAIL'))} ${counts} ${c.dim(`(fail-on: ${report.failOn}, ${secs})`)}`,
  );
  return `${lines.join('\n')}\n`;
}
